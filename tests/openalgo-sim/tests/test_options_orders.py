"""optionsorder and optionsmultiorder: the option an offset names, resolved as OpenAlgo
does against the simulated chain and its real expiries (the same ATM /optionchain labels),
split children, BUY legs before SELL legs, and an answer per leg."""

import unittest

from orders_common import OrderCase

NIFTY = {"strategy": "opt", "underlying": "NIFTY", "exchange": "NSE_INDEX", "expiry_date": "26AUG25"}


class OptionsOrder(OrderCase):
    def order(self, offset, option_type, action="BUY", quantity=65, **kw):
        return self.api("optionsorder", **{**NIFTY, **kw}, offset=offset, option_type=option_type,
                        action=action, quantity=quantity)

    def test_offsets_name_the_strikes_the_option_chain_labels(self):
        self.trade("NIFTY", 24874.6)  # nearer 24850 than 24900
        status, body = self.order("ATM", "CE")
        self.assertEqual(status, 200, body)
        self.assertEqual({k: v for k, v in body.items() if k != "orderid"}, {
            "status": "success", "symbol": "NIFTY26AUG2524850CE", "exchange": "NFO", "underlying": "NIFTY",
            "underlying_ltp": 24874.6, "offset": "ATM", "option_type": "CE"})
        chain = self.api("optionchain", underlying="NIFTY", exchange="NSE_INDEX", expiry_date="26AUG25",
                         strike_count=3)[1]["chain"]
        labels = {(leg["label"], side): leg["symbol"] for row in chain for side in ("ce", "pe")
                  for leg in [row[side]]}
        for offset, option_type in (("ITM2", "CE"), ("OTM1", "CE"), ("ITM1", "PE"), ("OTM3", "PE"), ("ATM", "PE")):
            symbol = self.order(offset, option_type)[1]["symbol"]
            self.assertEqual(symbol, labels[(offset, option_type.lower())], (offset, option_type))
        self.assertEqual(self.order("otm1", "pe")[1]["symbol"], "NIFTY26AUG2524800PE")

    def test_strike_int_rounds_the_ltp_instead(self):
        self.trade("NIFTY", 24874.6)
        self.assertEqual(self.order("ITM1", "CE", strike_int=100)[1]["symbol"], "NIFTY26AUG2524800CE")

    def test_an_expiry_inside_the_underlying_and_the_options_exchange(self):
        self.trade("NIFTY", 24800)
        body = {k: v for k, v in NIFTY.items() if k != "expiry_date"}
        status, answer = self.api("optionsorder", **{**body, "underlying": "NIFTY26AUG25FUT", "exchange": "NFO"},
                                  offset="ATM", option_type="PE", action="BUY", quantity=65)
        self.assertEqual((status, answer["symbol"], answer["underlying"]), (200, "NIFTY26AUG2524800PE", "NIFTY26AUG25FUT"))

    def test_what_cannot_be_resolved(self):
        self.trade("NIFTY", 24800)
        self.assertEqual(self.order("OTM99", "CE"), (400, {
            "status": "error", "message": "Offset OTM99 is out of range for available strikes. Please use a smaller offset."}))
        self.assertEqual(self.order("ITMX", "CE"), (400, {
            "status": "error", "message": "invalid literal for int() with base 10: 'X'"}))
        # 28AUG25 is a Thursday: NIFTY expires on Tuesdays now (ask /expiry, never a weekday rule)
        self.assertEqual(self.order("ATM", "CE", expiry_date="28AUG25"), (404, {
            "status": "error", "message": "No strikes found for NIFTY expiring 28AUG25. Please check expiry date "
                                          "or update master contract."}))
        status, body = self.order("ATM", "CE", underlying="NIFTYX")
        self.assertEqual(status, 400)
        self.assertTrue(body["message"].startswith("Failed to fetch LTP for NIFTYX. Symbol 'NIFTYX' not found"))
        self.assertEqual(self.order("ATM", "CE", quantity=100), (400, {
            "status": "error", "message": "Quantity must be in multiples of lot size 65"}))

    def test_splitsize_places_children(self):
        self.trade("NIFTY", 24800)
        status, body = self.order("ATM", "CE", quantity=325, splitsize=130)
        self.assertEqual(status, 200)
        self.assertNotIn("orderid", body)
        self.assertEqual((body["total_quantity"], body["split_size"], body["symbol"]), (325, 130, "NIFTY26AUG2524800CE"))
        self.assertEqual([(r["order_num"], r["quantity"]) for r in body["results"]], [(1, 130), (2, 130), (3, 65)])


class MultiOrder(OrderCase):
    def multi(self, *legs, **kw):
        return self.api("optionsmultiorder", **{**NIFTY, **kw}, legs=[
            {"offset": o, "option_type": t, "action": a, "quantity": q} for o, t, a, q in legs])

    def test_buy_legs_go_first_and_results_come_in_leg_order(self):
        self.trade("NIFTY", 24800)
        status, body = self.multi(("OTM1", "CE", "SELL", 65), ("OTM1", "PE", "SELL", 65),
                                  ("OTM2", "CE", "BUY", 65), ("OTM2", "PE", "BUY", 65))
        self.assertEqual(status, 200)
        self.assertEqual((body["status"], body["underlying"], body["underlying_ltp"]), ("success", "NIFTY", 24800.0))
        results = body["results"]
        self.assertEqual([r["leg"] for r in results], [1, 2, 3, 4])
        self.assertEqual(results[2], {"leg": 3, "symbol": "NIFTY26AUG2524900CE", "exchange": "NFO", "product": "MIS",
                                      "offset": "OTM2", "option_type": "CE", "action": "BUY", "status": "success",
                                      "orderid": results[2]["orderid"], "mode": "live"})
        ids = [int(r["orderid"]) for r in results]
        self.assertLess(max(ids[2:]), min(ids[:2]), "every BUY leg is placed before any SELL leg")
        self.assertLess(ids[2], ids[3])

    def test_a_failing_leg_does_not_stop_the_others(self):
        self.trade("NIFTY", 24800)
        status, body = self.multi(("ATM", "CE", "BUY", 65), ("OTM99", "CE", "SELL", 65), ("ATM", "PE", "SELL", 100))
        self.assertEqual((status, body["status"]), (200, "success"))
        self.assertEqual([r["status"] for r in body["results"]], ["success", "error", "error"])
        self.assertEqual(body["results"][1], {"leg": 2, "offset": "OTM99", "option_type": "CE", "action": "SELL",
                                              "status": "error", "message": "Offset OTM99 is out of range for "
                                              "available strikes. Please use a smaller offset."})
        self.assertEqual(body["results"][2]["message"], "Quantity must be in multiples of lot size 65")
        self.assertEqual(body["results"][2]["symbol"], "NIFTY26AUG2524800PE")

    def test_a_leg_may_carry_its_own_expiry(self):
        self.trade("NIFTY", 24800)
        status, body = self.api("optionsmultiorder", **NIFTY, legs=[
            {"offset": "ATM", "option_type": "CE", "action": "SELL", "quantity": 65},
            {"offset": "ATM", "option_type": "CE", "action": "BUY", "quantity": 65, "expiry_date": "02SEP25"}])
        self.assertEqual([r["symbol"] for r in body["results"]], ["NIFTY26AUG2524800CE", "NIFTY02SEP2524800CE"])

    def test_a_split_leg_answers_its_children(self):
        self.trade("NIFTY", 24800)
        status, body = self.api("optionsmultiorder", **NIFTY, legs=[
            {"offset": "ATM", "option_type": "PE", "action": "BUY", "quantity": 130, "splitsize": 65}])
        leg = body["results"][0]
        self.assertEqual((leg["status"], leg["total_quantity"], leg["split_size"]), ("success", 130, 65))
        self.assertEqual([r["quantity"] for r in leg["split_results"]], [65, 65])


if __name__ == "__main__":
    unittest.main()
