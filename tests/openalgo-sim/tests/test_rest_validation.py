"""OpenAlgo's request validation, reproduced: unknown fields, strings for numbers, the error
envelope of each endpoint family, the API key, bodies that are not JSON, the limiter."""

import unittest

from common import KEY, SimCase
from openalgo_sim.harness import SimProcess
from common import BASE_ARGS

EXCHANGES = ("NSE, NFO, CDS, BSE, BFO, BCD, MCX, NCDEX, NCO, NSE_INDEX, BSE_INDEX, MCX_INDEX, "
             "GLOBAL_INDEX, CRYPTO")


class Validation(SimCase):
    def test_a_good_quote(self):
        status, body = self.sim.api("quotes", {"apikey": KEY, "symbol": "NIFTY", "exchange": "NSE_INDEX"})
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "success")
        self.assertEqual(set(body["data"]), {"open", "high", "low", "ltp", "ask", "bid", "prev_close",
                                             "volume", "oi"})

    def test_an_unknown_field_is_a_400_naming_it(self):
        status, body = self.sim.api("quotes", {"apikey": KEY, "symbol": "SBIN", "exchange": "NSE",
                                               "position_size": 1})
        self.assertEqual((status, body), (400, {"status": "error",
                                                "message": {"position_size": ["Unknown field."]}}))

    def test_a_missing_field_and_a_bad_exchange(self):
        status, body = self.sim.api("quotes", {"apikey": KEY, "exchange": "NSEX"})
        self.assertEqual(status, 400)
        self.assertEqual(body["message"], {"symbol": ["Missing data for required field."],
                                           "exchange": [f"Must be one of: {EXCHANGES}."]})

    def test_the_key_is_checked_after_the_schema(self):
        self.assertEqual(self.sim.api("quotes", {"apikey": "wrong", "symbol": "SBIN", "exchange": "NSE"}),
                         (403, {"status": "error", "message": "Invalid openalgo apikey"}))
        status, body = self.sim.api("quotes", {"apikey": "", "symbol": "SBIN", "exchange": "NSE"})
        self.assertEqual((status, body["message"]), (400, {"apikey": ["Length must be between 1 and 256."]}))
        status, body = self.sim.api("quotes", {"symbol": "SBIN", "exchange": "NSE"})
        self.assertEqual((status, body["message"]), (400, {"apikey": ["Missing data for required field."]}))

    def test_numbers_may_be_strings_but_not_booleans(self):
        req = {"apikey": KEY, "underlying": "NIFTY", "exchange": "NSE_INDEX", "expiry_date": "26AUG25"}
        status, body = self.sim.api("optionchain", {**req, "strike_count": "2"})
        self.assertEqual(status, 200, body)
        self.assertEqual(len(body["chain"]), 5)
        status, body = self.sim.api("optionchain", {**req, "strike_count": True})
        self.assertEqual((status, body["errors"]), (400, {"strike_count": ["Not a valid integer."]}))
        status, body = self.sim.api("optionchain", {**req, "strike_count": "1.5"})
        self.assertEqual((status, body["errors"]), (400, {"strike_count": ["Not a valid integer."]}))

    def test_option_endpoints_use_the_validation_error_envelope(self):
        status, body = self.sim.api("optionchain", {"apikey": KEY, "underlying": "NIFTY",
                                                    "exchange": "NSE_INDEX", "expiry_date": "26AUG25",
                                                    "legs": []})
        self.assertEqual((status, body), (400, {"status": "error", "message": "Validation error",
                                                "errors": {"legs": ["Unknown field."]}}))
        status, body = self.sim.api("optionchain", {"apikey": "wrong", "underlying": "NIFTY",
                                                    "exchange": "NSE_INDEX", "expiry_date": "26AUG25"})
        self.assertEqual((status, body["message"]), (403, "Failed to fetch LTP for NIFTY: Invalid openalgo apikey"))

    def test_history_dates_and_intervals(self):
        req = {"apikey": KEY, "symbol": "SBIN", "exchange": "NSE", "interval": "1m",
               "start_date": "2025-08-22", "end_date": "2025-08-22"}
        self.assertEqual(self.sim.api("history", req)[0], 200)
        status, body = self.sim.api("history", {**req, "start_date": "22-08-2025", "interval": "7m"})
        self.assertEqual(status, 400)
        self.assertEqual(body["message"]["start_date"], ["Not a valid date."])
        self.assertTrue(body["message"]["interval"][0].startswith("Must be one of: 1s, 5s"))
        status, body = self.sim.api("history", {**req, "interval": "2m"})  # the schema's, not Zerodha's
        self.assertEqual((status, body["message"]), (500, "Error fetching historical data: Unsupported timeframe: 2m"))

    def test_multiquotes_reports_unknown_symbols_per_item(self):
        status, body = self.sim.api("multiquotes", {"apikey": KEY, "symbols": [
            {"symbol": "SBIN", "exchange": "NSE"}, {"symbol": "NOPE", "exchange": "NSE"}]})
        self.assertEqual(status, 200)
        self.assertEqual([r["symbol"] for r in body["results"]], ["NOPE", "SBIN"])
        self.assertIn("error", body["results"][0])
        self.assertIn("data", body["results"][1])
        status, body = self.sim.api("multiquotes", {"apikey": KEY, "symbols": [{"symbol": "NOPE", "exchange": "NSE"}]})
        self.assertEqual(status, 400)
        self.assertEqual(len(body["invalid_symbols"]), 1)
        status, body = self.sim.api("multiquotes", {"apikey": KEY, "symbols": [{"symbol": "SBIN", "exchange": "NSE", "x": 1}]})
        self.assertEqual((status, body["message"]), (400, {"symbols": {"0": {"x": ["Unknown field."]}}}))
        status, body = self.sim.api("multiquotes", {"apikey": KEY, "symbols": []})
        self.assertEqual((status, body["message"]), (400, {"symbols": ["Shorter than minimum length 1."]}))

    def test_a_body_that_is_not_json_is_a_500_and_the_wrong_method_a_405(self):
        self.assertEqual(self.sim.call("/api/v1/quotes", raw=b"symbol=SBIN"),
                         (500, {"status": "error", "message": "An unexpected error occurred"}))
        self.assertEqual(self.sim.call("/api/v1/quotes")[0], 405)
        self.assertEqual(self.sim.call("/api/v1/nosuch", {"apikey": KEY})[0], 404)
        status, body = self.sim.call("/api/v1/quotes", raw=b"[1]")
        self.assertEqual((status, body["message"]), (400, {"_schema": ["Invalid input type."]}))

    def test_expiry_intervals_symbol_ping(self):
        status, body = self.sim.api("expiry", {"apikey": KEY, "symbol": "NIFTY", "exchange": "NFO",
                                               "instrumenttype": "options"})
        self.assertEqual(status, 200)
        self.assertEqual(body["data"][:2], ["26-AUG-25", "02-SEP-25"])  # weekly Tuesdays
        status, body = self.sim.api("expiry", {"apikey": KEY, "symbol": "BANKNIFTY", "exchange": "NFO",
                                               "instrumenttype": "options"})
        self.assertEqual(body["data"][0], "26-AUG-25")  # monthly, last Tuesday
        status, body = self.sim.api("expiry", {"apikey": KEY, "symbol": "NIFTY", "exchange": "NSE",
                                               "instrumenttype": "options"})
        self.assertEqual(status, 400)
        status, body = self.sim.api("intervals", {"apikey": KEY})
        self.assertEqual(body["data"]["minutes"], ["1m", "3m", "5m", "10m", "15m", "30m", "60m"])
        status, body = self.sim.api("symbol", {"apikey": KEY, "symbol": "NIFTY26AUG2524800CE", "exchange": "NFO"})
        self.assertEqual((status, body["data"]["lotsize"], body["data"]["freeze_qty"]), (200, 65, 1800))
        self.assertEqual(self.sim.api("ping", {"apikey": KEY})[1]["data"]["broker"], "zerodha")


class RateLimit(unittest.TestCase):
    def test_the_limiter_answers_429_with_retry_after(self):
        with SimProcess(*BASE_ARGS, "--api-rate-limit", "5 per second") as sim:
            statuses = [sim.api("intervals", {"apikey": KEY}) for _ in range(6)]
            self.assertEqual([s for s, _ in statuses[:5]], [200] * 5)
            self.assertEqual(statuses[5], (429, {"status": "error", "message":
                                                 "Rate limit exceeded. Please slow down your requests.",
                                                 "retry_after": 60}))
            # Per endpoint, as Flask-Limiter's per-route limits are.
            self.assertEqual(sim.api("ping", {"apikey": KEY})[0], 200)


if __name__ == "__main__":
    unittest.main()
