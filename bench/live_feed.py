#!/usr/bin/python3
"""sos-feed live's figures against the project's OpenAlgo simulator, each beside its baseline
measured in the same run (bench/run live runs this; by hand: bench/live_feed.py BIN [--quick]):

  - latency: from the simulator sending the tick that closes a bar (its frame's `timestamp`,
    the simulator's wall clock in milliseconds) to sos-feed's CANDLE line for that bar read
    from its standard output, p50 and p99, beside the same frames' time from the simulator to
    a plain WebSocket client of its own (aiohttp, the simulator's own library) in the same run;
  - stall and failover: two simulators of one market, the primary's feed stalled (socket open,
    no data) or dropped again and again; the time from the fault to FEED_STALE and to
    FEED_FAILOVER, beside --stall-after (the threshold it waits by design), and every candle
    written checked against the simulator's bars: lost, doubled, different.

Standard library and aiohttp (Debian's python3-aiohttp, as the simulator), loopback only."""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "openalgo-sim"))

import aiohttp  # noqa: E402

from openalgo_sim.harness import SimProcess  # noqa: E402

KEY = "openalgo-sim-key"
SYMBOLS = "NSE_INDEX:NIFTY,NSE:SBIN"


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=10))


class Feed:
    """sos-feed live as a child, each line of its output stamped with the wall time it was read."""

    def __init__(self, bin_dir, brokers, feed, extra):
        env = dict(os.environ, SOS_BENCH_KEY=KEY)
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir, "sos-feed"), "live", "--brokers", brokers, "--feed", feed,
             "--symbols", SYMBOLS, "--session", "always", "--seed", "3"] + extra,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.lines = []  # (wall time read, event)
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.proc.stdout:
            now = time.time()
            with self.cond:
                self.lines.append((now, json.loads(raw)))
                self.cond.notify_all()

    def wait_for(self, pred, since, timeout):
        """The first line after index `since` for which pred(event) holds: (index, time, event)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(since, len(self.lines)):
                    if pred(self.lines[i][1]):
                        return i, self.lines[i][0], self.lines[i][1]
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)
        self.reader.join(10)


def brokers_file(tmp, sims):
    path = os.path.join(tmp, "brokers.json")
    with open(path, "w") as f:
        json.dump({"brokers": {name: {"rest": s.rest, "ws": s.ws, "api_key_env": "SOS_BENCH_KEY"}
                               for name, s in sims.items()}}, f)
    return path


async def tap(ws_url, seconds, frames):
    """A plain client of the simulator: every market_data frame with the time it arrived."""
    async with aiohttp.ClientSession() as s:
        async with s.ws_connect(ws_url) as ws:
            await ws.send_json({"action": "authenticate", "api_key": KEY})
            symbols = [{"symbol": x.split(":")[1], "exchange": x.split(":")[0]} for x in SYMBOLS.split(",")]
            await ws.send_json({"action": "subscribe", "symbols": symbols, "mode": 2})
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                try:
                    msg = await asyncio.wait_for(ws.receive(), max(0.01, end - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                now = time.time()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                m = json.loads(msg.data)
                if m.get("type") == "market_data" and "ltt" in m["data"]:
                    frames.append((now, int(m["data"]["ltt"]), int(m["data"]["timestamp"])))


def latency(bin_dir, tmp, quick):
    """Tick in (the simulator's send) to candle out, per 1m bar closed by a tick, beside the
    simulator's send to a plain client's receipt of the same frame."""
    seconds = 15 if quick else 40
    # A minute of market every 0.2 s, an instrument's trade about every 5 market seconds: about
    # 120 frames a second to each client, five bar closes a second. The market starts six hours
    # back: sos-feed refuses ticks dated ahead of this machine's clock, and the simulator's
    # default start (09:15 IST of the day) lies ahead of it between midnight and 09:15 IST.
    start = str(int(time.time()) - 6 * 3600)
    with SimProcess("--start", start, "--speed", "300", "--tick-interval", "5", "--session", "always", "--prehistory-days", "0",
                    "--symbols", SYMBOLS, "--history-pace", "0", "--api-key", KEY) as sim:
        feed = Feed(bin_dir, brokers_file(tmp, {"sim": sim}), "sim", ["--tf", "1m", "--health-every", "0"])
        frames = []
        try:
            asyncio.run(tap(sim.ws, seconds, frames))
        finally:
            feed.stop()
    candles = [(t, e) for t, e in feed.lines
               if e["type"] == "CANDLE" and e["src"].startswith("openalgo-ws") and not e.get("partial")]
    sos, plain = [], []
    for read_at, c in candles:
        end_ms = int(round(c["timestamp"])) * 1000 + 60_000
        closing = next((f for f in frames if f[1] >= end_ms), None)
        if closing is None:
            continue
        sos.append(read_at - closing[2] / 1000)
        plain.append(closing[0] - closing[2] / 1000)
    return {"candles": len(sos), "frames": len(frames), "seconds": seconds,
            "sos_p50_ms": pct(sos, 0.5) * 1e3, "sos_p99_ms": pct(sos, 0.99) * 1e3,
            "plain_p50_ms": pct(plain, 0.5) * 1e3, "plain_p99_ms": pct(plain, 0.99) * 1e3}


def sim_bars(rest, symbol, exchange, tf="1m"):
    url = f"{rest}/_sim/bars?symbol={symbol}&exchange={exchange}&tf={tf}"
    with urllib.request.urlopen(url, timeout=10) as r:
        return {round(b["timestamp"]): b for b in map(json.loads, r.read().decode().splitlines())}


def compare(lines, rest):
    """Closed 1m candles written against the simulator's: (written, lost, doubled, different)."""
    written = lost = doubled = different = 0
    for item in SYMBOLS.split(","):
        exchange, symbol = item.split(":")
        got = [e for _, e in lines if e["type"] == "CANDLE" and e["symbol"] == symbol and not e.get("partial")]
        want = sim_bars(rest, symbol, exchange)
        times = [round(e["timestamp"]) for e in got]
        written += len(got)
        doubled += len(times) - len(set(times))
        lost += sum(1 for t in want if times and times[0] < t < times[-1] and t not in set(times))
        for e in got:
            w = want.get(round(e["timestamp"]))
            if w is None or any(abs(float(e[k]) - float(w[k])) > 1e-9 for k in "ohlcv"):
                different += 1
    return written, lost, doubled, different


def failover(bin_dir, tmp, quick):
    """The primary stalled (then dropped) several times; the time to FEED_STALE and
    FEED_FAILOVER after each fault, and the candles written through all of it."""
    rounds = 2 if quick else 4
    stall_after = 2.0
    args = ("--start", "2025-08-22T09:20", "--speed", "30", "--paused", "--history-pace", "0", "--seed", "11",
            "--api-key", KEY, "--symbols", SYMBOLS)
    with SimProcess("--broker", "zerodha", *args) as primary, SimProcess("--broker", "dhan", *args) as fallback:
        for s in (primary, fallback):
            post(s.rest + "/_sim/clock", {"paused": False})
        feed = Feed(bin_dir, brokers_file(tmp, {"zerodha": primary, "dhan": fallback}), "zerodha,dhan",
                    ["--tf", "1m", "--stall-after", str(stall_after), "--failback-after", "2", "--health-every", "0"])
        figures = {"stall_detect": [], "stall_failover": [], "drop_failover": []}
        try:
            def alert(code, reason=None):
                return lambda e: e["type"] == "ALERT" and e["code"] == code and (reason is None or e["reason"] == reason)
            since = 0
            time.sleep(4)
            for r in range(rounds):
                kind = "stall" if r % 2 == 0 else "drop"
                t0 = time.time()
                post(primary.rest + "/_sim/fault", {"fault": kind, "seconds": 4} if kind == "stall" else {"fault": kind})
                if kind == "stall":
                    stale = feed.wait_for(alert("FEED_STALE", "stalled"), since, 20)
                    if stale:
                        figures["stall_detect"].append(stale[1] - t0)
                moved = feed.wait_for(alert("FEED_FAILOVER"), since, 20)
                if moved:
                    figures[kind + "_failover"].append(moved[1] - t0)
                back = feed.wait_for(alert("FEED_RECOVERED", "failback"), moved[0] if moved else since, 30)
                since = back[0] + 1 if back else len(feed.lines)
                time.sleep(3)
        finally:
            feed.stop()
        written, lost, doubled, different = compare(feed.lines, primary.rest)
    out = {"rounds": rounds, "stall_after_s": stall_after, "written": written, "lost": lost,
           "doubled": doubled, "different": different}
    for k, v in figures.items():
        out[k] = v
    return out


def main():
    bin_dir = sys.argv[1]
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory(prefix="sos-live-bench-") as tmp:
        lat = latency(bin_dir, tmp, quick)
        print("\nTick in to candle out through the simulator's WebSocket (milliseconds; %d bars closed by a tick, "
              "%d frames, %d s)" % (lat["candles"], lat["frames"], lat["seconds"]))
        print("  %-72s %8s %8s" % ("path", "p50", "p99"))
        print("  %-72s %8.2f %8.2f" % ("simulator's send -> sos-feed live's CANDLE line read", lat["sos_p50_ms"],
                                        lat["sos_p99_ms"]))
        print("  %-72s %8.2f %8.2f" % ("simulator's send -> the same frame read by a plain client (baseline)",
                                        lat["plain_p50_ms"], lat["plain_p99_ms"]))
        print("  (the send stamp is whole milliseconds, floored: both figures read up to 1 ms high)")
        sys.stdout.flush()
        fo = failover(bin_dir, tmp, quick)

        def fig(name):
            v = fo[name]
            return ("%.2f" % statistics.median(v), "%.2f" % max(v), str(len(v))) if v else ("-", "-", "0")
        print("\nStall and failover: two simulators of one market, the primary's faults in turn (seconds)")
        print("  %-72s %8s %8s %6s" % ("from the fault to", "median", "max", "n"))
        print("  %-72s %8s %8s %6s" % ("FEED_STALE (a stall; --stall-after %.0f s is the baseline)" % fo["stall_after_s"],
                                       *fig("stall_detect")))
        print("  %-72s %8s %8s %6s" % ("FEED_FAILOVER after a stall", *fig("stall_failover")))
        print("  %-72s %8s %8s %6s" % ("FEED_FAILOVER after a dropped connection", *fig("drop_failover")))
        print("  candles written %d: lost %d, doubled %d, different from the simulator's %d" %
              (fo["written"], fo["lost"], fo["doubled"], fo["different"]))


if __name__ == "__main__":
    main()
