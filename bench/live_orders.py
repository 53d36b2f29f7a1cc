#!/usr/bin/env python3
"""Live orders through sos-exec --live to the project's OpenAlgo simulator (bench/run, part
`orders`, and the end of part `live`): the figures of issue 15, each beside the baseline taken
in the same run.

  - Latency, ORDER lines written one at a time (well under the rate limits): from the ORDER
    line in to its placeorder request at the simulator (the simulator's request log stamps
    each request's arrival with the same wall clock), and from the ORDER line in to its
    ORDER_UPDATE OPEN out (the acknowledgement read from sos-exec's output), p50 and p99;
    beside the simulator's own placeorder round trip from a plain HTTP client (http.client on
    one kept-alive connection, openalgo-sim-rtt). sos's own time is the first figure less the
    request's one-way part; the second includes the whole round trip.
  - Orders per second sustained, a burst of ORDERs written at once and drained through
    sos-exec's order queue to the simulator: from the first request to the last in the
    request log, every ORDER placed exactly once and acknowledged (none lost), beside the
    plain client's sequential placeorders per second. Capped: the simulator's limits as
    OpenAlgo's defaults (10 orders/s, 50 others/s) and sos-exec's own limiter (OpenAlgo's 10/s
    and NSE's 10 orders/s for retail algorithms). Uncapped: the simulator's limits off
    (--order-rate-limit ''); sos-exec has no option to raise its own (its limiter is the
    broker's published budget, by design), so through sos-exec the rate stays at 10/s.

  live_orders.py BIN_DIR [--quick]
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIM = os.path.join(ROOT, "tests", "openalgo-sim", "openalgo-sim")
RTT = os.path.join(ROOT, "tests", "openalgo-sim", "openalgo-sim-rtt")
KEY = "sos-bench-key-0d41"
T0 = 1755834300  # 2025-08-22T09:15 IST, the simulator's start: the ORDERs' time


def start_sim(tmp, name, limits):
    """A simulator on free ports, a quiet market paused in the session (every MARKET order is
    filled at once at the same price); `limits` False turns its rate limits off."""
    ready = os.path.join(tmp, name + ".ready")
    quiet = os.path.join(tmp, "quiet.csv")
    open(quiet, "w").close()
    argv = [SIM, "--rest-port", "0", "--ws-port", "0", "--ready-file", ready, "--quiet", "--api-key", KEY,
            "--start", "2025-08-22T09:15:00", "--paused", "--market", quiet, "--prehistory-days", "0",
            "--symbols", "NSE_INDEX:NIFTY,NSE:SBIN@800"]
    if not limits:
        argv += ["--api-rate-limit", "", "--order-rate-limit", ""]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (os.path.exists(ready) and os.path.getsize(ready)):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("live_orders: the OpenAlgo simulator did not start")
        time.sleep(0.1)
    with open(ready) as f:
        info = json.load(f)
    return proc, info["rest"], info["ws"]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def order_line(oid):
    return json.dumps({"type": "ORDER", "timestamp": T0, "symbol": "SBIN", "id": oid, "signal_id": oid, "tf": "1m",
                       "side": "BUY", "qty": 1, "order_type": "MARKET", "product": "MIS", "strategy": "BENCH",
                       "underlying": "SBIN", "signal_side": "BUY", "src": "sos-risk"}) + "\n"


class Exec:
    """sos-exec --live on a pipe: lines written with their wall time, OPEN lines read with theirs."""

    def __init__(self, bin_dir, tmp, name, rest, ws, account, state_dir=None):
        brokers = os.path.join(tmp, name + ".brokers.json")
        with open(brokers, "w") as f:
            json.dump({"brokers": {"sim": {"rest": rest, "ws": ws, "api_key_env": "SOS_BENCH_KEY", "live": True}}}, f)
        # One state file per simulated account: a start reconciles it with the account's books.
        self.state = os.path.join(state_dir or tmp, account + ".state")
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir, "sos-exec"), "--live", "--brokers", brokers, "--broker", "sim", "--state",
             self.state, "--lock-dir", tmp, "--order-queue", "100000", "--book-every", "1000"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, name + ".err"), "w"),
            env={**os.environ, "SOS_BENCH_KEY": KEY}, text=True, bufsize=1)
        self.opened = {}  # ORDER id -> wall time its OPEN was read
        self.rejected = 0
        self.limited = 0  # 429s: "rate limited (HTTP 429), sent again after ..."
        self.lines = []  # everything it wrote, for a look when a figure is odd
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            t = time.time()
            self.lines.append(line)
            if "rate limited (HTTP 429)" in line:
                self.limited += 1
            if '"ORDER_UPDATE"' not in line:
                continue
            u = json.loads(line)
            with self.lock:
                if u.get("status") == "OPEN" and u["id"] not in self.opened:
                    self.opened[u["id"]] = t
                elif u.get("status") == "REJECTED":
                    self.rejected += 1

    def write(self, text):
        t = time.time()
        self.proc.stdin.write(text)
        self.proc.stdin.flush()
        return t

    def wait_open(self, ids, limit):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                if all(i in self.opened for i in ids):
                    return True
            time.sleep(0.005)
        return False

    def client_ids(self):
        """ORDER id -> client id, from the state file's intents."""
        out = {}
        with open(self.state) as f:
            for line in f:
                r = json.loads(line)
                if r.get("rec") == "intent":
                    out[r["order_id"]] = r["client_id"]
        return out

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def pct(samples, q):
    s = sorted(samples)
    return s[min(len(s) - 1, int(q * len(s)))]


def placed_at(rest):
    """client id -> wall time of its first placeorder request at the simulator."""
    at = {}
    for e in get(rest + "/_sim/requests?kind=rest&name=placeorder")["requests"]:
        at.setdefault(e["body"].get("strategy"), e["wall"])
    return at


def latency(bin_dir, tmp, rest, ws, n, account, state_dir=None):
    """ORDERs one at a time, 150 ms apart (under 10/s): ORDER in to request at the simulator,
    and to ORDER_UPDATE OPEN out."""
    ex = Exec(bin_dir, tmp, "latency", rest, ws, account, state_dir)
    try:
        warm = "warm-%d" % time.monotonic_ns()
        ex.write(order_line(warm))  # the start's reconciliation holds the first ORDER
        if not ex.wait_open([warm], 60):
            raise SystemExit("live_orders: sos-exec acknowledged nothing (see %s/latency.err)" % tmp)
        sent = {}
        for i in range(n):
            oid = "L%s-%d" % (warm, i)
            sent[oid] = ex.write(order_line(oid))
            ex.wait_open([oid], 30)
            time.sleep(0.15)
        cids = ex.client_ids()
        at = placed_at(rest)
        to_request = [at[cids[o]] - t for o, t in sent.items() if o in cids and cids[o] in at]
        to_open = [ex.opened[o] - t for o, t in sent.items() if o in ex.opened]
        return to_request, to_open, n - len(to_open)
    finally:
        ex.close()


def throughput(bin_dir, tmp, name, rest, ws, n, account):
    """A burst of n ORDERs written at once: the placeorder requests' rate at the simulator,
    every one placed once and acknowledged."""
    ex = Exec(bin_dir, tmp, name, rest, ws, account)
    try:
        ex.write(order_line(name + "-warm"))
        if not ex.wait_open([name + "-warm"], 60):
            raise SystemExit("live_orders: sos-exec acknowledged nothing (see %s/%s.err)" % (tmp, name))
        time.sleep(1.1)  # the warm-up's budget spent
        ids = ["%s%d" % (name, i) for i in range(n)]
        ex.write("".join(order_line(o) for o in ids))
        done = ex.wait_open(ids, 90 + n / 5)  # room for a 429's retry_after (60 s): none may be lost
        cids = ex.client_ids()
        at = placed_at(rest)
        times = sorted(at[cids[o]] for o in ids if o in cids and cids[o] in at)
        placements = get(rest + "/_sim/placements?by=strategy")["placements"]
        twice = sum(1 for o in ids if placements.get(cids.get(o), {}).get("orders", 0) > 1)
        requests = sum(placements.get(cids.get(o), {}).get("requests", 0) for o in ids)
        rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0
        return {"rate": rate, "placed": len(times), "acked": sum(1 for o in ids if o in ex.opened), "twice": twice,
                "requests": requests, "rejected": ex.rejected, "complete": done, "limited": ex.limited,
                "span": times[-1] - times[0] if times else 0}
    finally:
        ex.close()


def baseline(rest, ws, n):
    out = subprocess.run([RTT, "--rest", rest, "--ws", ws, "--api-key", KEY, "--count", str(n), "--orders"],
                         check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        j = json.loads(line)
        if j["figure"] == "sim_order_rtt":
            return j
    raise SystemExit("live_orders: openalgo-sim-rtt gave no order figure")


def table(title, header, rows):
    print("\n" + title)
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  " + "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


def live_orders_bench(bin_dir, quick, table=table):
    n_lat, n_burst, n_rtt = (60, 60, 200) if quick else (300, 200, 500)
    tmp = tempfile.mkdtemp(prefix="sos-bench-orders-")
    fs = subprocess.run(["findmnt", "-n", "-T", tmp, "-o", "FSTYPE"], capture_output=True, text=True).stdout.strip()
    open_sim, rest, ws = start_sim(tmp, "open", limits=False)
    try:
        to_request, to_open, lost = latency(bin_dir, tmp, rest, ws, n_lat, "open")
        shm = tempfile.mkdtemp(prefix="sos-bench-orders-", dir="/dev/shm") if os.path.isdir("/dev/shm") else None
        if shm:  # the same on a tmpfs, where fdatasync costs nothing: sos's own time
            try:  # the account's state file goes along (the next start reconciles with it)
                shutil.copy(os.path.join(tmp, "open.state"), shm)
                to_request_mem, to_open_mem, _ = latency(bin_dir, tmp, rest, ws, n_lat, "open", shm)
                shutil.copy(os.path.join(shm, "open.state"), tmp)
            finally:
                shutil.rmtree(shm, ignore_errors=True)
        uncapped = throughput(bin_dir, tmp, "uncapped", rest, ws, n_burst, "open")
        base = baseline(rest, ws, n_rtt)  # last: its orders are not sos's (a mismatch at the next start)
    finally:
        open_sim.terminate()
        open_sim.wait()
    capped_sim, rest, ws = start_sim(tmp, "capped", limits=True)
    try:
        capped = throughput(bin_dir, tmp, "capped", rest, ws, n_burst, "capped")
    finally:
        capped_sim.terminate()
        capped_sim.wait()
    us = lambda s: "%.0f" % (s * 1e6)  # noqa: E731
    table("Live order latency through sos-exec --live to the OpenAlgo simulator (microseconds; %d MARKET ORDERs "
          "one at a time, 150 ms apart; the state file's fdatasync on %s)" % (n_lat, fs or "?"),
          ["path", "p50", "p99", "mean"],
          [["ORDER in -> placeorder request at the simulator", us(pct(to_request, 0.5)), us(pct(to_request, 0.99)),
            us(statistics.fmean(to_request))],
           ["ORDER in -> ORDER_UPDATE OPEN out (the whole round trip)", us(pct(to_open, 0.5)), us(pct(to_open, 0.99)),
            us(statistics.fmean(to_open))]] +
          ([["ORDER in -> request, the state file on tmpfs (no disk sync)", us(pct(to_request_mem, 0.5)),
             us(pct(to_request_mem, 0.99)), us(statistics.fmean(to_request_mem))],
            ["ORDER in -> OPEN out, the state file on tmpfs", us(pct(to_open_mem, 0.5)), us(pct(to_open_mem, 0.99)),
             us(statistics.fmean(to_open_mem))]] if shm else []) +
          [
           ["  baseline: placeorder round trip, plain HTTP client (http.client)", "%.0f" % base["p50_us"],
            "%.0f" % base["p99_us"], "%.0f" % base["mean_us"]]])
    if lost:
        print("  %d ORDER(s) without an OPEN" % lost)
    seq = 1e6 / base["mean_us"]
    rows = []
    for label, r in (("sos-exec --live, the simulator's limits OpenAlgo's defaults (capped)", capped),
                     ("sos-exec --live, the simulator's limits off (sos-exec's own 10/s stands)", uncapped)):
        rows.append([label, "%.1f" % r["rate"], "%.1f" % r["span"], "%d/%d" % (r["placed"], n_burst),
                     "%d/%d" % (r["acked"], n_burst), str(r["twice"]), str(r["limited"]), str(r["rejected"])])
    rows.append(["  baseline: plain HTTP client, sequential placeorders, limits off", "%.0f" % seq, "-", "-", "-", "-",
                 "-", "-"])
    table("Orders per second sustained: a burst of %d ORDERs drained through sos-exec's queue (first to last request "
          "at the simulator; a 429 holds the orders class for its retry_after, 60 s)" % n_burst,
          ["path", "orders/s", "seconds", "placed", "acked", "twice", "429s", "rejected"], rows)
    return {"to_request": to_request, "to_open": to_open, "base": base, "capped": capped, "uncapped": uncapped}


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    live_orders_bench(sys.argv[1], "--quick" in sys.argv[2:])
