"""What the order suites share: a simulator over a quiet, scripted market (an empty
recorded file, the clock paused at 09:15 on a trading day), where a test sets prices with
POST /_sim/trade and moves time with POST /_sim/clock, so every fill is exact and no test
depends on another's timing. Each test trades its own symbols."""

import asyncio
import atexit
import os
import tempfile
import time
import unittest

from common import KEY, START
from openalgo_sim.harness import SimProcess

_QUIET = tempfile.NamedTemporaryFile(prefix="openalgo-sim-quiet-", suffix=".csv", delete=False)
_QUIET.close()
QUIET_MARKET = _QUIET.name  # no trades at all: only what a test plays

EQUITIES = ["SBIN", "RELIANCE", "INFY", "TCS", "ITC", "WIPRO", "LT", "HDFCBANK", "ICICIBANK",
            "AXISBANK", "MARUTI", "TITAN", "SUNPHARMA", "ONGC", "NTPC", "CIPLA", "BPCL", "COALINDIA"]
SYMBOLS = ",".join(["NSE_INDEX:NIFTY@24800", "NSE_INDEX:BANKNIFTY@55000"]
                   + [f"NSE:{s}@1000" for s in EQUITIES])
ORDER_ARGS = ["--api-key", KEY, "--start", START, "--prehistory-days", "0", "--history-pace", "0",
              "--symbols", SYMBOLS, "--market", QUIET_MARKET, "--paused", "--order-rate-limit", ""]
MARKET_MS = 1755834300000  # 2025-08-22 09:15:00 IST, where the clock starts


class OrderCase(unittest.TestCase):
    """One simulator per class; faults cleared after each test."""

    args = []

    @classmethod
    def setUpClass(cls):
        cls.sim = SimProcess(*ORDER_ARGS, *cls.args).start()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def tearDown(self):
        self.sim.clear_faults()

    def run_async(self, coro, timeout=60):
        return asyncio.run(asyncio.wait_for(coro, timeout))

    # REST ---------------------------------------------------------------------------------

    def api(self, endpoint, **body):
        return self.sim.api(endpoint, {"apikey": KEY, **body})

    def place(self, symbol, action, quantity, exchange="NSE", strategy="test", **kw):
        return self.api("placeorder", strategy=strategy, symbol=symbol, exchange=exchange,
                        action=action, quantity=quantity, **kw)

    def placed(self, *args, **kw) -> str:
        status, body = self.place(*args, **kw)
        self.assertEqual(status, 200, body)
        return body["orderid"]

    def row(self, orderid) -> dict:
        orders = self.api("orderbook")[1]["data"]["orders"]
        return next(o for o in orders if o["orderid"] == orderid)

    def status_of(self, orderid) -> str:
        return self.row(orderid)["order_status"]

    def trades_of(self, orderid):
        return [t for t in self.api("tradebook")[1]["data"] if t["orderid"] == orderid]

    def position(self, symbol, exchange="NSE", product="MIS"):
        rows = self.api("positionbook")[1]["data"]
        return next((p for p in rows if (p["symbol"], p["exchange"], p["product"]) == (symbol, exchange, product)), None)

    def full(self, orderid) -> dict:
        return next(o for o in self.sim.call("/_sim/orders")[1]["orders"] if o["orderid"] == orderid)

    # The market ---------------------------------------------------------------------------

    def trade(self, symbol, ltp, **kw):
        status, body = self.sim.call("/_sim/trade", {"symbol": symbol, "ltp": ltp, **kw})
        self.assertEqual(status, 200, body)
        return body

    def now_ms(self) -> int:
        return self.sim.call("/_sim/state")[1]["market_ms"]

    def advance(self, seconds: float) -> int:
        """Moves market time forward and waits until the player has caught up with it."""
        target = self.now_ms() + int(seconds * 1000)
        self.sim.call("/_sim/clock", {"jump_to": str(target)})
        deadline = time.monotonic() + 20
        while self.sim.call("/_sim/state")[1]["played_ms"] < target:
            self.assertLess(time.monotonic(), deadline, "the player did not catch up")
            time.sleep(0.02)
        return target

    def settle(self):
        """Waits for a turn of the player (order timers run there)."""
        self.advance(0.001)


@atexit.register
def _cleanup():
    try:
        os.unlink(QUIET_MARKET)
    except OSError:
        pass
