#!/usr/bin/env python3
"""A recorded morning for the options-selling template's test (examples_daily_e2e.sh): NIFTY's
1-minute candles, its weekly option chain and its sentiment every five minutes, on 2024-01-08.
Options are rich from 09:40 (IV rank 72, implied 1.5 times realised; 40 before); premiums fall
by 60% at 10:00 and again at 10:20, so what was sold before is bought back at its target.
  09:15-11:00  flat (sos-regime: SIDEWAYS); India VIX 16.5, but 27 (DEFINED_RISK_ONLY) 10:35-10:55
  11:00-11:20  a steady climb (a trend)
  11:20-11:45  flat at the top
The chain is a synthetic one (sos-feed synth's first) moved to each moment's spot.

    options_selling_stream.py CHAIN.json > stream.ndjson
"""
import json
import sys

chain = json.load(open(sys.argv[1]))
base = 1704685500  # 2024-01-08 09:15 IST
first_spot = chain["spot"]
lines = []


def add(**e):
    lines.append(json.dumps(e, separators=(",", ":")))


price = first_spot
for i in range(0, 151):
    t = base + 60 * i
    if i % 5 == 0:
        shift = round((price - first_spot) / 50) * 50  # strikes move with the spot, on NIFTY's grid
        decay = 1.0 if i < 45 else 0.4 if i < 65 else 0.16  # premiums fall at 10:00 and 10:20

        def side(leg):
            return dict(leg, ltp=max(0.05, round(leg["ltp"] * decay * 20) / 20))
        c = dict(chain, timestamp=t - 1, spot=round(price, 2),
                 strikes=[dict(s, strike=s["strike"] + shift, ce=side(s["ce"]), pe=side(s["pe"]))
                          for s in chain["strikes"]])
        add(**c)
        vix = 27.0 if 80 <= i < 100 else 16.5
        add(type="SENTIMENT_UPDATE", timestamp=t - 1, symbol="NIFTY", exchange="NSE_INDEX",
            pcr=1.0, iv=0.18, hv=0.12, iv_rank=72 if i >= 25 else 40, vix=vix)
    step = 15 if 105 <= i < 125 else 0
    o = price
    price += step
    wiggle = (i % 3) * 0.05
    add(type="CANDLE", timestamp=t, symbol="NIFTY", exchange="NSE_INDEX", tf="1m", o=round(o, 2),
        h=round(max(o, price) + 2, 2), l=round(min(o, price) - 2, 2), c=round(price + wiggle, 2), v=0)
print("\n".join(lines))
