"""The market-data endpoints: what each answers once its request has passed validation and
the API key is known good. Each handler returns (HTTP status, body). The messages are
OpenAlgo's services' own words (services/quotes_service.py, history_service.py, ...)."""

import datetime as dt
import math

from .clock import ist_date, ist_ms
from .instruments import expiry_listing, parse_expiry_code
from .pricing import EXPIRY_CUTOFF_S, det_fraction, smile_iv, years_to

INVALID_KEY = (403, {"status": "error", "message": "Invalid openalgo apikey"})


def _not_found(symbol, exchange):
    return (f"Symbol '{symbol}' not found for exchange '{exchange}'. Please verify the symbol "
            "name and ensure master contracts are downloaded.")


def quotes(sim, req, now):
    inst = sim.exchange.find(req["symbol"], req["exchange"], now)
    if inst is None:
        return 400, {"status": "error", "message": _not_found(req["symbol"], req["exchange"])}
    return 200, {"status": "success", "data": sim.exchange.quote(inst, now)}


def depth(sim, req, now):
    inst = sim.exchange.find(req["symbol"], req["exchange"], now)
    if inst is None:
        return 400, {"status": "error", "message": _not_found(req["symbol"], req["exchange"])}
    return 200, {"status": "success", "data": sim.exchange.depth(inst, now)}


def multiquotes(sim, req, now):
    invalid, valid = [], []
    for item in req["symbols"]:
        inst = sim.exchange.find(item["symbol"], item["exchange"], now)
        if inst is None:
            invalid.append({"symbol": item["symbol"], "exchange": item["exchange"],
                            "error": _not_found(item["symbol"], item["exchange"])})
        else:
            valid.append({"symbol": item["symbol"], "exchange": item["exchange"],
                          "data": sim.exchange.quote(inst, now)})
    if not valid:
        return 400, {"status": "error", "message": invalid[0]["error"], "invalid_symbols": invalid}
    return 200, {"status": "success", "results": invalid + valid}


def intervals(sim, req, now):
    from .profiles import intervals as listing
    return 200, {"status": "success", "data": listing(sim.profile)}


def history(sim, req, now):
    inst = sim.exchange.find(req["symbol"], req["exchange"], now)
    if inst is None:
        return 400, {"status": "error", "message": _not_found(req["symbol"], req["exchange"])}
    tf = req["interval"]
    supported = set(sim.profile.minutes) | {"1h", "D"}
    if tf not in supported:
        return 500, {"status": "error",
                     "message": f"Error fetching historical data: Unsupported timeframe: {tf}"}
    tf = "1h" if tf == "60m" else tf
    first = ist_ms(req["start_date"], 0)
    last = ist_ms(req["end_date"], 0) + 86_400_000 - 1
    bars = sim.exchange.bars(inst, tf, first, last, now, sim.config.history_forming)
    rows = []
    for bar in bars:
        if tf == "D":  # the broker stamps a day at 00:00 UTC of its date
            day = ist_date(bar.open_ms)
            stamp = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
        else:
            stamp = bar.open_ms // 1000
        rows.append(bar.as_history_row(stamp))
    return 200, {"status": "success", "data": rows}


def expiry(sim, req, now):
    und = sim.registry.underlying_named(req["symbol"])
    kind = req["instrumenttype"]
    dates = sim.registry.expiries(und, ist_date(now), kind) if und and req["exchange"] == "NFO" else []
    label = f"{req['symbol']} {kind} in {req['exchange']}"
    if not dates:
        return 200, {"status": "success", "message": f"No expiry dates found for {label}", "data": []}
    return 200, {"status": "success", "message": f"Found {len(dates)} expiry dates for {label}",
                 "data": [expiry_listing(d) for d in dates]}


def symbol(sim, req, now):
    inst = sim.exchange.find(req["symbol"], req["exchange"], now)
    if inst is None:
        return 404, {"status": "error", "message": f"Symbol {req['symbol']} not found in exchange {req['exchange']}"}
    return 200, {"status": "success", "data": {
        "id": int(det_fraction(*inst.key) * 10**6), "name": (inst.underlying or inst).symbol,
        "symbol": inst.symbol, "brsymbol": inst.symbol, "exchange": inst.exchange,
        "brexchange": inst.exchange, "instrumenttype": {"option": inst.option_type, "future": "FUT",
                                                        "index": "INDEX"}.get(inst.kind, "EQ"),
        "expiry": expiry_listing(inst.expiry) if inst.expiry else "",
        "strike": inst.strike if inst.kind == "option" else -0.01, "lotsize": inst.lot,
        "tick_size": inst.tick_size, "freeze_qty": inst.freeze or 1, "token": str(int(det_fraction("token", *inst.key) * 10**8))}}


def ping(sim, req, now):
    return 200, {"status": "success", "data": {"message": "pong", "broker": sim.profile.broker}}


# Option chain --------------------------------------------------------------------------

INDEX_UNDERLYINGS = {"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "NIFTYNXT50", "INDIAVIX"}


def _greeks(spot, strike, years, iv, option_type):
    years = max(years, 1e-6)
    sd = iv * math.sqrt(years)
    d1 = (math.log(spot / strike) + 0.5 * sd * sd) / sd
    pdf = math.exp(-0.5 * d1 * d1) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(d1 / math.sqrt(2)))
    delta = cdf if option_type == "CE" else cdf - 1
    gamma = pdf / (spot * sd)
    vega = spot * pdf * math.sqrt(years) / 100
    theta = -spot * pdf * iv / (2 * math.sqrt(years)) / 365
    return {"implied_volatility": round(iv * 100, 2), "delta": round(delta, 4),
            "gamma": round(gamma, 6), "theta": round(theta, 4), "vega": round(vega, 4)}


def _leg(sim, inst, label, now, greeks):
    q = sim.exchange.quote(inst, now)
    leg = {"symbol": inst.symbol, "label": label, "ltp": q["ltp"], "bid": q["bid"], "ask": q["ask"],
           "bid_qty": inst.lot * 10, "ask_qty": inst.lot * 12, "open": q["open"], "high": q["high"],
           "low": q["low"], "prev_close": q["prev_close"], "volume": q["volume"], "oi": q["oi"],
           "lotsize": inst.lot, "tick_size": inst.tick_size}
    if greeks:
        spot, years = greeks
        leg.update(_greeks(spot, inst.strike, years, smile_iv(inst.iv, spot, inst.strike),
                           inst.option_type))
    return leg


def optionchain(sim, req, now):
    und_name = req["underlying"].upper()
    exchange = req["exchange"].upper()
    quote_exchange = exchange
    if exchange in ("NFO", "BFO"):
        quote_exchange = "NSE_INDEX" if und_name in INDEX_UNDERLYINGS else "NSE"
    underlying = sim.exchange.find(und_name, quote_exchange, now)
    if underlying is None:
        return 400, {"status": "error", "message": f"Failed to fetch LTP for {und_name}: "
                     + _not_found(und_name, quote_exchange)}
    expiry_text = req["expiry_date"].upper()
    expiry_day = parse_expiry_code(expiry_text)
    today = ist_date(now)
    live = sim.registry.expiries(underlying, today, "options") if underlying.step else []
    if expiry_day not in live:
        return 404, {"status": "error", "message": f"No strikes found for {und_name} expiring "
                     f"{expiry_text}. Please check expiry date or update master contract."}
    spot = sim.exchange.quote(underlying, now)["ltp"]
    strikes = sim.registry.strikes(underlying)
    atm = min(strikes, key=lambda k: (abs(k - spot), k))
    i = strikes.index(atm)
    count = req.get("strike_count")
    chosen = strikes if count is None else strikes[max(0, i - count): i + count + 1]
    expiry_ms = ist_ms(expiry_day, EXPIRY_CUTOFF_S)
    greeks = (spot, years_to(expiry_ms, now)) if req.get("with_greeks") else None
    chain = []
    for k in chosen:
        pos = strikes.index(k) - i
        ce_label = "ATM" if pos == 0 else (f"ITM{-pos}" if pos < 0 else f"OTM{pos}")
        pe_label = "ATM" if pos == 0 else (f"OTM{-pos}" if pos < 0 else f"ITM{pos}")
        ce = sim.registry.option(underlying, expiry_day, k, "CE", today)
        pe = sim.registry.option(underlying, expiry_day, k, "PE", today)
        chain.append({"strike": float(k),
                      "ce": _leg(sim, ce, ce_label, now, greeks) if ce else None,
                      "pe": _leg(sim, pe, pe_label, now, greeks) if pe else None})
    forward = None
    if greeks:
        row = chain[min(i, len(chain) - 1) if count is None else min(count, i)]
        if row["ce"] and row["pe"]:
            forward = round(atm + row["ce"]["ltp"] - row["pe"]["ltp"], 4)
    q = sim.exchange.quote(underlying, now)
    return 200, {"status": "success", "underlying": und_name, "underlying_symbol": und_name,
                 "underlying_exchange": quote_exchange, "underlying_ltp": q["ltp"],
                 "underlying_prev_close": q["prev_close"], "expiry_date": expiry_text,
                 "expiry_ts": expiry_ms // 1000, "server_ts": now // 1000, "atm_strike": float(atm),
                 "quotes_included": True, "greeks_included": bool(greeks),
                 "forward_price": forward, "chain": chain}
