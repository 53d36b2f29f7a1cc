#!/usr/bin/python3
"""Writes the recorded stream of the seed's SOS bridge and the canonical lines sos reads from it.

seed-bridge.jsonl: the messages MaheshUmale/SOS-System-DATA-Bridge's tv_data_bridge.py (at
90ebcd8) sends, as its code builds them (json.dumps, milliseconds): CANDLE_UPDATE for each
symbol every 10 s and MARKET_UPDATE every 15 s, each a snapshot of the symbol's 1-minute bar
still forming, stamped when it polled; SENTIMENT_UPDATE every 30 s with the zeros it sends for
what it does not compute; OPTION_CHAIN_UPDATE every 60 s for NIFTY and BANKNIFTY. Its symbols
follow its contract's examples (NIFTY_BANK). The market under it is a seeded random walk.

seed-bridge.expected.ndjson: what lib/wsfeed's SeedBridge profile must write from it, derived
here from the documented rules (docs/architecture.md, "The seed's other tiers"), not from sos's
code: bars closed from their last snapshot when a later bar's snapshot arrives or 2 s after
their end, market-wide sentiment written when a figure changes, placeholder zeros absent,
chains without expiry and spot left out. Each message is received 200 ms after its timestamp;
the stream ends 60 s after its last message.

Run it from this folder to write both files again (the output is deterministic)."""

import datetime as dt
import json
import random

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
START_MS = int(dt.datetime(2025, 8, 22, 9, 15, 2, 400000, tzinfo=IST).timestamp() * 1000)
END_MS = int(dt.datetime(2025, 8, 22, 9, 17, 40, tzinfo=IST).timestamp() * 1000)
SYMBOLS = {"NIFTY": (24870.0, False), "NIFTY_BANK": (55120.0, False), "RELIANCE": (1401.5, True)}
SOS_NAME = {"NIFTY": "NIFTY", "NIFTY_BANK": "BANKNIFTY", "RELIANCE": "RELIANCE"}
EXCHANGE = {"NIFTY": "NSE_INDEX", "BANKNIFTY": "NSE_INDEX", "RELIANCE": "NSE"}
RECEIVE_DELAY_MS = 200
GRACE_MS = 2000


def tape(symbol, base, traded):
    """Trades every 500 ms from 09:15:00: (ms, price, qty)."""
    rng = random.Random(symbol)
    t0 = int(dt.datetime(2025, 8, 22, 9, 15, tzinfo=IST).timestamp() * 1000)
    price, out = base, []
    for i in range(0, (END_MS - t0) // 500 + 1):
        price = round(round((price + rng.gauss(0, base * 0.0002)) / 0.05) * 0.05, 2)
        out.append((t0 + i * 500, price, rng.randint(1, 400) if traded else 0))
    return out


TAPES = {s: tape(s, base, traded) for s, (base, traded) in SYMBOLS.items()}


def snapshot(symbol, ms):
    """The 1-minute bar forming at ms, as the bridge's source shows it."""
    start = ms // 60000 * 60000
    trades = [x for x in TAPES[symbol] if start <= x[0] <= ms]
    prices = [p for _, p, _ in trades]
    return {"open": prices[0], "high": max(prices), "low": min(prices), "close": prices[-1],
            "volume": sum(q for _, _, q in trades)}


def sentiment_at(ms):
    early = ms < START_MS + 60000
    pcr, adv, dec = (0.93, 31, 19) if early else (0.95, 28, 22)
    return pcr, adv, dec, "SIDEWAYS_BULLISH"


def messages():
    """(ms, message) in the order the bridge's four loops send them."""
    out = []
    for k, ms in enumerate(range(START_MS, END_MS, 10000)):  # publish_candles
        for s in SYMBOLS:
            out.append((ms, k * 10 + 0, {"type": "CANDLE_UPDATE", "timestamp": ms,
                                         "data": {"symbol": s, "candle": snapshot(s, ms)}}))
    for k, ms in enumerate(range(START_MS + 700, END_MS, 15000)):  # publish_market_updates
        pcr, _, _, regime = sentiment_at(ms)
        for s in SYMBOLS:
            out.append((ms, 1, {"type": "MARKET_UPDATE", "timestamp": ms,
                                "data": {"symbol": s, "candle": snapshot(s, ms),
                                         "sentiment": {"pcr": pcr, "regime": regime}}}))
    for ms in range(START_MS + 500, END_MS, 30000):  # publish_sentiment_update
        pcr, adv, dec, regime = sentiment_at(ms)
        out.append((ms, 2, {"type": "SENTIMENT_UPDATE", "timestamp": ms,
                            "data": {"regime": regime, "pcr": pcr, "advances": adv, "declines": dec,
                                     "pcrVelocity": 0.0, "oiWallAbove": 0.0, "oiWallBelow": 0.0}}))
    for ms in range(START_MS + 1600, END_MS, 60000):  # publish_option_chain
        for s, base in (("NIFTY", 24850), ("BANKNIFTY", 55100)):
            step = 50 if s == "NIFTY" else 100
            chain = [{"strike": float(base + i * step), "call_oi": 4000 + 700 * i, "put_oi": 6000 - 500 * i,
                      "call_oi_chg": 300 + 20 * i, "put_oi_chg": 250 - 10 * i} for i in range(-2, 3)]
            out.append((ms, 3, {"type": "OPTION_CHAIN_UPDATE", "timestamp": ms,
                                "data": {"symbol": s, "chain": chain}}))
    out.sort(key=lambda x: (x[0], x[1]))
    return [(ms, m) for ms, _, m in out]


def number(x):
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def seconds(ms):
    s = f"{ms // 1000}.{ms % 1000:03d}".rstrip("0").rstrip(".")
    return s


def candle_line(symbol, open_ms, c):
    return (f'{{"type":"CANDLE","timestamp":{seconds(open_ms)},"symbol":"{symbol}","exchange":"{EXCHANGE[symbol]}",'
            f'"tf":"1m","o":{number(c["open"])},"h":{number(c["high"])},"l":{number(c["low"])},'
            f'"c":{number(c["close"])},"v":{number(c["volume"])},"src":"ws:bridge"}}')


def sentiment_line(ms, fields):
    parts = [f'"type":"SENTIMENT_UPDATE"', f'"timestamp":{seconds(ms)}']
    if "pcr" in fields:
        parts.append(f'"pcr":{number(fields["pcr"])}')
    if "adv" in fields or "dec" in fields:
        inner = ",".join(f'"{k}":{number(fields[k])}' for k in ("adv", "dec") if k in fields)
        parts.append(f'"breadth":{{{inner}}}')
    if "regime" in fields:
        parts.append(f'"regime":"{fields["regime"]}"')
    parts.append('"src":"ws:bridge"')
    return "{" + ",".join(parts) + "}"


def expected(stream):
    lines, open_bars, written, merged = [], {}, {}, {}

    def close_due(now):
        for key in sorted(open_bars):
            start, c = open_bars[key]
            if now >= start + 60000 + GRACE_MS:
                lines.append(candle_line(key, start, c))
                written[key] = start
                del open_bars[key]

    def snap(symbol, ms, c):
        start = ms // 60000 * 60000
        if symbol in written and start <= written[symbol]:
            return
        if symbol in open_bars and open_bars[symbol][0] < start:
            lines.append(candle_line(symbol, *open_bars[symbol]))
            written[symbol] = open_bars[symbol][0]
            del open_bars[symbol]
        open_bars[symbol] = (start, c)

    def sentiment(ms, fields):
        changed = {k: v for k, v in fields.items() if merged.get(k) != v}
        if changed:
            merged.update(fields)
            lines.append(sentiment_line(ms, fields))

    for ms, m in stream:
        close_due(ms + RECEIVE_DELAY_MS)
        d = m["data"]
        if m["type"] == "CANDLE_UPDATE":
            snap(SOS_NAME[d["symbol"]], ms, d["candle"])
        elif m["type"] == "MARKET_UPDATE":
            sentiment(ms, {"pcr": d["sentiment"]["pcr"], "regime": d["sentiment"]["regime"]})
            snap(SOS_NAME[d["symbol"]], ms, d["candle"])
        elif m["type"] == "SENTIMENT_UPDATE":
            sentiment(ms, {"pcr": d["pcr"], "adv": d["advances"], "dec": d["declines"], "regime": d["regime"]})
    close_due(stream[-1][0] + 60000)
    return lines


if __name__ == "__main__":
    stream = messages()
    with open("seed-bridge.jsonl", "w") as f:
        for _, m in stream:
            f.write(json.dumps(m) + "\n")
    with open("seed-bridge.expected.ndjson", "w") as f:
        for line in expected(stream):
            f.write(line + "\n")
