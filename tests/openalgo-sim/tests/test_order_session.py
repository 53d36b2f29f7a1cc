"""A scripted trading session on a running market: orders of every kind over ten market
minutes, fills in parts, a multi-leg structure, a cancel and a close-out. At the end the
books must agree, exactly (paise), with the fills as a client saw them: the order_update
stream, the trade book, the position book and the funds tell one story."""

import asyncio
import unittest
from collections import defaultdict
from decimal import Decimal

from common import KEY, START, Ws
from openalgo_sim.harness import SimProcess

ARGS = ["--api-key", KEY, "--start", START, "--prehistory-days", "0", "--history-pace", "0",
        "--symbols", "NSE_INDEX:NIFTY,NSE:SBIN,NSE:RELIANCE", "--speed", "40", "--tick-interval", "0.5",
        "--order-rate-limit", ""]


def paise(value) -> int:
    return int(Decimal(str(value)) * 100)


class Session(unittest.TestCase):
    def test_the_books_agree_with_the_fills(self):
        with SimProcess(*ARGS) as sim:
            updates = asyncio.run(asyncio.wait_for(self.session(sim), 120))
            self.check(sim, updates)

    async def session(self, sim):
        loop = asyncio.get_running_loop()

        async def api(endpoint, **body):
            return await loop.run_in_executor(None, sim.api, endpoint, {"apikey": KEY, **body})

        async def ltp(symbol, exchange="NSE"):
            return (await api("quotes", symbol=symbol, exchange=exchange))[1]["data"]["ltp"]

        async with Ws(sim.ws) as ws:
            await ws.auth()
            await ws.send({"action": "subscribe_orders"})
            await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "subscribe_orders")
            updates, pong = [], asyncio.Event()

            async def read():
                while True:
                    frame = await ws.recv(timeout=60)
                    if isinstance(frame, dict) and frame.get("type") == "order_update":
                        updates.append(frame)
                    elif isinstance(frame, dict) and frame.get("type") == "pong":
                        pong.set()

            reader = asyncio.ensure_future(read())
            order = {"strategy": "session", "exchange": "NSE", "product": "MIS"}
            sbin = await ltp("SBIN")
            await api("placeorder", **order, symbol="SBIN", action="BUY", quantity=10)
            await api("placeorder", **order, symbol="SBIN", action="SELL", quantity=4, pricetype="LIMIT",
                      price=round(sbin + 0.5, 1))
            await api("placeorder", **order, symbol="SBIN", action="SELL", quantity=3, pricetype="SL-M",
                      trigger_price=round(sbin - 0.5, 1))
            await loop.run_in_executor(None, lambda: sim.fault(fault="partial_fill", parts=3, interval_s=20,
                                                               symbols=["RELIANCE"], count=1))
            await api("placeorder", **order, symbol="RELIANCE", action="BUY", quantity=30)
            far = (await api("placeorder", **order, symbol="RELIANCE", action="BUY", quantity=5,
                             pricetype="LIMIT", price=round(await ltp("RELIANCE") * 0.8, 1)))[1]["orderid"]
            await api("optionsorder", strategy="session", underlying="NIFTY", exchange="NSE_INDEX",
                      expiry_date="26AUG25", offset="ATM", option_type="PE", action="BUY", quantity=130)
            await api("optionsmultiorder", strategy="session", underlying="NIFTY", exchange="NSE_INDEX",
                      expiry_date="26AUG25", legs=[
                          {"offset": "OTM1", "option_type": "CE", "action": "SELL", "quantity": 65},
                          {"offset": "OTM3", "option_type": "CE", "action": "BUY", "quantity": 65}])
            await asyncio.sleep(8)  # five market minutes: the stop and the limit may meet the market
            await api("cancelorder", strategy="session", orderid=far)
            await api("placeorder", **order, symbol="SBIN", action="BUY", quantity=2, pricetype="LIMIT",
                      price=round(await ltp("SBIN") + 1, 1))
            await asyncio.sleep(4)
            self.assertEqual((await api("cancelallorder", strategy="session"))[0], 200)
            self.assertEqual((await api("closeposition", strategy="session"))[0], 200)
            await ws.send({"action": "ping"})  # every update sent before it arrives before the pong
            await asyncio.wait_for(pong.wait(), 30)
            reader.cancel()
            return updates

    def check(self, sim, updates):
        book = sim.api("orderbook", {"apikey": KEY})[1]["data"]["orders"]
        trades = sim.api("tradebook", {"apikey": KEY})[1]["data"]
        positions = sim.api("positionbook", {"apikey": KEY})[1]["data"]
        exact = sim.call("/_sim/trades")[1]["trades"]
        self.assertGreaterEqual(len(book), 9)
        self.assertGreaterEqual(len(trades), 8)
        # The trade book is the exchange's fills, one row per fill, in order.
        self.assertEqual([(t["orderid"], t["quantity"], paise(t["average_price"])) for t in trades],
                         [(t["orderid"], t["quantity"], t["price_paise"]) for t in exact])
        self.assertEqual([paise(t["trade_value"]) for t in trades], [t["quantity"] * t["price_paise"] for t in exact])
        # Each order's fills as the stream told them: the steps of filled_quantity are its trades.
        fills = defaultdict(list)
        for t in trades:
            fills[t["orderid"]].append((t["quantity"], paise(t["average_price"])))
        stream = defaultdict(list)
        for u in updates:
            stream[u["orderid"]].append(u)
        last = {orderid: frames[-1] for orderid, frames in stream.items()}
        for orderid, frames in stream.items():
            filled = [0] + [f["filled_quantity"] for f in frames]
            steps = [b - a for a, b in zip(filled, filled[1:]) if b != a]
            self.assertEqual(steps, [q for q, _ in fills[orderid]], orderid)
        for row in book:
            final = last[row["orderid"]]
            filled = sum(q for q, _ in fills[row["orderid"]])
            self.assertEqual(final["order_status"], row["order_status"], row)
            self.assertEqual(final["filled_quantity"], filled, row)
            if filled:
                value = sum(q * p for q, p in fills[row["orderid"]])
                self.assertEqual(paise(final["average_price"]), (2 * value + filled) // (2 * filled), row)
            if row["order_status"] == "complete":
                self.assertEqual(filled, int(row["quantity"]), row)
        # Positions are the signed sums of the fills; P&L is sold - bought + net x LTP.
        net, cash = defaultdict(int), defaultdict(int)
        for t in trades:
            key = (t["symbol"], t["exchange"], t["product"])
            sign = 1 if t["action"] == "BUY" else -1
            net[key] += sign * t["quantity"]
            cash[key] -= sign * paise(t["trade_value"])
        self.assertEqual({(p["symbol"], p["exchange"], p["product"]) for p in positions}, set(net))
        for p in positions:
            key = (p["symbol"], p["exchange"], p["product"])
            self.assertEqual(int(p["quantity"]), net[key], p)
            self.assertEqual(paise(p["pnl"]), cash[key] + net[key] * paise(p["ltp"]), p)
        self.assertEqual(set(net.values()), {0}, "closeposition flattened every position")
        funds = sim.api("funds", {"apikey": KEY})[1]["data"]
        self.assertEqual(paise(funds["m2mrealized"]), sum(cash.values()))
        self.assertEqual(paise(funds["m2munrealized"]), 0)


if __name__ == "__main__":
    unittest.main()
