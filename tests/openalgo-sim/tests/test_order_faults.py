"""Every order fault on command, each as a client meets it: an order placed but its answer
never sent (dropped or timed out), fills in parts, a rejection after acknowledgement, a
multi-leg order whose SELL leg fails, a 429 storm, an auth failure, slow answers, an expired
broker session, duplicated order updates, and a fault at a market time; with the request
log counting placements per strategy the way a "placed once" test does."""

import http.client
import json
import socket
import threading
import time
import unittest
import urllib.parse

from common import KEY, Ws
from orders_common import OrderCase


class Faults(OrderCase):
    def post(self, endpoint, body, timeout):
        """One request on its own connection, as a client with that timeout sends it."""
        url = urllib.parse.urlparse(self.sim.rest)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        try:
            conn.request("POST", f"/api/v1/{endpoint}", json.dumps({"apikey": KEY, **body}),
                         {"Content-Type": "application/json"})
            response = conn.getresponse()
            return response.status, json.loads(response.read())
        finally:
            conn.close()

    def placements(self, strategy):
        return self.sim.call("/_sim/placements")[1]["placements"].get(strategy, {"requests": 0, "orders": 0})

    def order(self, symbol, strategy, **kw):
        return {"strategy": strategy, "symbol": symbol, "exchange": "NSE", "action": "BUY", "quantity": 1, **kw}

    # The answer withheld ------------------------------------------------------------------

    def test_the_order_is_placed_but_the_connection_drops_without_an_answer(self):
        self.trade("SBIN", 800)
        self.sim.fault(fault="withhold", endpoints=["placeorder"], hold_ms=200, count=1)
        with self.assertRaises(http.client.RemoteDisconnected):
            self.post("placeorder", self.order("SBIN", "withheld-1"), timeout=10)
        placed = self.placements("withheld-1")
        self.assertEqual((placed["requests"], placed["orders"]), (1, 1))
        [orderid] = placed["orderids"]
        self.assertEqual(self.status_of(orderid), "complete")  # the order book settles it
        entry = self.sim.requests(name="placeorder")[-1]
        self.assertEqual((entry["withheld"], entry["orderids"], entry["body"]["apikey"]), (True, [orderid], "***"))
        # A client that resends instead of looking it up places it twice: the log shows it.
        self.assertEqual(self.post("placeorder", self.order("SBIN", "withheld-1"), timeout=10)[0], 200)
        self.assertEqual(self.placements("withheld-1")["orders"], 2)

    def test_the_order_is_placed_but_the_client_times_out(self):
        self.trade("RELIANCE", 1400)
        self.sim.fault(fault="withhold", endpoints=["placeorder"], hold_ms=3000, count=1)
        started = time.monotonic()
        with self.assertRaises((socket.timeout, TimeoutError)):
            self.post("placeorder", self.order("RELIANCE", "withheld-2", pricetype="LIMIT", price=1390), timeout=0.5)
        self.assertLess(time.monotonic() - started, 2.5)
        [orderid] = self.placements("withheld-2")["orderids"]
        self.assertEqual(self.status_of(orderid), "open")

    # Fills in parts -----------------------------------------------------------------------

    def test_a_market_order_fills_in_parts_over_time(self):
        self.trade("INFY", 1500)
        self.sim.fault(fault="partial_fill", parts=3, interval_s=2, symbols=["INFY"], count=1)
        orderid = self.placed("INFY", "BUY", 30)
        self.assertEqual((self.full(orderid)["filled_quantity"], self.status_of(orderid)), (10, "open"))
        status = self.api("orderstatus", strategy="x", orderid=orderid)[1]["data"]
        self.assertEqual((status["order_status"], status["average_price"]), ("open", 0.0))
        self.trade("INFY", 1501)
        self.advance(1)
        self.assertEqual(self.full(orderid)["filled_quantity"], 10)  # not before interval_s
        self.advance(1)
        self.assertEqual(self.full(orderid)["filled_quantity"], 20)
        self.trade("INFY", 1502)
        self.advance(2)
        full = self.full(orderid)
        self.assertEqual((full["order_status"], full["filled_quantity"], full["pending_quantity"]), ("complete", 30, 0))
        self.assertEqual([(t["quantity"], t["average_price"]) for t in self.trades_of(orderid)],
                         [(10, 1500.05), (10, 1501.05), (10, 1502.05)])
        self.assertEqual(full["average_price"], 1501.05)
        # OpenAlgo's orderstatus takes the first trade's price, not the average
        self.assertEqual(self.api("orderstatus", strategy="x", orderid=orderid)[1]["data"]["average_price"], 1500.05)

    def test_a_limit_fills_in_part_and_the_rest_is_cancelled(self):
        self.trade("TCS", 3100)
        self.sim.fault(fault="partial_fill", parts=2, fill_parts=1, symbols=["TCS"], count=1)
        orderid = self.placed("TCS", "BUY", 10, pricetype="LIMIT", price=3090)
        self.trade("TCS", 3089)
        self.advance(5)
        self.trade("TCS", 3080)
        full = self.full(orderid)
        self.assertEqual((full["order_status"], full["filled_quantity"], full["pending_quantity"]), ("open", 5, 5))
        self.api("cancelorder", strategy="x", orderid=orderid)
        full = self.full(orderid)
        self.assertEqual((full["order_status"], full["filled_quantity"], full["pending_quantity"]), ("cancelled", 5, 0))
        self.assertEqual(self.position("TCS")["quantity"], "5")

    def test_parts_are_whole_lots(self):
        self.trade("NIFTY", 24800)
        self.sim.fault(fault="partial_fill", parts=3, interval_s=0.5, symbols=["NIFTY26AUG2524800CE"], count=1)
        orderid = self.placed("NIFTY26AUG2524800CE", "BUY", 260, exchange="NFO")
        self.advance(0.5)
        self.advance(0.5)
        self.assertEqual([t["quantity"] for t in self.trades_of(orderid)], [65, 65, 130])

    # Rejections ---------------------------------------------------------------------------

    def test_rms_rejects_an_acknowledged_order(self):
        self.trade("ITC", 400)
        self.sim.fault(fault="rms_reject", after_s=1, reason="RMS:Blocked for testing", count=1)
        status, body = self.place("ITC", "BUY", 5)
        self.assertEqual((status, list(body)), (200, ["orderid", "status"]))
        orderid = body["orderid"]
        self.assertEqual(self.status_of(orderid), "open")  # acknowledged is not filled
        self.advance(1)
        full = self.full(orderid)
        self.assertEqual((full["order_status"], full["rejection_reason"], full["fills"]),
                         ("rejected", "RMS:Blocked for testing", []))
        self.assertEqual(self.api("orderbook")[1]["data"]["statistics"]["total_rejected_orders"], 1)
        self.assertEqual(self.status_of(self.placed("ITC", "BUY", 5)), "complete")  # count 1: the next is fine

    def test_a_multi_leg_order_whose_sell_leg_fails(self):
        self.trade("NIFTY", 24800)
        self.sim.fault(fault="order_reject", action="SELL", endpoints=["optionsmultiorder"], count=1,
                       message="Insufficient margin for the short leg")
        status, body = self.api("optionsmultiorder", strategy="ic", underlying="NIFTY", exchange="NSE_INDEX",
                                expiry_date="26AUG25", legs=[
                                    {"offset": "OTM1", "option_type": "CE", "action": "SELL", "quantity": 65},
                                    {"offset": "OTM2", "option_type": "CE", "action": "BUY", "quantity": 65}])
        self.assertEqual((status, body["status"]), (200, "success"))
        sell, buy = body["results"]
        self.assertEqual((sell["status"], sell["message"]), ("error", "Insufficient margin for the short leg"))
        self.assertEqual((buy["status"], self.status_of(buy["orderid"])), ("success", "complete"))
        self.assertEqual(self.position("NIFTY26AUG2524900CE", exchange="NFO")["quantity"], "65")  # left unhedged
        self.assertEqual(self.placements("ic")["orders"], 1)

    # The gate: 429, keys, slowness, the session ----------------------------------------------

    def test_a_429_storm_on_placements(self):
        self.sim.fault(fault="rate_limit", endpoints=["placeorder"], seconds=2.0, retry_after=1)
        started = time.monotonic()
        statuses = []
        while time.monotonic() - started < 0.5:
            status, body = self.place("WIPRO", "BUY", 1, strategy="storm")
            statuses.append(status)
            self.assertEqual(body, {"status": "error", "retry_after": 1,
                                    "message": "Rate limit exceeded. Please slow down your requests."})
        self.assertEqual(self.api("orderbook")[0], 200)  # other endpoints answer
        self.assertEqual(self.placements("storm")["orders"], 0)
        time.sleep(max(0.0, 2.1 - (time.monotonic() - started)))
        self.assertEqual(self.place("WIPRO", "BUY", 1, strategy="storm")[0], 200)
        self.assertEqual(self.placements("storm"), {**self.placements("storm"), "requests": len(statuses) + 1, "orders": 1})

    def test_auth_failures(self):
        self.sim.fault(fault="auth_fail", target="rest", count=2)
        self.assertEqual(self.place("LT", "BUY", 1),
                         (403, {"status": "error", "message": "Invalid openalgo apikey"}))
        status, body = self.api("optionsorder", strategy="x", underlying="NIFTY", exchange="NSE_INDEX",
                                expiry_date="26AUG25", offset="ATM", option_type="CE", action="BUY", quantity=65)
        self.assertEqual((status, body["message"]), (403, "Failed to fetch LTP for NIFTY. Invalid openalgo apikey"))
        self.assertEqual(self.place("LT", "BUY", 1)[0], 200)

    def test_slow_answers_before_and_after_the_order_is_placed(self):
        self.trade("HDFCBANK", 1950)
        for phase in ("after", "before"):
            strategy = f"slow-{phase}"
            self.sim.fault(fault="slow", target="rest", phase=phase, delay_ms=2000, endpoints=["placeorder"], count=1)
            answers = []
            worker = threading.Thread(target=lambda: answers.append(self.place("HDFCBANK", "BUY", 1, strategy=strategy)))
            started = time.monotonic()
            worker.start()
            placed_while_waiting = False
            while worker.is_alive() and time.monotonic() - started < 1.5:
                placed_while_waiting = self.placements(strategy)["orders"] == 1
                if placed_while_waiting:
                    break
                time.sleep(0.05)
            self.assertTrue(worker.is_alive(), "the answer came before the delay")
            # phase after: placed, the acknowledgement late; phase before: nothing placed yet
            self.assertEqual(placed_while_waiting, phase == "after")
            worker.join(10)
            self.assertGreaterEqual(time.monotonic() - started, 2.0)
            self.assertEqual(answers[0][0], 200)
            self.assertEqual(self.placements(strategy)["orders"], 1)

    def test_an_expired_broker_session(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe_orders"})
                await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "subscribe_orders")
                self.trade("ICICIBANK", 1400)
                orderid = self.placed("ICICIBANK", "BUY", 1, pricetype="LIMIT", price=1390)
                await ws.recv_until(lambda f: isinstance(f, dict) and f.get("order_status") == "open")
                self.sim.fault(fault="session_expired")
                expired = {"status": "error", "message": "Incorrect `api_key` or `access_token`."}
                self.assertEqual(self.place("ICICIBANK", "BUY", 1), (403, expired))
                self.assertEqual(self.api("orderbook"), (500, expired))
                self.assertEqual(self.api("cancelorder", strategy="x", orderid=orderid), (500, expired))
                self.assertEqual(self.api("ping")[0], 200)
                self.trade("ICICIBANK", 1389)  # it fills at the exchange; the update is lost
                await ws.send({"action": "ping"})
                frame = await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") in ("pong", "order_update"))
                self.assertEqual(frame["type"], "pong")
                self.sim.clear_faults()
                self.assertEqual(self.status_of(orderid), "complete")
        self.run_async(go())

    def test_order_updates_delivered_twice(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe_orders"})
                await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "subscribe_orders")
                self.sim.fault(fault="duplicate_update", count=2)
                self.trade("AXISBANK", 1100)
                self.placed("AXISBANK", "BUY", 1)
                await ws.send({"action": "ping"})
                updates = []
                while True:
                    frame = await ws.recv()
                    if isinstance(frame, dict) and frame.get("type") == "pong":
                        break
                    updates.append(frame)
                statuses = [u["order_status"] for u in updates]
                self.assertEqual(statuses, ["open", "open", "complete", "complete"])
                self.assertEqual(updates[0], updates[1])
                # deduplicated as the reference says: orderid + order_status + filled_quantity
                self.assertEqual(len({(u["orderid"], u["order_status"], u["filled_quantity"]) for u in updates}), 2)
        self.run_async(go())

    def test_order_fault_specs_are_checked(self):
        self.assertEqual(self.sim.fault(fault="partial_fill", parts=0)[0], 400)
        self.assertEqual(self.sim.fault(fault="order_reject", action="HOLD")[0], 400)
        self.assertEqual(self.sim.fault(fault="slow", delay_ms=1, phase="during")[0], 400)


class Scheduled(OrderCase):
    args = ["--fault-at", '09:16:00={"fault":"rms_reject","after_s":0,"count":1}']

    def test_an_order_fault_at_a_market_time(self):
        self.trade("MARUTI", 12000)
        self.assertEqual(self.status_of(self.placed("MARUTI", "BUY", 1)), "complete")
        self.sim.call("/_sim/clock", {"jump_to": "2025-08-22T09:16:00"})
        self.settle()
        orderid = self.placed("MARUTI", "BUY", 1)
        self.settle()
        self.assertEqual(self.status_of(orderid), "rejected")
        self.assertTrue(self.full(orderid)["rejection_reason"].startswith("RMS:Margin Exceeds,Required:2400.01, Available:0.00"))  # MIS: 5x


if __name__ == "__main__":
    unittest.main()
