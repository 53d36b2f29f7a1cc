"""nse-sim: NSE's public option chain as tests/recorded/nse has it, behind the cookie handshake
NSE's edge requires:

- GET /option-chain (the page) sets the session's cookies (nsit, nseappid, bm_sv), new ones
  each time; the API answers only calls that send back the latest ones, else 401 with NSE's
  body ({}), and only to a browser-like User-Agent (else 403, Akamai's "Access Denied" page);
- GET /api/option-chain-contract-info?symbol=NIFTY: the recorded expiries;
- GET /api/option-chain-v3?type=Indices&symbol=NIFTY&expiry=DD-Mon-YYYY: the recorded v3
  answer for 02-Sep-2025, and for another listed expiry the recorded legacy answer's rows of
  it in the v3 form (expiryDates, buyPrice1/sellPrice1, filtered totals of its own);
- GET /api/option-chain-indices?symbol=NIFTY: the recorded legacy answer (every expiry).

records.timestamp moves with a market clock (--clock-from an OpenAlgo simulator's REST, or
--start/--speed), to the minute as NSE's snapshots do, so a session sees a new chain each
minute and the same one in between.

Faults (POST /_fault): {"fault":"expire"} the cookies given so far are refused from now on
(one-shot); {"fault":"status","status":429|500|403} the API answers that status (403 with
Akamai's page); {"fault":"block"} the page sets no cookie and answers 403 while it lasts.
Lasting faults end after `count` answers or `seconds`."""

import copy
import datetime as dt
import json
import os
import secrets
import time
import urllib.request

from aiohttp import web

from tiersims.common import RECORDED, Admin, Faults, base_parser, serve

HERE = os.path.join(RECORDED, "nse")
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
PAGE = "<!DOCTYPE html><html><head><title>Option Chain</title></head><body>option chain</body></html>"
COOKIE_NAMES = ("nsit", "nseappid", "bm_sv")


def recorded(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


def v3_of(legacy, expiry):
    """The legacy answer's rows of `expiry` in the v3 form."""
    rows = []
    for row in legacy["records"]["data"]:
        if row.get("expiryDate") != expiry:
            continue
        r = {"strikePrice": row["strikePrice"], "expiryDates": expiry}
        for side in ("CE", "PE"):
            if side in row:
                leg = dict(row[side])
                for old, new in (("bidprice", "buyPrice1"), ("askPrice", "sellPrice1"),
                                 ("bidQty", "buyQuantity1"), ("askQty", "sellQuantity1")):
                    if old in leg:
                        leg[new] = leg.pop(old)
                r[side] = leg
        rows.append(r)
    totals = {side: {"totOI": sum(r[side]["openInterest"] for r in rows if side in r),
                     "totVol": sum(r[side]["totalTradedVolume"] for r in rows if side in r)}
              for side in ("CE", "PE")}
    return {"records": {"timestamp": legacy["records"]["timestamp"],
                        "underlyingValue": legacy["records"]["underlyingValue"], "data": rows},
            "filtered": {"data": rows, **totals}}


class Clock:
    def __init__(self, args):
        self.rest = args.clock_from
        self.start_ms = int(dt.datetime.fromisoformat(args.start).replace(tzinfo=IST).timestamp() * 1000)
        self.speed = args.speed
        self.began = time.monotonic()

    def now_ms(self):
        if self.rest:
            with urllib.request.urlopen(self.rest.rstrip("/") + "/_sim/state", timeout=10) as r:
                return json.loads(r.read().decode())["market_ms"]
        return self.start_ms + int((time.monotonic() - self.began) * 1000 * self.speed)

    def snapshot_text(self):
        """NSE's records.timestamp: the market time to the minute, in IST."""
        t = dt.datetime.fromtimestamp(self.now_ms() // 60000 * 60, tz=IST)
        return t.strftime("%d-%b-%Y %H:%M:%S")


class NseSim:
    def __init__(self, args):
        self.v3 = {"02-Sep-2025": json.loads(recorded("nifty-v3-02-Sep-2025.json"))}
        self.legacy = json.loads(recorded("nifty-indices-legacy.json"))
        self.contract = recorded("contract-info-nifty.json")
        self.clock = Clock(args)
        self.cookies = {}  # the latest cookies given
        self.faults = Faults()
        self.admin = Admin(self.faults, check=self.check)

    @staticmethod
    def check(spec):
        if not isinstance(spec, dict) or spec.get("fault") not in ("expire", "status", "block"):
            raise ValueError("fault: expire, status or block")
        if spec["fault"] == "status" and not isinstance(spec.get("status"), int):
            raise ValueError("a status fault needs 'status'")

    async def add_fault(self, request):
        try:
            spec = await request.json()
            self.check(spec)
        except ValueError as e:
            return web.json_response({"error": str(e)}, status=400)
        if spec["fault"] == "expire":
            self.cookies = {}  # one-shot: every cookie given so far is refused from now on
        else:
            self.faults.add(spec)
        return web.json_response({"ok": True})

    @staticmethod
    def browser(request):
        return request.headers.get("User-Agent", "").startswith("Mozilla/")

    def denied(self):
        return web.Response(status=403, text=recorded("access-denied.html"), content_type="text/html")

    async def page(self, request):
        if not self.browser(request) or self.faults.take(kinds=("block",)):
            self.admin.log(request, 403)
            return self.denied()
        self.cookies = {name: secrets.token_hex(8) for name in COOKIE_NAMES}
        response = web.Response(text=PAGE, content_type="text/html")
        for name, value in self.cookies.items():
            response.set_cookie(name, value, path="/", httponly=True, max_age=600 if name == "nseappid" else None)
        self.admin.log(request, 200, cookies=dict(self.cookies))
        return response

    def session_ok(self, request):
        return bool(self.cookies) and all(request.cookies.get(k) == v for k, v in self.cookies.items())

    def chain_answer(self, request):
        q = request.query
        if request.path == "/api/option-chain-contract-info":
            return self.contract if q.get("symbol") == "NIFTY" else "{}"
        if q.get("symbol") != "NIFTY":
            return "{}"
        if request.path == "/api/option-chain-indices":
            answer = copy.deepcopy(self.legacy)
        else:
            expiry = q.get("expiry", "")
            answer = copy.deepcopy(self.v3[expiry]) if expiry in self.v3 else v3_of(self.legacy, expiry)
        answer["records"]["timestamp"] = self.clock.snapshot_text()
        return json.dumps(answer)

    async def api(self, request):
        if not self.browser(request):
            self.admin.log(request, 403)
            return self.denied()
        if not self.session_ok(request):
            self.admin.log(request, 401)
            return web.Response(status=401, text=recorded("session-expired.json"), content_type="application/json")
        fault = self.faults.take(kinds=("status",))
        if fault:
            self.admin.log(request, fault["status"], fault="status")
            if fault["status"] == 403:
                return self.denied()
            return web.Response(status=fault["status"], text="{}", content_type="application/json")
        body = self.chain_answer(request)
        self.admin.log(request, 200)
        return web.Response(text=body, content_type="application/json")

    def app(self):
        app = web.Application()
        app.add_routes([web.post("/_fault", self.add_fault), web.delete("/_fault", self.admin.clear),
                        web.get("/_requests", self.admin.list_requests),
                        web.get("/option-chain", self.page),
                        web.get("/api/option-chain-contract-info", self.api),
                        web.get("/api/option-chain-v3", self.api),
                        web.get("/api/option-chain-indices", self.api)])
        return app


def main():
    p = base_parser("NSE's public option chain on 127.0.0.1, for sos's tests (see tiersims/nse.py)")
    p.add_argument("--clock-from", metavar="URL", help="take the market clock of an OpenAlgo simulator")
    p.add_argument("--start", default="2025-08-22T09:25", help="market time at start (IST)")
    p.add_argument("--speed", type=float, default=1, help="market seconds per wall second")
    args = p.parse_args()
    return serve(NseSim(args).app(), args, "nse-sim")
