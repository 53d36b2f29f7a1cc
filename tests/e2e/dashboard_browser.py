"""The dashboard in a real browser. A test pipeline (candles and signals through sos-regime, sos-risk
and sos-exec on paper, an alert, every tool beating HEALTH) writes a journal while sos-journal serve
serves it and headless Chromium shows the page. The page follows the journal as it is written (it
draws several changes), and once the pipeline has ended shows what sqlite3 finds in the same journal:
the day's P&L, the orders and their states, the signals, the alert, the regime, each tool of the
pipeline, the candles with their entries. While the pipeline runs, Pause and Resume clicked on the
page reach its sos-risk (serve --control-socket auto, sos-risk --control auto) and the journal holds
their CONTROL rows with who asked. A control action from the page without the token is refused
(401); the ticket naming a broker other than the pipeline's is refused (422), unsent. The
browse mode shows the run's trades. Screenshots of both modes are written to the path given (and
its -browse twin) and printed. Bounded: 120 s at most; 127.0.0.1 only.

usage: dashboard_browser.py SCREENSHOT.png [--live-times]
--live-times: the stream's candles are of the hour before now rather than a fixed morning (for the
README's picture; the test proper runs without it)."""
import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dashboard_cdp import Browser  # noqa: E402

BIN = os.environ["SOS_BIN"]
START = str(int(time.time()) // 60 * 60 - 62 * 60) if "--live-times" in sys.argv else ""
TOKEN = "dummy-browser-token-0815"
STREAM = r'''
import json, math, sys, time
# Tuesday 2024-01-09 09:30 IST: in a session whenever the test runs (or the hour before now, for a
# picture whose ages read as a live session's)
t0 = int(sys.argv[1]) if len(sys.argv) > 1 else 1704772800
def out(d):
    sys.stdout.write(json.dumps(d, separators=(",", ":")) + "\n")
    sys.stdout.flush()
def signal(ts, symbol, side, entry, sl, tp):
    out({"type": "SIGNAL", "timestamp": ts + 60, "symbol": symbol, "id": "b:%s:1m:%d" % (symbol, ts),
         "pattern_id": "orb" if symbol == "RELIANCE" else "vwap", "kind": "pattern", "side": side, "tf": "1m",
         "candle_ts": ts, "entry": entry, "sl": sl, "tp": tp, "risk": abs(entry - sl), "tp_mult": 1,
         "quantity_mod": 1, "regime": "SIDEWAYS", "vars": {}})
out({"type": "REGIME", "timestamp": t0, "symbol": "RELIANCE", "regime": "SIDEWAYS", "score": 0.5, "flags": [],
     "changed": True, "inputs": {}})
out({"type": "REGIME", "timestamp": t0, "symbol": "SBIN", "regime": "BEARISH", "score": -2, "flags": ["HALF_SIZE"],
     "changed": True, "inputs": {}})
for i in range(60):
    ts = t0 + 60 * i
    # RELIANCE climbs in waves; SBIN rises for a while, then falls through its stop.
    r = 2500 + 1.2 * i + 4 * math.sin(i / 3)
    up = math.cos(i / 3) > -0.3  # falling bars where the wave turns down
    o, c = (r, r + 1.5) if up else (r + 1.5, r - 0.5)
    out({"type": "CANDLE", "timestamp": ts, "symbol": "RELIANCE", "tf": "1m", "o": round(o, 1),
         "h": round(max(o, c) + 1.7, 1), "l": round(min(o, c) - 2.1, 1), "c": round(c, 1), "v": 1000 + 10 * i,
         "src": "sim"})
    s = 600 + (i if i < 25 else 50 - i) * 0.4
    out({"type": "CANDLE", "timestamp": ts, "symbol": "SBIN", "tf": "1m", "o": round(s, 2), "h": round(s + 0.9, 2),
         "l": round(s - 0.7, 2), "c": round(s + (0.3 if i < 25 else -0.4), 2), "v": 5000, "src": "sim"})
    if i == 3:
        signal(ts, "RELIANCE", "BUY", round(r + 3.3, 1), round(r - 9, 1), round(r + 12, 1))
    if i == 20:
        signal(ts, "SBIN", "BUY", round(s + 1, 2), round(s - 1.5, 2), round(s + 6, 2))
    if i in (8, 30):
        signal(ts, "RELIANCE", "SELL", round(r - 3, 1), round(r + 4, 1), round(r - 10, 1))
    if i == 25:
        out({"type": "ALERT", "timestamp": ts + 60, "level": "warn", "code": "FEED_STALE",
             "message": "no tick from sim for 61 s", "tool": "sos-feed"})
    if i == 40:
        out({"type": "ALERT", "timestamp": ts + 60, "level": "crit", "code": "BROWSER_ALERT",
             "message": "shown in the page", "tool": "e2e"})
    time.sleep(0.12)
'''

failures = []
passes = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    (passes if ok else failures).append(what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_http(url, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def journal_facts(db):
    q = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    one = lambda sql: q.execute(sql).fetchone()[0]  # noqa: E731
    facts = {
        "orders": one("SELECT count(*) FROM orders WHERE hist = 0"),
        "controls": [list(r) for r in q.execute("SELECT command, asked_by FROM controls ORDER BY id")],
        "order_states": [r[0] for r in q.execute(
            "SELECT coalesce((SELECT status FROM order_updates u WHERE u.order_id = o.order_id ORDER BY id DESC "
            "LIMIT 1), 'SENT') FROM orders o WHERE hist = 0 ORDER BY id DESC")],
        "signals": one("SELECT count(*) FROM signals WHERE hist = 0"),
        "alerts": [r[0] for r in q.execute("SELECT code FROM alerts ORDER BY id DESC")],
        "tools": sorted(r[0] for r in q.execute("SELECT DISTINCT tool FROM health")),
        "entries": one("SELECT count(*) FROM fills f WHERE hist = 0 AND symbol = 'RELIANCE' AND side = "
                       "(SELECT side FROM fills g WHERE g.order_id = f.order_id ORDER BY id LIMIT 1)"),
        "trades": one("SELECT count(*) FROM trades"),
        # The day's P&L as status sums it: each symbol's last POSITION's realised plus marked.
        "day_paise": one("SELECT coalesce(sum(coalesce(realized_pnl_paise, 0) + coalesce(unrealized_pnl_paise, 0)), "
                         "0) FROM positions WHERE id IN (SELECT max(id) FROM positions WHERE hist = 0 GROUP BY symbol)"),
    }
    q.close()
    return facts


SHOWN = r'''(() => {
  const rows = (id) => [...document.querySelectorAll('#' + id + ' tbody tr')].map((tr) =>
    [...tr.children].map((td) => td.textContent));
  return {
    day_paise: Number(document.getElementById('day-total').dataset.paise),
    day_text: document.getElementById('day-total').textContent,
    orders: rows('orders'),
    signals: rows('signals'),
    alerts: rows('alerts'),
    regimes: rows('regimes'),
    tools: [...document.querySelectorAll('#pipeline [data-tool]')].map((e) => e.dataset.tool).sort(),
    verdict: document.getElementById('verdict').textContent,
    canvases: document.querySelectorAll('#candle-chart canvas').length,
    series: document.getElementById('series').value,
    change: window.sosDashboard.change,
    error: window.sosDashboard.lastError,
  };
})()'''


async def browse(b, facts, shot):
    await b.eval("document.getElementById('mode-browse').click()")
    trades = await b.wait_for("document.querySelectorAll('#trades tbody tr').length === %d && "
                              "document.querySelectorAll('#equity-chart canvas').length > 0 && "
                              "document.querySelectorAll('#browse-candle-chart canvas').length > 0" % facts["trades"])
    check(trades, "browse mode: the %d trades of the run, the equity chart and the trades on the candles"
          % facts["trades"])
    await asyncio.sleep(0.5)
    await b.screenshot(shot)
    print("screenshot (browse): " + shot, flush=True)


TICKET = r'''(() => {
  const f = document.getElementById('ticket');
  f.symbol.value = 'RELIANCE'; f.side.value = 'SELL'; f.qty.value = '10';
  f.stop.value = '2590.5'; f.target.value = '2550';
  f.feed_broker.value = 'zerodha'; f.exec_broker.value = 'dhan';
  document.getElementById('ticket-result').textContent = '';
  f.requestSubmit();
  return [...f.feed_broker.options].map((o) => o.value).join(',');
})()'''


async def ticket(b):
    """The order ticket offers the brokers file's entries, and its order needs the token."""
    offered = await b.eval(TICKET)
    check(sorted(offered.split(",")) == ["dhan", "zerodha"], "the ticket offers the brokers file's entries: %s"
          % offered)
    r = await b.wait_for("document.getElementById('ticket-result').textContent")
    check(r is not None and r.startswith("order: 401"), "the ticket without the token: %s" % r)
    await b.eval("document.getElementById('token').value = '%s'; "
                 "document.getElementById('token').dispatchEvent(new Event('change'))" % TOKEN)
    await b.eval(TICKET)
    r = await b.wait_for("document.getElementById('ticket-result').textContent")
    check(r is not None and r.startswith("order: 422") and "execution broker is zerodha" in r,
          "the ticket for another broker than the pipeline's is refused, unsent: %s" % r)


async def controls(b):
    await b.eval("document.getElementById('token').value = ''; "
                 "document.getElementById('token').dispatchEvent(new Event('change')); "
                 "document.getElementById('control-result').textContent = ''")
    await b.eval("document.getElementById('pause').click()")
    refused = await b.wait_for("document.getElementById('control-result').textContent")
    check(refused is not None and refused.startswith("pause: 401"), "Pause without the token: %s" % refused)
    status = await b.eval("fetch('/api/order', {method: 'POST', body: '{}'}).then((r) => r.status)")
    check(status == 401, "an order from the page without the token: %s" % status)
    await b.eval("document.getElementById('token').value = '%s'; "
                 "document.getElementById('token').dispatchEvent(new Event('change')); "
                 "document.getElementById('control-result').textContent = ''" % TOKEN)
    await b.eval("document.getElementById('resume').click()")
    sent = await b.wait_for("document.getElementById('control-result').textContent")
    check(sent is not None and sent.startswith("resume: 503") and "no running sos-risk" in sent,
          "Resume with the pipeline gone: %s" % sent)


async def click_control(b, name):
    """Clicks a control button with the token and returns what the page says of it."""
    await b.eval("document.getElementById('token').value = '%s'; "
                 "document.getElementById('token').dispatchEvent(new Event('change')); "
                 "document.getElementById('control-result').textContent = ''; "
                 "document.getElementById('%s').click()" % (TOKEN, name))
    return await b.wait_for("document.getElementById('control-result').textContent")


async def main(shot):
    tmp = tempfile.mkdtemp(prefix="sos-browser-")
    db = os.path.join(tmp, "live.db")
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    env = dict(os.environ, SOS_DASHBOARD_TOKEN=TOKEN, XDG_RUNTIME_DIR=tmp, PATH=BIN + ":" + os.environ["PATH"])
    brokers = os.path.join(tmp, "brokers.json")
    with open(brokers, "w") as f:
        json.dump({"brokers": {
            "zerodha": {"rest": "http://127.0.0.1:9", "ws": "ws://127.0.0.1:9", "api_key_env": "SOS_KEY_Z"},
            "dhan": {"rest": "http://127.0.0.1:9", "ws": "ws://127.0.0.1:9", "api_key_env": "SOS_KEY_D"}}}, f)
    server = subprocess.Popen(["sos-journal", "serve", "--db", db, "--listen", "127.0.0.1:%d" % port,
                               "--session", "always", "--brokers", brokers,
                               "--control-socket", "auto", "--pipeline-broker", "zerodha"], env=env, stderr=open(os.path.join(tmp, "serve.err"), "w"))
    b = Browser()
    pipeline = None
    try:
        check(wait_http(url + "/"), "the page is served")
        await b.start()
        await b.navigate(url + "/")
        check(await b.wait_for("window.sosDashboard !== undefined && document.readyState === 'complete'"),
              "the page loads")
        with open(os.path.join(tmp, "stream.py"), "w") as f:
            f.write(STREAM)
        pipeline = subprocess.Popen(
            "python3 stream.py %s | sos-regime --health-every 1 | sos-risk --health-every 1 --control auto"
            " | sos-exec --health-every 1 | sos-journal --db live.db --run live --health-every 1 --out /dev/null" % START,
            shell=True, cwd=tmp, env=env, stderr=open(os.path.join(tmp, "pipeline.err"), "w"))
        changes = set()
        deadline = time.time() + 60
        acted = []
        while pipeline.poll() is None and time.time() < deadline:
            changes.add(await b.eval("window.sosDashboard.change"))
            # Once the page shows the first order (so the chart's entry is not the pause's to refuse).
            if not acted and await b.eval("document.querySelectorAll('#orders tbody tr').length") >= 1:
                acted = [await click_control(b, "pause"), await click_control(b, "resume")]
                await b.eval("document.getElementById('token').value = ''; "
                             "document.getElementById('token').dispatchEvent(new Event('change'))")
            await asyncio.sleep(0.25)
        check(len(acted) == 2 and acted[0].startswith("pause: 200") and acted[1].startswith("resume: 200"),
              "Pause and Resume from the page reach the running sos-risk: %s" % acted)
        check(pipeline.wait(30) == 0, "the pipeline ran to its end")
        check(len(changes - {-1, None}) >= 3, "the page drew %d changes while the journal was written"
              % len(changes - {-1, None}))
        facts = journal_facts(db)
        me = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        check(facts["controls"] == [["pause", me], ["resume", me]],
              "the journal's CONTROL rows, with who asked: %s" % facts["controls"])
        # The page's last drawing after the end: the one after the last change (the candles at most
        # 2 s after the one before).
        await asyncio.sleep(2.5)
        await b.wait_for("window.sosDashboard.renderedAt > Date.now() - 900", 10)
        shown = await b.eval(SHOWN)
        check(shown["error"] == "", "the last refresh read every view (%s)" % (shown["error"] or "no error"))
        check(shown["day_paise"] == facts["day_paise"],
              "day's P&L %s (%d paise), journal %d" % (shown["day_text"], shown["day_paise"], facts["day_paise"]))
        check(len(shown["orders"]) == facts["orders"] and facts["orders"] > 0,
              "orders: %d shown, %d in the journal" % (len(shown["orders"]), facts["orders"]))
        check([r[5] for r in shown["orders"]] == facts["order_states"],
              "order states %s" % [r[5] for r in shown["orders"]])
        check(len(shown["signals"]) == min(facts["signals"], 20), "signals: %d shown" % len(shown["signals"]))
        check([r[2] for r in shown["alerts"]] == facts["alerts"], "alerts %s" % [r[2] for r in shown["alerts"]])
        check([r[:2] for r in shown["regimes"]] == [["RELIANCE", "SIDEWAYS"], ["SBIN", "BEARISH"]],
              "regimes %s" % shown["regimes"])
        check(shown["tools"] == facts["tools"], "pipeline tools %s" % shown["tools"])
        check(shown["canvases"] > 0 and shown["series"] == "RELIANCE|1m", "the candle chart of RELIANCE 1m is drawn")
        markers = await b.eval("fetch('/api/candles').then((r) => r.json()).then((v) => v.markers.filter("
                               "(m) => m.kind === 'entry').length)")
        check(markers == facts["entries"] and markers > 0, "entries on the chart: %s, fills %d" % (markers, facts["entries"]))
        await b.screenshot(shot)
        print("screenshot: " + shot, flush=True)
        await ticket(b)
        await controls(b)
        await browse(b, facts, shot.replace(".png", "-browse.png"))
        log = open(os.path.join(tmp, "serve.err")).read()
        check(TOKEN not in log, "the token never reached the server's log")
    finally:
        await b.close()
        for p in (pipeline, server):
            if p is not None and p.poll() is None:
                p.terminate()
                p.wait(10)
        subprocess.run(["rm", "-rf", tmp])
    print("browser: %d passed, %d failed" % (len(passes), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(asyncio.wait_for(main(sys.argv[1]), 150)))
