"""optionsorder and optionsmultiorder: an option chosen by its offset from the at-the-money
strike, as OpenAlgo's services/option_symbol_service.py resolves it (the underlying's LTP,
ATM the listed strike nearest it, ITMn/OTMn n listed strikes away, CE ITM below and PE ITM
above; with strike_int, ATM = round(LTP / strike_int) x strike_int), against the simulated
option chain and its real expiries. Multi-leg orders place BUY legs before SELL legs and
answer per leg, success at the top whatever the legs met."""

import asyncio
import re

from . import rest_market
from .broker import Ctx
from .clock import ist_date
from .instruments import parse_expiry_code
from .rest_orders import place_children, queue, semi_auto, split_sizes

INDEX_BASES = {"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "NIFTYNXT50", "INDIAVIX"}
BSE_INDEX_BASES = {"SENSEX", "BANKEX", "SENSEX50"}
MAX_SPLIT_ORDERS = 100
EXPIRY_REQUIRED = ("Expiry date required. Provide via expiry_date parameter or embed in underlying "
                   "(e.g., NIFTY28OCT25FUT).")


class Unresolved(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_underlying(underlying: str):
    """('NIFTY', '28OCT25') from 'NIFTY28OCT25FUT'; ('NIFTY', None) from 'NIFTY'."""
    m = re.match(r"^([A-Z]+)(\d{2}[A-Z]{3}\d{2})(?:FUT)?$", underlying.upper())
    return (m.group(1), m.group(2)) if m else (underlying.upper(), None)


def quote_place(req: dict):
    """(symbol, exchange) whose LTP sets the at-the-money strike."""
    base, embedded = parse_underlying(req["underlying"])
    exchange = req["exchange"].upper()
    if exchange in ("NFO", "BFO"):
        if base in INDEX_BASES:
            exchange = "NSE_INDEX"
        elif base in BSE_INDEX_BASES:
            exchange = "BSE_INDEX"
        else:
            exchange = "NSE" if exchange == "NFO" else "BSE"
    return (base if embedded else req["underlying"]), exchange


def underlying_ltp(sim, req: dict, now: int) -> float:
    symbol, exchange = quote_place(req)
    status, body = rest_market.quotes(sim, {"symbol": symbol, "exchange": exchange}, now)
    if status != 200:
        raise Unresolved(status, f"Failed to fetch LTP for {symbol}. {body['message']}")
    return body["data"]["ltp"]


def offset_strike(strikes, atm, offset: str, option_type: str):
    """The strike `offset` listed strikes from atm, or None when out of range or unknown."""
    offset = offset.upper()
    i = strikes.index(atm)
    if offset == "ATM":
        return atm
    if offset.startswith("ITM"):
        j = i - int(offset[3:]) if option_type == "CE" else i + int(offset[3:])
    elif offset.startswith("OTM"):
        j = i + int(offset[3:]) if option_type == "CE" else i - int(offset[3:])
    else:
        return None
    return strikes[j] if 0 <= j < len(strikes) else None


def interval_strike(atm, offset: str, step: int, option_type: str):
    offset = offset.upper()
    if offset == "ATM":
        return atm
    sign = {"ITM": -1, "OTM": 1}.get(offset[:3])
    if sign is None:
        raise ValueError(f"Invalid offset: {offset}")
    n = int(offset[3:])
    return atm + sign * n * step * (1 if option_type == "CE" else -1)


def resolve(sim, req: dict, leg: dict, ltp, now: int):
    """(symbol, 'NFO', ltp) of the option a request (and leg) names; raises Unresolved."""
    base, embedded = parse_underlying(req["underlying"])
    expiry = leg.get("expiry_date") or req.get("expiry_date") or embedded
    if not expiry:
        raise Unresolved(400, EXPIRY_REQUIRED)
    if ltp is None:
        ltp = underlying_ltp(sim, req, now)
    option_type = leg["option_type"].upper()
    offset = leg["offset"]
    und = sim.registry.underlying_named(base)
    day = parse_expiry_code(expiry.upper())
    live = sim.registry.expiries(und, ist_date(now), "options") if und else []
    strikes = sim.registry.strikes(und) if und and day in live and quote_place(req)[1] != "BSE_INDEX" else []
    try:
        if req.get("strike_int") is None:
            if not strikes:
                raise Unresolved(404, f"No strikes found for {base} expiring {expiry}. Please check "
                                      "expiry date or update master contract.")
            atm = min(strikes, key=lambda k: abs(k - ltp))
            strike = offset_strike(strikes, atm, offset, option_type)
            if strike is None:
                raise Unresolved(400, f"Offset {offset} is out of range for available strikes. "
                                      "Please use a smaller offset.")
        else:
            step = req["strike_int"]
            strike = interval_strike(round(ltp / step) * step, offset, step, option_type)
    except ValueError as e:
        raise Unresolved(400, str(e)) from None
    text = str(int(strike)) if strike == int(strike) else str(strike)
    symbol = f"{base}{expiry}{text}{option_type}"
    if sim.exchange.find(symbol, "NFO", now) is None:
        raise Unresolved(404, f"Option symbol {symbol} not found in NFO. Symbol may not exist or "
                              "master contract needs update.")
    return symbol, "NFO", ltp


def _order_fields(req: dict, leg: dict, symbol: str, exchange: str) -> dict:
    return {"strategy": req["strategy"], "exchange": exchange, "symbol": symbol, "action": leg["action"],
            "quantity": leg["quantity"], "pricetype": leg["pricetype"], "product": leg["product"],
            "price": leg["price"], "trigger_price": leg["trigger_price"],
            "disclosed_quantity": leg["disclosed_quantity"]}


async def optionsorder(sim, req, ctx: Ctx):
    if semi_auto(sim):
        return queue(sim, req)
    try:
        symbol, exchange, ltp = resolve(sim, req, req, None, sim.clock.now_ms())
    except Unresolved as e:
        return e.status, {"status": "error", "message": e.message}
    described = {"symbol": symbol, "exchange": exchange, "underlying": req["underlying"],
                 "underlying_ltp": ltp, "offset": req["offset"], "option_type": req["option_type"].upper()}
    fields = _order_fields(req, req, symbol, exchange)
    splitsize = req.get("splitsize") or 0
    if splitsize > 0:
        sizes = split_sizes(req["quantity"], splitsize)
        if len(sizes) > MAX_SPLIT_ORDERS:
            return 400, {"status": "error", "message":
                         f"Total number of orders would exceed maximum limit of {MAX_SPLIT_ORDERS}"}
        results = await place_children(sim, fields, sizes, ctx)
        return 200, {"status": "success", **described, "total_quantity": req["quantity"],
                     "split_size": splitsize, "results": results}
    status, body = sim.broker.place(fields, ctx)
    if status != 200:
        return status, body
    return 200, {"status": "success", "orderid": body["orderid"], **described}


async def _leg(sim, req, n: int, leg: dict, ltp, ctx: Ctx) -> dict:
    head = {"leg": n + 1, "offset": leg["offset"], "option_type": leg["option_type"].upper(),
            "action": leg["action"].upper()}
    try:
        symbol, exchange, ltp = resolve(sim, req, leg, ltp, sim.clock.now_ms())
    except Unresolved as e:
        return {**head, "status": "error", "message": e.message}
    where = {"leg": n + 1, "symbol": symbol, "exchange": exchange}
    fields = _order_fields(req, leg, symbol, exchange)
    splitsize = leg.get("splitsize") or 0
    if splitsize > 0:
        sizes = split_sizes(leg["quantity"], splitsize)
        if len(sizes) > MAX_SPLIT_ORDERS:
            return {**where, **head, "status": "error",
                    "message": f"Split orders would exceed maximum limit of {MAX_SPLIT_ORDERS} per leg"}
        results = await place_children(sim, fields, sizes, ctx)
        ok = any(r["status"] == "success" for r in results)
        return {**where, "product": leg["product"], **head, "status": "success" if ok else "error",
                "total_quantity": leg["quantity"], "split_size": splitsize, "split_results": results,
                "mode": "live"}
    status, body = sim.broker.place(fields, ctx)
    if status == 200:
        return {**where, "product": leg["product"], **head, "status": "success",
                "orderid": body["orderid"], "mode": "live"}
    return {**where, **head, "status": "error", "message": body.get("message", "Order placement failed")}


async def optionsmultiorder(sim, req, ctx: Ctx):
    if semi_auto(sim):
        return queue(sim, req)
    try:
        ltp = underlying_ltp(sim, req, sim.clock.now_ms())
    except Unresolved:
        ltp = None  # OpenAlgo then fetches it again for each leg
    legs = list(enumerate(req["legs"]))
    buys = [(n, leg) for n, leg in legs if leg["action"].upper() == "BUY"]
    sells = [(n, leg) for n, leg in legs if leg["action"].upper() == "SELL"]
    paced = any((leg.get("splitsize") or 0) > 0 for _, leg in legs)
    results = []
    for i, (n, leg) in enumerate(buys + sells):
        if paced and i > 0:
            await asyncio.sleep(sim.order_pace())
        results.append(await _leg(sim, req, n, leg, ltp, ctx))
    results.sort(key=lambda r: r["leg"])
    return 200, {"status": "success", "underlying": req["underlying"], "underlying_ltp": ltp,
                 "results": results}


def options_auth_failure(req: dict):
    """An invalid key meets optionsorder inside its LTP fetch, after the expiry check."""
    if not (req.get("expiry_date") or parse_underlying(req.get("underlying", ""))[1]):
        return 400, {"status": "error", "message": EXPIRY_REQUIRED}
    symbol, _ = quote_place(req)
    return 403, {"status": "error", "message": f"Failed to fetch LTP for {symbol}. Invalid openalgo apikey"}
