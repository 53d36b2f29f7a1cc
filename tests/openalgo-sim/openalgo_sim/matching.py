"""The fill rules: when a working order fills and at what price, from the market's last
trade price (paise). The quote around a trade is one tick either side (what /quotes and
/depth show), so:

- MARKET fills at once: a BUY at the ask (LTP + one tick), a SELL at the bid (LTP - one tick).
- LIMIT on arrival fills at once when the quote is marketable (BUY: ask <= limit), at the
  quote; otherwise it rests, and fills at its own limit price on the first trade at or
  through it (BUY: LTP <= limit; touching counts).
- SL-M and SL wait (trigger pending) until a trade touches the trigger (BUY: LTP >= trigger;
  SELL: LTP <= trigger); then SL-M is a MARKET order and SL a LIMIT order arriving at
  that trade."""


def quote(ltp: int, tick: int):
    """(bid, ask) around a trade price, in paise; never below one tick."""
    return max(tick, ltp - tick), ltp + tick


def triggered(order, ltp: int) -> bool:
    return ltp >= order.trigger if order.action == "BUY" else ltp <= order.trigger


def fill_price(order, ltp: int, tick: int, arriving: bool):
    """The price this order fills at against a trade at ltp, or None when it does not."""
    bid, ask = quote(ltp, tick)
    kind = order.acts_as
    if kind == "MARKET":
        return ask if order.action == "BUY" else bid
    if kind != "LIMIT":
        return None
    if arriving:
        if order.action == "BUY":
            return ask if ask <= order.price else None
        return bid if bid >= order.price else None
    if order.action == "BUY":
        return order.price if ltp <= order.price else None
    return order.price if ltp >= order.price else None
