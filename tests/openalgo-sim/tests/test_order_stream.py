"""The WebSocket order_update stream after subscribe_orders: one frame per transition, in
the shape and key order of OpenAlgo's relay, only to clients that asked for it."""

import unittest

from common import Ws
from orders_common import OrderCase

KEYS = ["type", "user_id", "mode", "broker", "orderid", "symbol", "exchange", "action", "quantity", "price",
        "trigger_price", "pricetype", "product", "order_status", "filled_quantity", "pending_quantity",
        "average_price", "rejection_reason"]


def is_update(frame):
    return isinstance(frame, dict) and frame.get("type") == "order_update"


def is_pong(frame):
    return isinstance(frame, dict) and frame.get("type") == "pong"


class Stream(OrderCase):
    async def subscribed(self, ws):
        await ws.auth()
        await ws.send({"action": "subscribe_orders"})
        return await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "subscribe_orders")

    async def updates_until_pong(self, ws):
        """Every order_update received before the answer to a ping sent now."""
        await ws.send({"action": "ping"})
        out = []
        while True:
            frame = await ws.recv()
            if is_pong(frame):
                return out
            if is_update(frame):
                out.append(frame)

    def test_a_market_order_opens_then_completes(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                ack = await self.subscribed(ws)
                self.assertEqual(ack, {"type": "subscribe_orders", "status": "success",
                                       "message": "Subscribed to order updates"})
                self.trade("SBIN", 800)
                orderid = self.placed("SBIN", "BUY", 10)
                opened, done = await self.updates_until_pong(ws)
                self.assertEqual(list(opened), KEYS)
                self.assertEqual(opened, {
                    "type": "order_update", "user_id": "simuser", "mode": "live", "broker": "zerodha",
                    "orderid": orderid, "symbol": "SBIN", "exchange": "NSE", "action": "BUY", "quantity": 10,
                    "price": 0.0, "trigger_price": 0.0, "pricetype": "MARKET", "product": "MIS",
                    "order_status": "open", "filled_quantity": 0, "pending_quantity": 10, "average_price": 0.0,
                    "rejection_reason": ""})
                self.assertEqual({**opened, "order_status": "complete", "filled_quantity": 10, "pending_quantity": 0,
                                  "average_price": 800.05}, done)
        self.run_async(go())

    def test_stops_limits_and_cancels(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                self.trade("RELIANCE", 1400)
                stop = self.placed("RELIANCE", "SELL", 2, pricetype="SL", trigger_price=1390, price=1389)
                limit = self.placed("RELIANCE", "BUY", 3, pricetype="LIMIT", price=1350)
                self.trade("RELIANCE", 1390)
                self.api("cancelorder", strategy="x", orderid=limit)
                seen = [(u["orderid"], u["order_status"], u["filled_quantity"], u["pending_quantity"])
                        for u in await self.updates_until_pong(ws)]
                self.assertEqual(seen, [(stop, "trigger pending", 0, 2), (limit, "open", 0, 3),
                                        (stop, "open", 0, 2), (stop, "complete", 2, 0), (limit, "cancelled", 0, 0)])
        self.run_async(go())

    def test_only_subscribers_hear_and_unsubscribing_stops_it(self):
        async def go():
            async with Ws(self.sim.ws) as ws, Ws(self.sim.ws) as other:
                await self.subscribed(ws)
                await other.auth()
                self.trade("INFY", 1500)
                self.placed("INFY", "BUY", 1)
                self.assertEqual(len(await self.updates_until_pong(ws)), 2)
                self.assertEqual(await self.updates_until_pong(other), [])
                await ws.send({"action": "unsubscribe_orders"})
                await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "unsubscribe_orders")
                self.placed("INFY", "BUY", 1)
                self.assertEqual(await self.updates_until_pong(ws), [])
            async with Ws(self.sim.ws) as anonymous:
                await anonymous.send({"action": "subscribe_orders"})
                self.assertEqual(await anonymous.recv(), {"status": "error", "code": "NOT_AUTHENTICATED",
                                                          "message": "You must authenticate first"})
        self.run_async(go())


if __name__ == "__main__":
    unittest.main()
