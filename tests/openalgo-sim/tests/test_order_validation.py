"""The order endpoints' request validation, as OpenAlgo's schemas and services answer it:
unknown fields (a Python repr in the message), strings for numbers, whole quantities, the
error envelope of each family, the key, bodies that are not JSON, what the broker refuses
before acknowledging, the order limiter apart from the API limiter, and semi-auto mode."""

import unittest

from common import KEY
from openalgo_sim.harness import SimProcess
from orders_common import ORDER_ARGS, OrderCase

ORDER = {"strategy": "v", "exchange": "NSE", "symbol": "SBIN", "action": "BUY", "quantity": 1}
OPTION = {"strategy": "v", "underlying": "NIFTY", "exchange": "NSE_INDEX", "expiry_date": "26AUG25",
          "offset": "ATM", "option_type": "CE", "action": "BUY", "quantity": 65}


class Schemas(OrderCase):
    def test_an_unknown_field_is_a_400_with_the_python_repr(self):
        self.assertEqual(self.api("placeorder", **ORDER, position_size=1), (400, {
            "status": "error", "message": "{'position_size': ['Unknown field.']}"}))
        self.assertEqual(self.api("cancelorder", strategy="v", orderid="1", tag="x"), (400, {
            "status": "error", "message": "{'tag': ['Unknown field.']}"}))

    def test_numbers_may_be_strings_quantities_must_be_whole(self):
        status, body = self.api("placeorder", **{**ORDER, "quantity": "3", "price": "0"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.row(body["orderid"])["quantity"], "3")
        for qty, message in ((1.5, "{'quantity': ['Fractional quantity (1.5) is not allowed for non-crypto exchanges.']}"),
                             ("0", "{'quantity': ['Quantity must be a positive number.']}"),
                             (True, "{'quantity': ['Not a valid number.']}")):
            self.assertEqual(self.api("placeorder", **{**ORDER, "quantity": qty}),
                             (400, {"status": "error", "message": message}), qty)

    def test_missing_fields_and_enumerations(self):
        status, body = self.api("placeorder", exchange="NSEX", symbol="SBIN", action="Buy", quantity=1,
                                pricetype="STOP")
        self.assertEqual(status, 400)
        self.assertIn("'strategy': ['Missing data for required field.']", body["message"])
        self.assertIn("'action': ['Must be one of: BUY, SELL, buy, sell.']", body["message"])
        self.assertIn("'pricetype': ['Must be one of: MARKET, LIMIT, SL, SL-M.']", body["message"])
        self.assertIn("'exchange': ['Must be one of: NSE, NFO,", body["message"])
        # modifyorder requires every field; cancelorder, orderstatus, closeposition require strategy
        status, body = self.api("modifyorder", strategy="v", orderid="1")
        for field in ("exchange", "symbol", "action", "product", "pricetype", "price", "quantity",
                      "disclosed_quantity", "trigger_price"):
            self.assertIn(f"'{field}': ['Missing data for required field.']", body["message"])
        for endpoint, fields in (("cancelorder", {"orderid": "1"}), ("orderstatus", {"orderid": "1"}),
                                 ("closeposition", {}), ("cancelallorder", {})):
            self.assertEqual(self.api(endpoint, **fields), (400, {
                "status": "error", "message": "{'strategy': ['Missing data for required field.']}"}), endpoint)

    def test_smart_split_and_basket_schemas(self):
        smart = {k: v for k, v in ORDER.items() if k != "quantity"}
        self.assertEqual(self.api("placesmartorder", **smart, quantity=0), (400, {
            "status": "error", "message": "{'position_size': ['Missing data for required field.']}"}))
        self.assertEqual(self.api("placesmartorder", **smart, quantity=-1, position_size=0), (400, {
            "status": "error", "message": "{'quantity': ['Quantity must be a non-negative number.']}"}))
        self.assertEqual(self.api("splitorder", **ORDER, splitsize=0), (400, {
            "status": "error", "message": "{'splitsize': ['Split size must be a positive integer.']}"}))
        self.assertEqual(self.api("splitorder", **ORDER), (400, {
            "status": "error", "message": "{'splitsize': ['Missing data for required field.']}"}))
        item = {k: v for k, v in ORDER.items() if k != "strategy"}
        self.assertEqual(self.api("basketorder", strategy="v", orders=[item, {**item, "tag": 1}]), (400, {
            "status": "error", "message": "{'orders': {1: {'tag': ['Unknown field.']}}}"}))

    def test_lowercase_action_is_taken_and_shown_uppercase(self):
        orderid = self.placed("INFY", "buy", 1)
        self.assertEqual(self.row(orderid)["action"], "BUY")

    def test_option_endpoints_answer_validation_error_with_errors(self):
        self.assertEqual(self.api("optionsorder", **OPTION, leg_type="x"), (400, {
            "status": "error", "message": "Validation error", "errors": {"leg_type": ["Unknown field."]}}))
        multi = {k: OPTION[k] for k in ("strategy", "underlying", "exchange", "expiry_date")}
        leg = {k: OPTION[k] for k in ("offset", "option_type", "action", "quantity")}
        status, body = self.api("optionsmultiorder", **multi, legs=[{**leg, "expiry_offset": 1}])
        self.assertEqual((status, body["errors"]), (400, {"legs": {"0": {"expiry_offset": ["Unknown field."]}}}))
        status, body = self.api("optionsmultiorder", **multi, legs=[])
        self.assertEqual(body["errors"], {"legs": ["Legs must contain 1 to 20 items."]})
        status, body = self.api("optionsorder", **{**OPTION, "quantity": "65.5", "product": "CNC"})
        self.assertEqual(body["errors"], {"quantity": ["Not a valid integer."],
                                          "product": ["Must be one of: MIS, NRML."]})

    def test_books_answer_the_object_envelope_and_order_queries_the_repr(self):
        self.assertEqual(self.api("orderbook", extra=1), (400, {"status": "error", "message": {"extra": ["Unknown field."]}}))
        self.assertEqual(self.api("funds", extra=1)[1]["message"], {"extra": ["Unknown field."]})
        status, body = self.api("openposition", strategy="v", symbol="SBIN", exchange="NSE", product="BO")
        self.assertEqual((status, body["message"]), (400, "{'product': ['Must be one of: MIS, NRML, CNC.']}"))

    def test_the_key_is_checked_after_the_schema(self):
        wrong = {"apikey": "wrong-key"}
        for endpoint, fields in (("placeorder", ORDER), ("orderbook", {}), ("cancelorder", {"strategy": "v", "orderid": "1"}),
                                 ("optionsmultiorder", {"strategy": "v", "underlying": "NIFTY", "exchange": "NSE_INDEX",
                                                        "legs": [{"offset": "ATM", "option_type": "CE", "action": "BUY", "quantity": 65}]})):
            self.assertEqual(self.sim.api(endpoint, {**wrong, **fields}),
                             (403, {"status": "error", "message": "Invalid openalgo apikey"}), endpoint)
        # optionsorder meets the key in its LTP fetch, after checking the expiry
        self.assertEqual(self.sim.api("optionsorder", {**wrong, **OPTION}), (403, {
            "status": "error", "message": "Failed to fetch LTP for NIFTY. Invalid openalgo apikey"}))
        no_expiry = {k: v for k, v in OPTION.items() if k != "expiry_date"}
        for key in ("wrong-key", KEY):
            status, body = self.sim.api("optionsorder", {"apikey": key, **no_expiry})
            self.assertEqual((status, body["message"][:22]), (400, "Expiry date required. "))

    def test_a_body_that_is_not_json_is_a_500_in_the_endpoints_words(self):
        self.assertEqual(self.sim.call("/api/v1/placeorder", raw=b"symbol=SBIN"),
                         (500, {"status": "error", "message": "An unexpected error occurred in the API endpoint"}))
        self.assertEqual(self.sim.call("/api/v1/cancelorder", raw=b"x"),
                         (500, {"status": "error", "message": "An unexpected error occurred"}))


class BrokerRefusals(OrderCase):
    """Refused before acknowledgement: a 400 with the broker's message, and no order."""

    def refused(self, message, **order):
        body = {**ORDER, **order}
        status, answer = self.api("placeorder", **body)
        self.assertEqual((status, answer), (400, {"status": "error", "message": message}), body)

    def test_lots_and_the_freeze_quantity(self):
        self.trade("NIFTY", 24800)
        option = {"exchange": "NFO", "symbol": "NIFTY26AUG2524800CE"}
        self.refused("Quantity must be in multiples of lot size 65", **option, quantity=100)
        self.refused("Quantity 1820 is above the exchange freeze quantity 1800 of NIFTY26AUG2524800CE: "
                     "split the order (splitorder, or splitsize)", **option, quantity=1820)
        self.assertEqual(self.api("placeorder", **{**ORDER, **option, "quantity": 1755})[0], 200)

    def test_prices_by_order_type(self):
        self.trade("SBIN", 800)
        self.refused("LIMIT orders require price", pricetype="LIMIT")
        self.refused("SL orders require price", pricetype="SL", trigger_price=801)
        self.refused("SL-M orders require trigger_price", pricetype="SL-M")
        self.refused("The price 799.97 is not a multiple of the tick size 0.05 of SBIN",
                     pricetype="LIMIT", price=799.97)
        self.refused("The trigger_price 800.051 is not a multiple of the tick size 0.05 of SBIN",
                     pricetype="SL-M", trigger_price=800.051)
        self.refused("The trigger price of a stop-loss buy order must not be above its limit price",
                     pricetype="SL", price=801, trigger_price=802)
        self.refused("The trigger price of a stop-loss buy order must be above the last traded price (800.00)",
                     pricetype="SL-M", trigger_price=800)
        self.refused("The trigger price of a stop-loss sell order must be below the last traded price (800.00)",
                     action="SELL", pricetype="SL", price=801, trigger_price=801)

    def test_products_symbols_and_indices(self):
        self.refused("NRML product not allowed for NSE equity segment. Use CNC for delivery or MIS for intraday.",
                     product="NRML")
        self.refused("CNC product not allowed for NFO derivatives segment. Use NRML for carryforward or MIS for intraday.",
                     exchange="NFO", symbol="NIFTY26AUG2524800CE", product="CNC", quantity=65)
        self.refused("Symbol NOSUCH not found on NSE", symbol="NOSUCH")
        self.refused("Symbol NIFTY26AUG2524800CE not found on NSE", symbol="NIFTY26AUG2524800CE")
        self.refused("NIFTY on NSE_INDEX is an index: an index cannot be traded", exchange="NSE_INDEX", symbol="NIFTY")

    def test_the_market_must_be_open(self):
        # Last in this class (tests run in name order): the clock never goes back.
        self.sim.call("/_sim/clock", {"jump_to": "2025-08-22T15:30:00"})
        self.refused("Markets are closed right now. Use GTT for placing long standing orders instead.")

    def test_refusals_place_nothing(self):
        before = len(self.sim.call("/_sim/orders")[1]["orders"])
        self.api("placeorder", **{**ORDER, "symbol": "NOSUCH"})
        self.assertEqual(len(self.sim.call("/_sim/orders")[1]["orders"]), before)


class Limits(unittest.TestCase):
    def test_the_order_limit_is_per_endpoint_and_apart_from_the_api_limit(self):
        with SimProcess(*ORDER_ARGS, "--order-rate-limit", "3 per second", "--api-rate-limit", "5 per second") as sim:
            def api(endpoint, body):
                return sim.api(endpoint, {"apikey": KEY, **body})[0]
            self.assertEqual([api("placeorder", ORDER) for _ in range(4)], [200, 200, 200, 429])
            self.assertEqual(api("orderbook", {}), 200)  # API limit, its own window
            self.assertEqual(api("cancelorder", {"strategy": "v", "orderid": "1"}), 500)  # its own order window
            # splitorder, cancelallorder and closeposition are under the API limit, as OpenAlgo routes them
            self.assertEqual(api("cancelallorder", {"strategy": "v"}), 200)
            status, body = sim.api("placeorder", {"apikey": KEY, **ORDER})
            self.assertEqual((status, body), (429, {"status": "error", "retry_after": 60,
                                                    "message": "Rate limit exceeded. Please slow down your requests."}))
            placed = sim.call("/_sim/placements")[1]["placements"]["v"]
            self.assertEqual((placed["requests"], placed["orders"]), (5, 3))


class SemiAuto(OrderCase):
    args = ["--order-mode", "semi_auto"]

    def test_placements_are_queued_and_changes_refused(self):
        status, body = self.api("placeorder", **ORDER)
        self.assertEqual((status, body), (200, {"status": "success", "message": "Order queued for approval in Action Center",
                                                "mode": "semi_auto", "pending_order_id": 1}))
        self.assertEqual(self.api("optionsorder", **OPTION)[1]["pending_order_id"], 2)
        self.assertEqual(self.api("orderbook")[1]["data"]["orders"], [])
        self.assertEqual(self.api("cancelorder", strategy="v", orderid="1"), (403, {
            "status": "error", "message": "Cancel order operation is not allowed in Semi-Auto mode. "
                                          "Please switch to Auto mode to cancel orders."}))
        self.assertEqual(self.api("closeposition", strategy="v")[0], 403)
        self.assertEqual(self.sim.api("placeorder", {**ORDER, "apikey": "wrong"})[0], 403)
        self.sim.call("/_sim/order_mode", {"mode": "auto"})
        self.assertIn("orderid", self.api("placeorder", **ORDER)[1])


if __name__ == "__main__":
    unittest.main()
