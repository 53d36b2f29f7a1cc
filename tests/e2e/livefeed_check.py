#!/usr/bin/env python3
"""Checks sos-feed live's output against the simulator's own bars.

usage: livefeed_check.py OUT.ndjson REST_URL EXCHANGE:SYMBOL,... TF,...

For every symbol and timeframe: each closed (not partial) CANDLE written equals the
simulator's bar of the same open time (o, h, l, c exactly, v from the cumulative), none is
written twice, and no bar of the simulator's between the first written and the last is missing
(hist bars of a warm start and live bars together). Prints one line per
series and exits 1 on any difference.
"""
import json
import sys
import urllib.request


def sim_bars(rest, symbol, exchange, tf):
    url = f"{rest}/_sim/bars?symbol={symbol}&exchange={exchange}&tf={tf}"
    with urllib.request.urlopen(url, timeout=10) as r:
        bars = [json.loads(line) for line in r.read().decode().splitlines() if line.strip()]
    return {round(b["timestamp"]): b for b in bars}


def main():
    out, rest, symbols, tfs = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4].split(",")
    written = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e.get("type") != "CANDLE" or e.get("partial"):
                continue
            written.setdefault((e["symbol"], e["tf"]), []).append(e)
    bad = 0
    for item in symbols:
        exchange, symbol = item.split(":")
        for tf in tfs:
            got = written.get((symbol, tf), [])
            want = sim_bars(rest, symbol, exchange, tf)
            step = int(tf[:-1]) * 60
            problems = []
            times = [round(e["timestamp"]) for e in got]
            if len(got) < max(1, 480 // step):  # 8 minutes' worth
                problems.append(f"only {len(got)} closed bars")
            if len(set(times)) != len(times):
                problems.append("a bar written twice")
            if times != sorted(times):
                problems.append("bars out of order")
            for a, b in zip(times, times[1:]):
                lost = [t for t in want if a < t < b]
                if lost:
                    problems.append(f"{len(lost)} bar(s) lost between {a} and {b}")
            for e in got:
                t = round(e["timestamp"])
                w = want.get(t)
                if w is None:
                    problems.append(f"{t}: no such bar in the simulator")
                    continue
                for k in ("o", "h", "l", "c", "v"):
                    if abs(float(e[k]) - float(w[k])) > 1e-9:
                        problems.append(f"{t} ({e.get('src')}): {k} {e[k]} != simulator's {w[k]}")
            status = "ok" if not problems else "FAIL"
            print(f"{status}: {symbol} {tf}: {len(got)} closed bars" + ("" if not problems else ": " + "; ".join(problems[:6])))
            bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
