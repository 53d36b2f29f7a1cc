"""sos-journal serve (bench/run dashboard): the dashboard's update latency from a journaled line
to the page, and the journal's write rate with the dashboard and `status` reading beside it.

Latency: ALERT lines written one at a time (250 ms apart) into a recording sos-journal, each timed
from its write to (1) a reader of the journal seeing its row (SQLite polled every 2 ms: the
journal's own commit delay, the baseline), (2) a client of the event stream that fetches
/api/alerts on each change event (what the page does) seeing it, and (3) the page in headless
Chromium showing it in its alerts table (a MutationObserver in the page; Debian's chromium and
python3-aiohttp, skipped when missing). p50 and p99 in milliseconds.

Write rate: a synthetic stream journaled as fast as sos-journal takes it, alone, then with the
dashboard serving it to a client that reads the views as the page does (seven on each change
event, the candles at most every 2 s) and `sos-journal status` called in a loop beside it: lines per second, the best of three rounds
taken in turn."""
import http.client
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time

# What the page reads on each change; the candles at most every 2 s (web/dashboard/app.js).
PAGE_VIEWS = ["/api/status?signals=0", "/api/pipeline", "/api/regimes", "/api/positions", "/api/pnl", "/api/signals",
              "/api/alerts"]
HEAVY_VIEWS, HEAVY_EVERY_S = ["/api/candles"], 2.0


def _port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def _serve(bin_dir, db, port, tmp):
    env = dict(os.environ, SOS_DASHBOARD_TOKEN="bench-token", XDG_RUNTIME_DIR=tmp)
    p = subprocess.Popen([os.path.join(bin_dir, "sos-journal"), "serve", "--db", db, "--listen",
                          "127.0.0.1:%d" % port, "--session", "always"], env=env, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p
        except OSError:
            time.sleep(0.05)
    p.kill()
    raise SystemExit("dashboard bench: sos-journal serve did not start")


def _get(conn, path):
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    r = conn.getresponse()
    return r.read()


class _EventClient(threading.Thread):
    """Follows /api/events; on each change reads `views` (the last one /api/alerts when
    `seen` is to be filled: the first time each alert code is read, and when)."""

    def __init__(self, port, views, seen=None, heavy=()):
        super().__init__(daemon=True)
        self.port, self.views, self.seen, self.heavy = port, views, seen, list(heavy)
        self.stop = False
        self.reads = 0
        self.heavy_at = 0.0

    def run(self):
        try:
            self._follow()
        except (OSError, http.client.HTTPException, ValueError):
            pass  # the server stopped under it: the end of the measurement

    def _follow(self):
        stream = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        stream.request("GET", "/api/events", headers={"Host": "127.0.0.1"})
        r = stream.getresponse()
        api = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stop:
            line = r.fp.readline()
            if not line:
                return
            if not line.startswith(b"event: change"):
                continue
            views = list(self.views)
            if self.heavy and time.monotonic() - self.heavy_at >= HEAVY_EVERY_S:
                views += self.heavy
                self.heavy_at = time.monotonic()
            for v in views:
                body = _get(api, v)
                self.reads += 1
                if self.seen is not None and v.startswith("/api/alerts"):
                    now = time.time()
                    # Before the journal has its run the view answers 503 {"error": ...}.
                    for a in json.loads(body).get("alerts", []):
                        self.seen.setdefault(a["code"], now)


def _db_reader(db, seen, stop):
    while not stop.is_set():
        try:
            q = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
            break
        except sqlite3.Error:
            time.sleep(0.01)
    while not stop.is_set():
        try:
            for (code,) in q.execute("SELECT code FROM alerts ORDER BY id DESC LIMIT 5"):
                seen.setdefault(code, time.time())
        except sqlite3.Error:
            pass
        time.sleep(0.002)


PAGE_PROBE = r'''
import asyncio, json, os, sys
sys.path.insert(0, sys.argv[1])
from dashboard_cdp import Browser
async def main(url, done):
    b = Browser()
    await b.start()
    await b.navigate(url)
    await b.wait_for("window.sosDashboard !== undefined")
    await b.eval("""window.benchSeen = {}; new MutationObserver(() => {
      for (const tr of document.querySelectorAll('#alerts tbody tr')) {
        const code = tr.children[2].textContent;
        if (!(code in window.benchSeen)) window.benchSeen[code] = Date.now();
      }}).observe(document.querySelector('#alerts tbody'), {childList: true, subtree: true}); 1""")
    print("ready", flush=True)
    while not os.path.exists(done):
        await asyncio.sleep(0.1)
    print(json.dumps(await b.eval("window.benchSeen")), flush=True)
    await b.close()
asyncio.run(main(sys.argv[2], sys.argv[3]))
'''


def _page_probe(root, port, tmp):
    py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")
    if not shutil.which("chromium") or subprocess.run([py, "-c", "import aiohttp"], capture_output=True).returncode:
        return None, None
    script = os.path.join(tmp, "probe.py")
    with open(script, "w") as f:
        f.write(PAGE_PROBE)
    done = os.path.join(tmp, "probe.done")
    p = subprocess.Popen([py, script, os.path.join(root, "tests", "e2e"), "http://127.0.0.1:%d/" % port, done],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if p.stdout.readline().strip() != "ready":
        p.kill()
        return None, None
    return p, done


def _percentiles(lat):
    lat = sorted(lat)
    return ["%.0f" % statistics.median(lat), "%.0f" % lat[min(len(lat) - 1, int(len(lat) * 0.99))], "%.0f" % lat[-1]]


def latency(bin_dir, root, quick, table):
    tmp = tempfile.mkdtemp(prefix="sos-dash-bench-")
    db = os.path.join(tmp, "live.db")
    port = _port()
    n = 20 if quick else 80
    writes, db_seen, sse_seen = {}, {}, {}
    journal = subprocess.Popen([os.path.join(bin_dir, "sos-journal"), "--db", db, "--run", "bench", "--out", "/dev/null"],
                               stdin=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    journal.stdin.write(b'{"type":"ALERT","timestamp":1,"level":"info","code":"START","message":"m","tool":"bench"}\n')
    server = _serve(bin_dir, db, port, tmp)
    stop = threading.Event()
    reader = threading.Thread(target=_db_reader, args=(db, db_seen, stop), daemon=True)
    reader.start()
    client = _EventClient(port, ["/api/alerts?limit=5"], sse_seen)
    client.start()
    probe, done = _page_probe(root, port, tmp)
    try:
        time.sleep(1.0)
        for i in range(n):
            code = "BENCH_%d" % i
            line = ('{"type":"ALERT","timestamp":%d,"level":"warn","code":"%s","message":"m","tool":"bench"}\n'
                    % (int(time.time()), code)).encode()
            writes[code] = time.time()
            journal.stdin.write(line)
            time.sleep(0.25)
        time.sleep(1.0)
        page_seen = {}
        if probe is not None:
            open(done, "w").close()
            out = probe.stdout.readline()
            page_seen = {k: v / 1000 for k, v in json.loads(out or "{}").items()}
            probe.wait(30)
    finally:
        stop.set()
        client.stop = True
        journal.stdin.close()
        journal.wait(30)
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    rows = []
    for label, seen in (("a reader of the journal sees the row (baseline: the journal's commit)", db_seen),
                        ("the event stream's client has read it (change event, then GET /api/alerts)", sse_seen),
                        ("the page in headless Chromium shows it", page_seen)):
        lat = [(seen[c] - t) * 1000 for c, t in writes.items() if c in seen]
        if not lat:
            rows.append([label, "-", "-", "-", "not measured" if seen is page_seen else "0/%d" % n])
            continue
        rows.append([label] + _percentiles(lat) + ["%d/%d" % (len(lat), n)])
    table("Dashboard update latency: an ALERT written to sos-journal until ... (ms; %d lines 250 ms apart; "
          "serve --poll 0.1)" % n, ["until", "p50", "p99", "max", "seen"], rows)


def _journal_rate(bin_dir, stream, lines, db, beside):
    """Lines per second journaled from `stream`, with `beside(db)` started (and stopped) around it."""
    if os.path.exists(db):
        os.remove(db)
    stop = beside(db) if beside else None
    try:
        t0 = time.perf_counter()
        with open(stream, "rb") as fin:
            subprocess.run([os.path.join(bin_dir, "sos-journal"), "--db", db, "--run", "bench", "--out", "/dev/null"],
                           stdin=fin, stderr=subprocess.DEVNULL, check=True)
        return lines / (time.perf_counter() - t0)
    finally:
        if stop:
            stop()
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(db + ext):
                os.remove(db + ext)


def write_rate(bin_dir, quick, table):
    tmp = tempfile.mkdtemp(prefix="sos-dash-bench-")
    stream = os.path.join(tmp, "synth.ndjson")
    with open(stream, "wb") as out:
        subprocess.run([os.path.join(bin_dir, "sos-feed"), "synth", "--seed", "9", "--days", "4" if quick else "12",
                        "--constituents", "50", "--chain-every", "5"], stdout=out, check=True)
    with open(stream, "rb") as f:
        lines = sum(1 for _ in f)

    def dashboard_and_status(db):
        port = _port()
        server = _serve(bin_dir, db, port, tmp)
        client = _EventClient(port, PAGE_VIEWS, heavy=HEAVY_VIEWS)
        client.start()
        halt = threading.Event()
        calls = [0]

        def status_loop():
            while not halt.is_set():
                subprocess.run([os.path.join(bin_dir, "sos-journal"), "status", "--db", db, "--session", "always"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                calls[0] += 1
                time.sleep(0.1)

        t = threading.Thread(target=status_loop, daemon=True)
        t.start()

        def stop():
            halt.set()
            client.stop = True
            t.join(30)
            server.terminate()
            server.wait(10)
            readers.append((client.reads, calls[0]))
        return stop

    readers = []
    runs = {"alone": [], "beside": []}
    db = os.path.join(tmp, "rate.db")
    try:
        for _ in range(3):
            runs["alone"].append(_journal_rate(bin_dir, stream, lines, db, None))
            runs["beside"].append(_journal_rate(bin_dir, stream, lines, db, dashboard_and_status))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    alone, beside = max(runs["alone"]), max(runs["beside"])
    reads = max(r[0] for r in readers)
    calls = max(r[1] for r in readers)
    table("Journal write rate, a synthetic stream of %d lines (best of 3 rounds in turn)" % lines,
          ["sos-journal --db", "k lines/s", "vs alone"],
          [["alone", "%.0f" % (alone / 1e3), "1.00x"],
           ["with serve (a client reading the views as the page does: up to %d reads) and status in a loop "
            "(up to %d calls)" % (reads, calls), "%.0f" % (beside / 1e3), "%.2fx" % (beside / alone)]])


def dashboard_bench(bin_dir, root, quick, table):
    latency(bin_dir, root, quick, table)
    write_rate(bin_dir, quick, table)
