"""Fills from the market, every rule, on a scripted market (exact prices): MARKET at the
quote, LIMIT marketable on arrival or resting until a trade touches it, SL and SL-M waiting
for their trigger; modify and cancel; the books, positions and funds that follow, in the
number types OpenAlgo answers with; smart, split and basket orders; close and cancel all."""

import unittest

from orders_common import OrderCase


class MarketAndLimit(OrderCase):
    def test_order_ids_are_the_date_and_a_sequence(self):
        orderid = self.placed("COALINDIA", "BUY", 1)
        self.assertRegex(orderid, r"^250822\d{9}$")
        self.assertEqual(int(self.placed("COALINDIA", "SELL", 1)), int(orderid) + 1)

    def test_market_orders_fill_at_once_at_the_quote(self):
        self.trade("SBIN", 800)
        buy = self.placed("SBIN", "BUY", 10)
        sell = self.placed("SBIN", "SELL", 4)
        self.assertEqual(self.row(buy)["order_status"], "complete")
        self.assertEqual([(t["quantity"], t["average_price"]) for t in self.trades_of(buy)], [(10, 800.05)])
        self.assertEqual([(t["quantity"], t["average_price"]) for t in self.trades_of(sell)], [(4, 799.95)])
        self.assertEqual(self.trades_of(buy)[0]["trade_value"], 8000.5)

    def test_a_resting_limit_fills_at_its_price_when_a_trade_touches_it(self):
        self.trade("RELIANCE", 1400)
        orderid = self.placed("RELIANCE", "BUY", 5, pricetype="LIMIT", price=1398.5)
        self.assertEqual(self.status_of(orderid), "open")
        self.trade("RELIANCE", 1398.55)
        self.assertEqual(self.status_of(orderid), "open")
        self.trade("RELIANCE", 1398.5)  # touching counts
        self.assertEqual(self.status_of(orderid), "complete")
        self.assertEqual(self.trades_of(orderid)[0]["average_price"], 1398.5)
        sell = self.placed("RELIANCE", "SELL", 5, pricetype="LIMIT", price=1401)
        self.trade("RELIANCE", 1403.2)  # through it: still the limit price, never better
        self.assertEqual(self.trades_of(sell)[0]["average_price"], 1401.0)

    def test_a_marketable_limit_fills_at_once_at_the_quote(self):
        self.trade("INFY", 1500)
        orderid = self.placed("INFY", "BUY", 2, pricetype="LIMIT", price=1510)
        self.assertEqual(self.trades_of(orderid)[0]["average_price"], 1500.05)
        # a limit one tick under the ask rests
        resting = self.placed("INFY", "BUY", 2, pricetype="LIMIT", price=1500)
        self.assertEqual(self.status_of(resting), "open")

    def test_orderstatus_is_the_row_with_the_first_trades_price(self):
        self.trade("TCS", 3100)
        done = self.placed("TCS", "BUY", 3)
        status, body = self.api("orderstatus", strategy="x", orderid=done)
        self.assertEqual(status, 200)
        self.assertEqual(body["data"], {**self.row(done), "average_price": 3100.05})
        working = self.placed("TCS", "BUY", 3, pricetype="LIMIT", price=3000)
        self.assertEqual(self.api("orderstatus", strategy="x", orderid=working)[1]["data"]["average_price"], 0.0)
        self.assertEqual(self.api("orderstatus", strategy="x", orderid="1"),
                         (404, {"status": "error", "message": "Order 1 not found"}))


class Stops(OrderCase):
    def test_sl_m_waits_for_its_trigger_then_fills_at_market(self):
        self.trade("ITC", 400)
        orderid = self.placed("ITC", "BUY", 10, pricetype="SL-M", trigger_price=402)
        row = self.row(orderid)
        self.assertEqual((row["order_status"], row["trigger_price"], row["price"]), ("trigger pending", 402.0, 0.0))
        self.trade("ITC", 401.95)
        self.assertEqual(self.status_of(orderid), "trigger pending")
        self.trade("ITC", 403.5)  # gapped through: the fill is at that trade's ask
        self.assertEqual(self.trades_of(orderid)[0]["average_price"], 403.55)
        sell = self.placed("ITC", "SELL", 10, pricetype="SL-M", trigger_price=400)
        self.trade("ITC", 400)  # touching counts
        self.assertEqual(self.trades_of(sell)[0]["average_price"], 399.95)

    def test_sl_becomes_a_limit_at_its_trigger(self):
        self.trade("WIPRO", 250)
        marketable = self.placed("WIPRO", "SELL", 1, pricetype="SL", trigger_price=249, price=248)
        resting = self.placed("WIPRO", "SELL", 1, pricetype="SL", trigger_price=249, price=248.9)
        self.trade("WIPRO", 248.9)
        self.assertEqual(self.trades_of(marketable)[0]["average_price"], 248.85)  # at the bid
        self.assertEqual(self.status_of(resting), "open")  # triggered; bid 248.85 < limit 248.90
        self.trade("WIPRO", 249.3)
        self.assertEqual(self.trades_of(resting)[0]["average_price"], 248.9)


class ModifyAndCancel(OrderCase):
    def test_modify_moves_a_working_order_and_a_marketable_one_fills(self):
        self.trade("LT", 3500)
        orderid = self.placed("LT", "BUY", 5, pricetype="LIMIT", price=3490)
        change = {"strategy": "x", "orderid": orderid, "exchange": "NSE", "symbol": "LT", "action": "BUY",
                  "product": "MIS", "disclosed_quantity": 0, "trigger_price": 0}
        self.assertEqual(self.api("modifyorder", **change, pricetype="LIMIT", price=3495, quantity=7),
                         (200, {"status": "success", "orderid": orderid}))
        row = self.row(orderid)
        self.assertEqual((row["price"], row["quantity"], row["order_status"]), (3495.0, "7", "open"))
        self.api("modifyorder", **change, pricetype="LIMIT", price=3501, quantity=7)
        self.assertEqual(self.trades_of(orderid)[0]["average_price"], 3500.05)
        self.assertEqual(self.api("modifyorder", **change, pricetype="LIMIT", price=3502, quantity=7),
                         (400, {"status": "error", "message": "Cannot modify order in complete status"}))
        stop = self.placed("LT", "SELL", 5, pricetype="LIMIT", price=3600)
        self.api("modifyorder", **{**change, "orderid": stop, "action": "SELL", "pricetype": "SL-M",
                                   "price": 0, "quantity": 5, "trigger_price": 3450})
        self.assertEqual(self.status_of(stop), "trigger pending")
        self.assertEqual(self.api("modifyorder", **{**change, "orderid": "9"}, pricetype="MARKET", price=0, quantity=1),
                         (404, {"status": "error", "message": "Order 9 not found"}))

    def test_cancel_a_working_order_and_not_a_finished_one(self):
        self.trade("HDFCBANK", 1950)
        orderid = self.placed("HDFCBANK", "BUY", 1, pricetype="LIMIT", price=1900)
        self.assertEqual(self.api("cancelorder", strategy="x", orderid=orderid),
                         (200, {"status": "success", "orderid": orderid}))
        self.assertEqual(self.status_of(orderid), "cancelled")
        self.trade("HDFCBANK", 1890)
        self.assertEqual(self.trades_of(orderid), [])
        self.assertEqual(self.api("cancelorder", strategy="x", orderid=orderid), (500, {
            "status": "error", "message": f"Failed to cancel order: Order {orderid} cannot be cancelled: it is cancelled"}))

    def test_cancel_all_and_close_all(self):
        self.trade("ICICIBANK", 1400)
        self.trade("AXISBANK", 1100)
        working = [self.placed("ICICIBANK", "BUY", 1, pricetype="LIMIT", price=1300),
                   self.placed("AXISBANK", "SELL", 1, pricetype="SL-M", trigger_price=1000)]
        self.placed("ICICIBANK", "BUY", 6)
        self.placed("AXISBANK", "BUY", 4, product="CNC")
        status, body = self.api("cancelallorder", strategy="x")
        self.assertEqual(status, 200)
        self.assertTrue(set(working) <= set(body["canceled_orders"]))
        self.assertEqual(body["failed_cancellations"], [])
        self.assertEqual(body["message"], f"Canceled {len(body['canceled_orders'])} orders. Failed to cancel 0 orders.")
        self.assertEqual(self.api("closeposition", strategy="x"),
                         (200, {"status": "success", "message": "All Open Positions Squared Off"}))
        self.assertEqual(self.position("ICICIBANK")["quantity"], "0")
        self.assertEqual(self.position("AXISBANK", product="CNC")["quantity"], "0")
        closers = [o for o in self.sim.call("/_sim/orders")[1]["orders"] if o["strategy"] == "Squareoff"]
        self.assertTrue({("ICICIBANK", "SELL", 6), ("AXISBANK", "SELL", 4)} <= {
            (o["symbol"], o["action"], o["quantity"]) for o in closers})


class Books(OrderCase):
    def test_positions_and_funds_follow_the_fills_exactly(self):
        self.trade("MARUTI", 12000)
        self.placed("MARUTI", "BUY", 3)  # 12000.05
        self.trade("MARUTI", 12010)
        self.placed("MARUTI", "BUY", 2)  # 12010.05
        self.assertEqual(self.position("MARUTI"), {
            "symbol": "MARUTI", "exchange": "NSE", "product": "MIS", "quantity": "5",
            "average_price": "12004.05", "ltp": "12010.00", "pnl": "29.75"})
        self.placed("MARUTI", "SELL", 4)  # 12009.95
        pos = self.position("MARUTI")
        # sold 48039.80 - bought 60020.25 + 1 x 12010.00 = 29.55
        self.assertEqual((pos["quantity"], pos["average_price"], pos["pnl"]), ("1", "12004.05", "29.55"))
        self.assertEqual(self.api("openposition", strategy="x", symbol="MARUTI", exchange="NSE", product="MIS"),
                         (200, {"quantity": "1", "status": "success"}))
        self.assertEqual(self.api("openposition", strategy="x", symbol="MARUTI", exchange="NSE", product="CNC"),
                         (200, {"quantity": 0, "status": "success"}))

    def test_funds_are_strings_and_add_up(self):
        status, body = self.api("funds")
        self.assertEqual(status, 200)
        funds = body["data"]
        self.assertEqual(set(funds), {"availablecash", "collateral", "m2mrealized", "m2munrealized", "utiliseddebits"})
        self.assertTrue(all(isinstance(v, str) for v in funds.values()))
        state = self.sim.call("/_sim/state")[1]["funds_paise"]
        self.assertEqual(funds["availablecash"], f"{state['available'] / 100:.2f}")
        self.assertEqual(state["available"], state["opening"] + state["realised"] - state["blocked"])

    def test_orderbook_shapes_and_statistics(self):
        self.trade("TITAN", 3400)
        self.placed("TITAN", "BUY", 1)
        self.placed("TITAN", "SELL", 1, pricetype="LIMIT", price=3500)
        status, body = self.api("orderbook")
        self.assertEqual(status, 200)
        orders, stats = body["data"]["orders"], body["data"]["statistics"]
        row = orders[-1]
        self.assertEqual(set(row), {"action", "symbol", "exchange", "orderid", "product", "quantity", "price",
                                    "pricetype", "order_status", "trigger_price", "timestamp"})
        self.assertEqual((row["quantity"], row["price"], row["timestamp"]), ("1", 3500.0, "22-Aug-2025 09:15:00"))
        self.assertEqual(stats, {"total_buy_orders": sum(o["action"] == "BUY" for o in orders),
                                 "total_sell_orders": sum(o["action"] == "SELL" for o in orders),
                                 "total_completed_orders": sum(o["order_status"] == "complete" for o in orders),
                                 "total_open_orders": sum(o["order_status"] == "open" for o in orders),
                                 "total_rejected_orders": sum(o["order_status"] == "rejected" for o in orders)})
        trade = self.api("tradebook")[1]["data"][-1]
        self.assertEqual(set(trade), {"action", "symbol", "exchange", "orderid", "product", "quantity",
                                      "average_price", "timestamp", "trade_value"})
        self.assertIsInstance(trade["quantity"], int)
        self.assertEqual(self.api("holdings")[1]["data"]["holdings"], [])


class SmartSplitBasket(OrderCase):
    def smart(self, size, action="BUY", quantity=0):
        return self.api("placesmartorder", strategy="x", symbol="SUNPHARMA", exchange="NSE", action=action,
                        quantity=quantity, position_size=size)

    def test_smart_orders_reach_the_target_position(self):
        self.trade("SUNPHARMA", 1700)
        self.assertEqual(self.smart(10)[0], 200)
        self.assertEqual(self.position("SUNPHARMA")["quantity"], "10")
        status, body = self.smart(-5)
        self.assertEqual(self.full(body["orderid"])["quantity"], 15)
        self.assertEqual(self.position("SUNPHARMA")["quantity"], "-5")
        self.assertEqual(self.smart(-5), (200, {"status": "success",
                                                "message": "Positions Already Matched. No Action needed."}))
        self.smart(0)
        self.assertEqual(self.position("SUNPHARMA")["quantity"], "0")
        self.smart(0, "SELL", 3)  # flat and a flat target: the request's action and quantity
        self.assertEqual(self.position("SUNPHARMA")["quantity"], "-3")

    def test_split_orders_carry_the_remainder_last(self):
        self.trade("NIFTY", 24800)
        status, body = self.api("splitorder", strategy="x", symbol="NIFTY26AUG2524800PE", exchange="NFO",
                                action="BUY", quantity=1950, splitsize=650)
        self.assertEqual(status, 200)
        self.assertEqual((body["total_quantity"], body["split_size"]), (1950, 650))
        self.assertEqual([(r["order_num"], r["quantity"], r["status"]) for r in body["results"]],
                         [(1, 650, "success"), (2, 650, "success"), (3, 650, "success")])
        status, body = self.api("splitorder", strategy="x", symbol="ONGC", exchange="NSE", action="BUY",
                                quantity=250, splitsize=1)
        self.assertEqual((status, body["message"]), (400, "Total number of orders would exceed maximum limit of 100"))
        status, body = self.api("splitorder", strategy="x", symbol="NIFTY26AUG2524800PE", exchange="NFO",
                                action="BUY", quantity=100, splitsize=60)
        self.assertEqual([r["message"] for r in body["results"]], ["Quantity must be in multiples of lot size 65"] * 2)

    def test_a_basket_places_buys_before_sells(self):
        self.trade("NTPC", 340)
        self.trade("CIPLA", 1500)
        status, body = self.api("basketorder", strategy="x", orders=[
            {"symbol": "NTPC", "exchange": "NSE", "action": "SELL", "quantity": 1},
            {"symbol": "CIPLA", "exchange": "NSE", "action": "BUY", "quantity": 1},
            {"symbol": "NOSUCH", "exchange": "NSE", "action": "BUY", "quantity": 1}])
        self.assertEqual(status, 200)
        self.assertEqual([(r["symbol"], r["status"]) for r in body["results"]],
                         [("CIPLA", "success"), ("NOSUCH", "error"), ("NTPC", "success")])
        self.assertLess(int(body["results"][0]["orderid"]), int(body["results"][2]["orderid"]))


class EndOfDay(OrderCase):
    args = ["--mis-squareoff", "15:20"]

    def test_day_orders_expire_at_the_close_and_mis_is_squared_off(self):
        self.trade("BPCL", 300)
        mis = self.placed("BPCL", "BUY", 10)
        cnc = self.placed("BPCL", "BUY", 5, product="CNC")
        working = self.placed("BPCL", "BUY", 1, pricetype="LIMIT", price=250, product="CNC")
        self.sim.call("/_sim/clock", {"jump_to": "2025-08-22T15:20:00"})
        self.settle()
        self.assertEqual(self.position("BPCL")["quantity"], "0")
        self.assertEqual(self.position("BPCL", product="CNC")["quantity"], "5")
        squareoff = [o for o in self.sim.call("/_sim/orders")[1]["orders"] if o["strategy"] == "RMS square-off"]
        self.assertEqual([(o["action"], o["quantity"], o["order_status"]) for o in squareoff], [("SELL", 10, "complete")])
        self.assertEqual(self.status_of(working), "open")
        self.sim.call("/_sim/clock", {"jump_to": "2025-08-22T15:30:00"})
        self.settle()
        self.assertEqual(self.status_of(working), "cancelled")
        self.assertEqual((self.status_of(mis), self.status_of(cnc)), ("complete", "complete"))


class Rms(OrderCase):
    def test_a_cnc_sale_without_shares_or_margin_is_rejected_after_acknowledgement(self):
        self.trade("CIPLA", 1500)
        orderid = self.placed("CIPLA", "SELL", 2, product="CNC")
        row = self.full(orderid)
        self.assertEqual(row["order_status"], "rejected")
        self.assertIn("Cannot sell CIPLA in CNC", row["rejection_reason"])
        self.placed("CIPLA", "BUY", 2, product="CNC")
        self.assertEqual(self.status_of(self.placed("CIPLA", "SELL", 2, product="CNC")), "complete")
        big = self.placed("CIPLA", "BUY", 100000, product="CNC")  # 15 crore against 1 crore of cash
        reason = self.full(big)["rejection_reason"]
        self.assertTrue(reason.startswith("RMS:Margin Exceeds,Required:150005000.00, Available:"), reason)
        self.assertEqual(self.trades_of(big), [])


if __name__ == "__main__":
    unittest.main()
