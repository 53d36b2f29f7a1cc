"""The simulated market is one market: /history, the admin bars, the played ticks and the
WebSocket frames (cumulative day volume) all give the same bars, bar for bar."""

import json
import os
import tempfile
import unittest

from common import BASE_ARGS, KEY, SimCase, Ws, is_market
from openalgo_sim.harness import SimProcess


def bars_from_ticks(ticks):
    """1-minute bars the way a client builds them, written apart from the simulator's code."""
    out = {}
    for t in ticks:
        start = t["ms"] // 60000 * 60
        b = out.get(start)
        if b is None:
            out[start] = {"timestamp": start, "open": t["ltp"], "high": t["ltp"], "low": t["ltp"],
                          "close": t["ltp"], "volume": t["qty"]}
        else:
            b["high"], b["low"] = max(b["high"], t["ltp"]), min(b["low"], t["ltp"])
            b["close"] = t["ltp"]
            b["volume"] += t["qty"]
    return [out[k] for k in sorted(out)]


def strip(rows):
    return [{k: r[k] for k in ("timestamp", "open", "high", "low", "close", "volume")} for r in rows]


class OneMarket(SimCase):
    args = ["--speed", "120"]

    def history(self, symbol, exchange, interval, forming=True):
        status, body = self.sim.api("history", {"apikey": KEY, "symbol": symbol, "exchange": exchange,
                                                "interval": interval, "start_date": "2025-08-22",
                                                "end_date": "2025-08-22"})
        self.assertEqual(status, 200, body)
        return body["data"]

    def test_history_equals_the_bars_built_from_the_played_ticks(self):
        import time
        time.sleep(2)  # four market minutes
        ticks = self.sim.call("/_sim/ticks?symbol=SBIN&exchange=NSE")[1]["ticks"]
        closed = self.sim.bars("SBIN", "NSE")
        hist = self.history("SBIN", "NSE", "1m")
        self.assertGreaterEqual(len(closed), 3)
        mine = bars_from_ticks(ticks)
        self.assertEqual(strip(hist[:len(closed)]), strip(closed))
        self.assertEqual(strip(mine[:len(closed)]), strip(closed))
        self.assertEqual(len(hist), len(closed) + 1, "the forming bar is in /history, as brokers send it")

    def test_larger_intervals_are_anchored_at_the_open(self):
        import time
        time.sleep(3.5)  # seven market minutes
        one = self.sim.bars("NIFTY", "NSE_INDEX", forming=True)
        five = self.history("NIFTY", "NSE_INDEX", "5m")
        self.assertEqual(five[0]["timestamp"] % 300, 1755834300 % 300)
        first = [b for b in one if b["timestamp"] < five[0]["timestamp"] + 300]
        self.assertEqual(five[0]["open"], first[0]["open"])
        self.assertEqual(five[0]["close"], first[-1]["close"])
        self.assertEqual(five[0]["high"], max(b["high"] for b in first))
        self.assertEqual(five[0]["volume"], 0, "an index has no volume")

    def test_quote_frames_carry_the_cumulative_volume_of_the_bars(self):
        async def collect():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE", "mode": 2})
                frames = []
                while len(frames) < 400:
                    f = await ws.recv()
                    if is_market(f, "SBIN"):
                        frames.append(f["data"])
                return frames
        frames = self.run_async(collect())
        self.assertTrue(all(len(str(f["ltt"])) == 13 for f in frames), "Zerodha quote ltt is in ms")
        closed = {b["timestamp"]: b for b in self.sim.bars("SBIN", "NSE")}
        by_minute = {}
        for f in frames:
            by_minute.setdefault(f["ltt"] // 60000 * 60, []).append(f)
        minutes = sorted(by_minute)
        checked = 0
        for prev, cur in zip(minutes, minutes[1:-1]):  # whole minutes seen from start to end
            if cur not in closed or cur != prev + 60:
                continue
            fs = by_minute[cur]
            bar = closed[cur]
            self.assertEqual(fs[-1]["volume"] - by_minute[prev][-1]["volume"], bar["volume"])
            self.assertEqual((fs[0]["ltp"], max(f["ltp"] for f in fs), min(f["ltp"] for f in fs), fs[-1]["ltp"]),
                             (bar["open"], bar["high"], bar["low"], bar["close"]))
            checked += 1
        self.assertGreater(checked, 0)


class Recorded(unittest.TestCase):
    def test_a_recorded_candle_file_plays_as_exactly_those_candles(self):
        rows = [{"type": "CANDLE", "timestamp": 1755834300 + 60 * i, "symbol": "SBIN", "tf": "1m",
                 "o": 800 + i, "h": 801.5 + i, "l": 799.25 + i, "c": 800.5 + i, "v": 1000 + 7 * i}
                for i in range(5)]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "day.ndjson")
            with open(path, "w") as f:
                f.writelines(json.dumps(r) + "\n" for r in rows)
            with SimProcess("--api-key", KEY, "--market", path, "--symbols", "NSE:SBIN",
                            "--start", "2025-08-22T09:25:00", "--history-pace", "0") as sim:
                status, body = sim.api("history", {"apikey": KEY, "symbol": "SBIN", "exchange": "NSE",
                                                   "interval": "1m", "start_date": "2025-08-22",
                                                   "end_date": "2025-08-22"})
                self.assertEqual(status, 200, body)
                self.assertEqual([(r["timestamp"], r["open"], r["high"], r["low"], r["close"], r["volume"])
                                  for r in body["data"]],
                                 [(r["timestamp"], r["o"], r["h"], r["l"], r["c"], r["v"]) for r in rows])


class BarsOut(unittest.TestCase):
    def test_bars_out_writes_each_closed_bar_as_a_candle_line(self):
        import time
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bars.ndjson")
            with SimProcess(*BASE_ARGS, "--speed", "120", "--bars-out", path) as sim:
                time.sleep(2.5)
                admin = sim.call("/_sim/bars?symbol=SBIN&exchange=NSE")[1].splitlines()
            with open(path) as f:
                written = [json.loads(line) for line in f if '"SBIN"' in line]
        self.assertGreaterEqual(len(admin), 3)
        self.assertEqual(written[:len(admin)], [json.loads(line) for line in admin])
        self.assertEqual(written[0]["type"], "CANDLE")


class Synthetic(unittest.TestCase):
    def test_the_same_seed_gives_the_same_market(self):
        args = [*BASE_ARGS, "--seed", "42", "--start", "2025-08-22T09:45:00"]
        with SimProcess(*args) as a:
            first = a.bars("NIFTY", "NSE_INDEX")
        with SimProcess(*args) as b:
            second = b.bars("NIFTY", "NSE_INDEX")
        self.assertEqual(first[:25], second[:25])
        self.assertGreaterEqual(len(first), 25)


if __name__ == "__main__":
    unittest.main()
