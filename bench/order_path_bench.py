"""The order path with sos-alert in it (bench/run alerts, second half): does a Telegram outage
slow orders? The pipeline is `sos-exec | sos-alert --telegram | sos-journal --db`, paper
orders, each line written one at a time and timed from its write to the line it causes coming
out of the journal's end:
  - order: an ORDER (MARKET, 1 share) in, its ORDER_UPDATE (OPEN) out;
  - fill: the next CANDLE of its symbol in, the FILL, ORDER_UPDATE and POSITION it causes out
    (timed to the POSITION, the last of them); the FILL is a notice sos-alert sends (--trades all,
    --cooldown 0: every fill goes to Telegram).
Telegram is the project's hook-sim on 127.0.0.1: up, down (nothing listens: refused), and
stalled (each request read, never answered: sos-alert's request waits its --timeout of 2 s,
so its queue fills and drops). The baseline is the same pipeline without sos-alert, in the same
run, and with sos-alert in place but told to tell nothing (the cost of the hop itself). Rounds are taken in turn, so that a noisy moment of the machine falls on every pipeline
alike; p50 and p99 are the medians over the rounds, with the range of the p99s. sos-alert's
HEALTH at the end shows that Telegram was really in the state named (sent, failed, dropped)."""
import json
import os
import statistics
import subprocess
import tempfile
import time

from alert_bench import CHAT, TOKEN, _fault, _sim

SYMBOLS = 50
T0 = 1704685500 + 300  # 2024-01-08 09:20 IST: inside the session, long before the square-off


def _lines(i):
    """The ORDER and the CANDLE of sample i: symbol i % 50, one minute per round of symbols."""
    sym = "S%02d" % (i % SYMBOLS)
    t = T0 + 60 * (i // SYMBOLS)
    order = ('{"type":"ORDER","timestamp":%d,"symbol":"%s","id":"b%d","signal_id":"b%d","tf":"1m","side":"BUY",'
             '"qty":1,"order_type":"MARKET","product":"MIS","strategy":"BENCH","underlying":"%s","src":"sos-risk"}\n'
             % (t + 1, sym, i, i, sym))
    candle = ('{"type":"CANDLE","timestamp":%d,"symbol":"%s","exchange":"NSE","tf":"1m","o":100,"h":101,"l":99,'
              '"c":100,"v":%d}\n' % (t + 60, sym, 1000 + i))
    return order.encode(), candle.encode()


class _Reader:
    """Lines from the pipeline's end, read as they come."""

    def __init__(self, fd):
        self.fd, self.buf = fd, b""

    def until(self, needle):
        """Reads until a line holding `needle` has come out; the lines read."""
        seen = []
        while True:
            nl = self.buf.find(b"\n")
            while nl >= 0:
                line, self.buf = self.buf[:nl], self.buf[nl + 1:]
                seen.append(line)
                if needle in line:
                    return seen
                nl = self.buf.find(b"\n")
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                raise SystemExit("order path bench: the pipeline ended early")
            self.buf += chunk


def _warm_candles():
    """One candle per symbol first, so that every ORDER has a price to be filled against."""
    return b"".join(('{"type":"CANDLE","timestamp":%d,"symbol":"S%02d","exchange":"NSE","tf":"1m","o":100,"h":101,'
                     '"l":99,"c":100,"v":1}\n' % (T0, k)).encode() for k in range(SYMBOLS))


def _run(cmd, env, samples):
    """Order and fill latencies (microseconds) of `samples` orders through the shell pipeline
    `cmd`, and sos-alert's last HEALTH line (none without it)."""
    p = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env=env, bufsize=0)
    r = _Reader(p.stdout.fileno())
    p.stdin.write(_warm_candles())
    r.until(b'"symbol":"S%02d"' % (SYMBOLS - 1))
    order_us, fill_us = [], []
    warm = 100
    for i in range(samples + warm):
        order, candle = _lines(i)
        t0 = time.perf_counter()
        p.stdin.write(order)
        r.until(b'"type":"ORDER_UPDATE"')
        t1 = time.perf_counter()
        time.sleep(0.0005)
        t2 = time.perf_counter()
        p.stdin.write(candle)
        r.until(b'"type":"POSITION"')
        t3 = time.perf_counter()
        if i >= warm:
            order_us.append((t1 - t0) * 1e6)
            fill_us.append((t3 - t2) * 1e6)
        time.sleep(0.0005)
    p.stdin.close()
    rest = p.stdout.read()
    p.wait()
    health = None
    for line in (r.buf + rest).splitlines():
        if b'"type":"HEALTH"' in line and b'"sinks"' in line:
            health = json.loads(line)
    return order_us, fill_us, health


def _pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def order_path_bench(bin_dir, root, quick, table):
    samples, rounds = (500, 2) if quick else (2000, 3)
    env = dict(os.environ)
    env["PATH"] = bin_dir + os.pathsep + env["PATH"]
    env["SOS_TELEGRAM_TOKEN"], env["SOS_TELEGRAM_CHAT_ID"] = TOKEN, CHAT
    tmp = tempfile.mkdtemp(prefix="sos-order-path-bench-")
    sim, url = _sim(root, tmp)
    exec_ = "sos-exec --health-every 3600"
    journal = "sos-journal --db %s/j$$.db --health-every 3600" % tmp
    alert = "sos-alert --trades all --cooldown 0 --health-every 3600 --drain 0 --timeout 2 --telegram --telegram-url %s"
    quiet = "sos-alert --trades none --min-level crit --health-every 3600 --drain 0 --telegram --telegram-url %s" % url
    pipelines = [("sos-exec | sos-journal (no sos-alert)", "%s | %s" % (exec_, journal), None, False),
                 ("  | sos-alert |, nothing to tell (the hop alone)", "%s | %s | %s" % (exec_, quiet, journal), None, True),
                 ("  | sos-alert |, Telegram up", "%s | %s | %s" % (exec_, alert % url, journal), None, True),
                 ("  | sos-alert |, Telegram down (refused)", "%s | %s | %s" % (exec_, alert % "http://127.0.0.1:9", journal),
                  None, False),
                 ("  | sos-alert |, Telegram stalled (never answers)", "%s | %s | %s" % (exec_, alert % url, journal),
                  {"fault": "stall", "hold": 600, "count": 10 ** 6}, True)]
    figures = {label: [] for label, _, _, _ in pipelines}
    try:
        for _ in range(rounds):
            for label, cmd, fault, uses_sim in pipelines:
                if uses_sim:
                    _fault(url, fault)
                figures[label].append(_run(cmd, env, samples))
    finally:
        sim.terminate()
        sim.wait()
        subprocess.run(["rm", "-rf", tmp])
    rows = []
    for label, _, _, _ in pipelines:
        runs = figures[label]
        row = [label]
        for k in (0, 1):
            p50 = statistics.median(_pct(r[k], 0.5) for r in runs)
            p99s = [_pct(r[k], 0.99) for r in runs]
            row += ["%.0f" % p50, "%.0f" % statistics.median(p99s), "%.0f-%.0f" % (min(p99s), max(p99s))]
        sink = ((runs[-1][2] or {}).get("sinks") or [{}])[0]
        row.append("%s/%s/%s" % (sink.get("sent", "-"), sink.get("failed", "-"), sink.get("dropped", "-"))
                   if sink else "")
        rows.append(row)
    table("Order path with sos-alert sending every fill to Telegram (microseconds, paper orders, %d orders "
          "and %d fills one at a time; median of %d rounds taken in turn)" % (samples, samples, rounds),
          ["pipeline", "order p50", "p99", "p99 range", "fill p50", "p99", "p99 range", "sent/failed/dropped"], rows)
