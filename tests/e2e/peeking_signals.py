#!/usr/bin/env python3
"""A cheating strategy for the look-ahead test: it reads a candle stream and, after each
candle, writes a SIGNAL built from the *next* candle, which no real strategy can see:
BUY when the next candle rises, with the stop entry just above the signal bar's close, the
stop below the next candle's low and the target at its high (SELL mirrored). Were a fill
ever taken on the signal bar, or a target hit on the entry bar, it would win every time.

Usage: peeking_signals.py < candles.ndjson > stream.ndjson
"""
import json
import sys

candles = [json.loads(line) for line in sys.stdin if line.strip()]
candles = [c for c in candles if c.get("type") == "CANDLE"]
following = {}  # index of a candle -> the next candle of the same symbol
last = {}
for i, c in enumerate(candles):
    if c["symbol"] in last:
        following[last[c["symbol"]]] = candles[i]
    last[c["symbol"]] = i
out = sys.stdout
for i, c in enumerate(candles):
    out.write(json.dumps(c, separators=(",", ":")) + "\n")
    nxt = following.get(i)
    # Stocks only: an index would be traded as its option, which needs chains.
    if nxt is None or c.get("exchange") != "NSE":
        continue
    up = nxt["c"] > nxt["o"]
    close = c["c"]
    entry = round(close + (0.05 if up else -0.05), 2)
    sl = round(nxt["l"] - 1 if up else nxt["h"] + 1, 2)
    tp = round(nxt["h"] if up else nxt["l"], 2)
    if (up and tp <= entry) or (not up and tp >= entry):
        continue
    signal = {
        "type": "SIGNAL", "timestamp": c["timestamp"] + 60, "symbol": c["symbol"],
        "id": f"PEEK-{c['symbol']}-{c['timestamp']}", "pattern_id": "PEEK", "kind": "pattern",
        "side": "BUY" if up else "SELL", "tf": "1m", "candle_ts": c["timestamp"],
        "entry": entry, "sl": sl, "tp": tp, "risk": abs(entry - sl), "tp_mult": 1,
        "quantity_mod": 1, "regime": None, "vars": {}, "src": "peek",
    }
    out.write(json.dumps(signal, separators=(",", ":")) + "\n")
