"""What the broker refuses before it acknowledges an order: a closed market, an unknown or
untradable symbol, a product the segment does not take, a quantity that is not whole lots
or above the exchange's freeze quantity, missing or off-tick prices, a stop on the wrong
side of its limit or already through the market. OpenAlgo passes such a refusal on with
the broker's HTTP status (400) and message. Messages are the OpenAlgo sandbox's where it
has one (lot size, products, prices), otherwise the simulator's own, modelled on Kite's."""

from .clock import ist_date
from .money import rupees_text
from .positions import DERIVATIVE_EXCHANGES

MARKET_CLOSED = "Markets are closed right now. Use GTT for placing long standing orders instead."


def market_closed(calendar, now_ms: int):
    session = calendar.session(ist_date(now_ms))
    if session is None or not session[0] <= now_ms < session[1]:
        return MARKET_CLOSED
    return None


def instrument_problem(inst, symbol: str, exchange: str):
    if inst is None:
        return f"Symbol {symbol} not found on {exchange}"
    if inst.is_index:
        return f"{symbol} on {exchange} is an index: an index cannot be traded"
    return None


def product_problem(exchange: str, product: str):
    if exchange in ("NSE", "BSE") and product == "NRML":
        return (f"NRML product not allowed for {exchange} equity segment. Use CNC for delivery "
                "or MIS for intraday.")
    if exchange in DERIVATIVE_EXCHANGES and product == "CNC":
        return (f"CNC product not allowed for {exchange} derivatives segment. Use NRML for "
                "carryforward or MIS for intraday.")
    return None


def quantity_problem(inst, quantity: int):
    if inst.exchange in DERIVATIVE_EXCHANGES and inst.lot > 1 and quantity % inst.lot:
        return f"Quantity must be in multiples of lot size {inst.lot}"
    if inst.freeze and quantity > inst.freeze:
        return (f"Quantity {quantity} is above the exchange freeze quantity {inst.freeze} of "
                f"{inst.symbol}: split the order (splitorder, or splitsize)")
    return None


def price_problem(inst, pricetype: str, action: str, price: int, trigger: int, ltp: int):
    """Prices in paise; ltp is the instrument's last trade."""
    if pricetype in ("LIMIT", "SL") and price <= 0:
        return f"{pricetype} orders require price"
    if pricetype in ("SL", "SL-M") and trigger <= 0:
        return f"{pricetype} orders require trigger_price"
    tick = round(inst.tick_size * 100)
    for name, value in (("price", price if pricetype in ("LIMIT", "SL") else 0),
                        ("trigger_price", trigger if pricetype in ("SL", "SL-M") else 0)):
        if value % tick:
            return (f"The {name} {rupees_text(value)} is not a multiple of the tick size "
                    f"{inst.tick_size:g} of {inst.symbol}")
    if pricetype == "SL" and action == "BUY" and trigger > price:
        return "The trigger price of a stop-loss buy order must not be above its limit price"
    if pricetype == "SL" and action == "SELL" and trigger < price:
        return "The trigger price of a stop-loss sell order must not be below its limit price"
    if pricetype in ("SL", "SL-M") and action == "BUY" and trigger <= ltp:
        return (f"The trigger price of a stop-loss buy order must be above the last traded "
                f"price ({rupees_text(ltp)})")
    if pricetype in ("SL", "SL-M") and action == "SELL" and trigger >= ltp:
        return (f"The trigger price of a stop-loss sell order must be below the last traded "
                f"price ({rupees_text(ltp)})")
    return None


def refusal(calendar, inst, f: dict, price: int, trigger: int, ltp_of, now_ms: int):
    """The first reason the broker refuses this placement, or None. ltp_of(inst) gives the
    last trade in paise (asked only of a tradable instrument)."""
    problem = market_closed(calendar, now_ms) or instrument_problem(inst, f["symbol"], f["exchange"])
    if problem:
        return problem
    return (product_problem(f["exchange"], f["product"])
            or quantity_problem(inst, f["quantity"])
            or price_problem(inst, f["pricetype"], f["action"], price, trigger, ltp_of(inst)))
