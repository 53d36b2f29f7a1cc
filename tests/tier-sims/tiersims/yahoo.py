"""yahoo-sim: Yahoo Finance's chart endpoint, GET /v8/finance/chart/NAME, as tests/recorded/yahoo
has it. Two ways to answer:

- recorded (--answer NAME=FILE): the recorded answer as it is, whatever is asked;
- a market (--market-from URL): the market an OpenAlgo simulator plays (its /_sim/bars and
  /_sim/ticks at its own market clock), drawn in the recorded answers' form: the day's minutes
  from the first bar to the one forming, a minute without a trade a row of nulls, the forming
  minute's row so far and a "live" row dated at the last trade (as Yahoo adds one), prices as
  32-bit floats, an index's volume 0, meta.regularMarketTime the last trade Yahoo has seen.
  --delay S plays Yahoo's lag: the market as it was S market seconds ago. Yahoo and the broker
  then report one exchange, so a test can hold sos's candles to the simulator's bars whichever
  tier gave them.

Faults (POST /_fault): {"fault":"status","status":429|401|404|422|500|503} answers that status
with Yahoo's recorded body; {"fault":"empty"} a chart without a row (as before the open);
{"fault":"malformed"} a body that is not a chart. Each lasts `count` answers or `seconds`, or
until DELETE /_fault; `symbols` (Yahoo names) scopes it."""

import copy
import json
import os
import struct
import urllib.parse
import urllib.request

from aiohttp import web

from tiersims.common import RECORDED, Admin, Faults, base_parser, serve

HERE = os.path.join(RECORDED, "yahoo")
DAY_MS = 86400000
IST_MS = 19800000

# Yahoo's names for the simulator's instruments (the shipped table of lib/yahoo, in part).
INDICES = {"^NSEI": "NIFTY", "^NSEBANK": "BANKNIFTY", "^INDIAVIX": "INDIAVIX",
           "NIFTY_FIN_SERVICE.NS": "FINNIFTY"}
STATUS_BODIES = {401: ("unauthorized.json", "application/json"),
                 404: ("not-found.json", "application/json"),
                 422: ("unprocessable.json", "application/json"),
                 429: ("too-many-requests.txt", "text/plain")}


def recorded(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


def f32(x):
    """x as Yahoo stores it: a 32-bit float (24870.15 -> 24870.150390625)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def instrument_of(name):
    if name in INDICES:
        return INDICES[name], "NSE_INDEX"
    if name.endswith(".NS"):
        return name[:-3], "NSE"
    return None


class Market:
    """Bars and ticks from an OpenAlgo simulator's admin API."""

    def __init__(self, rest, delay_s):
        self.rest = rest.rstrip("/")
        self.delay_ms = int(delay_s * 1000)

    def get(self, path, **query):
        url = f"{self.rest}{path}?{urllib.parse.urlencode(query)}"
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode()

    def chart(self, name, template):
        inst = instrument_of(name)
        if inst is None:
            return None
        symbol, exchange = inst
        now_ms = json.loads(self.get("/_sim/state"))["market_ms"]
        seen_ms = now_ms - self.delay_ms
        day_ms = (seen_ms + IST_MS) // DAY_MS * DAY_MS - IST_MS
        bars = [json.loads(line) for line in
                self.get("/_sim/bars", symbol=symbol, exchange=exchange, tf="1m", **{"from": day_ms}).splitlines()
                if line.strip()]
        forming_open = seen_ms // 60000 * 60000
        closed = {int(b["timestamp"]) * 1000: b for b in bars if int(b["timestamp"]) * 1000 + 60000 <= seen_ms}
        ticks = json.loads(self.get("/_sim/ticks", symbol=symbol, exchange=exchange,
                                    since_ms=forming_open - 1))["ticks"]
        ticks = [t for t in ticks if forming_open <= t["ms"] <= seen_ms]
        rows = []
        if closed:
            for ms in range(min(closed), forming_open, 60000):
                b = closed.get(ms)
                rows.append((ms // 1000, b and (b["o"], b["h"], b["l"], b["c"], b["v"])))
        index = exchange == "NSE_INDEX"
        if ticks:
            prices = [t["ltp"] for t in ticks]
            volume = 0 if index else sum(t.get("qty") or 0 for t in ticks)
            rows.append((forming_open // 1000, (prices[0], max(prices), min(prices), prices[-1], volume)))
            rows.append((ticks[-1]["ms"] // 1000, (prices[-1],) * 4 + (0,)))
        last_ms = ticks[-1]["ms"] if ticks else (max(closed) + 59000 if closed else seen_ms)
        last_price = ticks[-1]["ltp"] if ticks else (closed[max(closed)]["c"] if closed else None)
        return draw(template, name, index, rows, last_ms // 1000, last_price, day_ms)


def draw(template, name, index, rows, market_time, price, day_ms):
    """A chart answer in the recorded form."""
    meta = copy.deepcopy(template["chart"]["result"][0]["meta"])
    meta["symbol"] = name
    meta["instrumentType"] = "INDEX" if index else "EQUITY"
    meta["regularMarketTime"] = market_time
    if price is not None:
        meta["regularMarketPrice"] = f32(price)
    start, end = (day_ms + 33300000) // 1000, (day_ms + 55800000) // 1000  # 09:15, 15:30 IST
    meta["currentTradingPeriod"]["regular"].update(start=start, end=end)
    meta["tradingPeriods"] = [[{"timezone": "IST", "start": start, "end": end, "gmtoffset": 19800}]]
    quote = {"open": [], "high": [], "low": [], "close": [], "volume": []}
    for _, v in rows:
        for key, x in zip(("open", "high", "low", "close"), v[:4] if v else (None,) * 4):
            quote[key].append(None if x is None else f32(x))
        quote["volume"].append(None if v is None else (0 if index else int(v[4])))
    result = {"meta": meta, "indicators": {"quote": [quote if rows else {}]}}
    if rows:
        result["timestamp"] = [t for t, _ in rows]
    return {"chart": {"result": [result], "error": None}}


class YahooSim:
    def __init__(self, args):
        self.answers = {}
        for item in args.answer or []:
            name, _, path = item.partition("=")
            self.answers[name] = recorded(path) if not os.path.isabs(path) else open(path).read()
        self.market = Market(args.market_from, args.delay) if args.market_from else None
        self.template = json.loads(recorded("nifty-1m.json"))
        self.faults = Faults()
        self.admin = Admin(self.faults, check=self.check)

    @staticmethod
    def check(spec):
        if spec.get("fault") not in ("status", "empty", "malformed"):
            raise ValueError("fault: status, empty or malformed")
        if spec["fault"] == "status" and not isinstance(spec.get("status"), int):
            raise ValueError("a status fault needs 'status'")

    def fault_answer(self, fault, name):
        if fault["fault"] == "malformed":
            return web.Response(status=200, text="<html><body>Will be right back...</body></html>",
                                content_type="text/html")
        if fault["fault"] == "empty":
            empty = json.loads(recorded("banknifty-before-open.json"))
            empty["chart"]["result"][0]["meta"]["symbol"] = name
            return web.json_response(empty)
        status = fault["status"]
        file, kind = STATUS_BODIES.get(status, (None, "text/plain"))
        body = recorded(file) if file else "Internal Server Error"
        return web.Response(status=status, text=body, content_type=kind)

    async def chart(self, request):
        name = urllib.parse.unquote(request.match_info["name"])
        q = request.query
        if q.get("interval") != "1m" or "range" not in q and "period1" not in q:
            self.admin.log(request, 422, name=name)
            return web.Response(status=422, text=recorded("unprocessable.json"), content_type="application/json")
        fault = self.faults.take(symbol=name)
        if fault:
            answer = self.fault_answer(fault, name)
            self.admin.log(request, answer.status, name=name, fault=fault["fault"])
            return answer
        if name in self.answers:
            self.admin.log(request, 200, name=name)
            return web.Response(text=self.answers[name], content_type="application/json")
        chart = self.market.chart(name, self.template) if self.market else None
        if chart is None:
            self.admin.log(request, 404, name=name)
            return web.Response(status=404, text=recorded("not-found.json"), content_type="application/json")
        self.admin.log(request, 200, name=name)
        return web.json_response(chart)

    def app(self):
        app = web.Application()
        app.add_routes(self.admin.routes())
        app.add_routes([web.get("/v8/finance/chart/{name}", self.chart)])
        return app


def main():
    p = base_parser("Yahoo Finance's chart endpoint on 127.0.0.1, for sos's tests (see tiersims/yahoo.py)")
    p.add_argument("--answer", action="append", metavar="NAME=FILE",
                   help="answer NAME (^NSEI) with a recorded file (relative: tests/recorded/yahoo)")
    p.add_argument("--market-from", metavar="URL", help="an OpenAlgo simulator's REST address")
    p.add_argument("--delay", type=float, default=0, help="Yahoo's lag, in market seconds")
    args = p.parse_args()
    return serve(YahooSim(args).app(), args, "yahoo-sim")
