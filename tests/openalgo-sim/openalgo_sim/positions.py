"""Positions and funds, kept as a broker keeps them (Kite's net positions): per symbol,
exchange and product, the day's bought and sold quantities and values in paise. Everything
else is derived exactly from those four integers: net quantity, average price, P&L
(sold value - bought value + net x LTP), and its realised part (the closed quantity at the
difference of the average sell and buy prices). Margin follows OpenAlgo's sandbox
leverages: equity MIS 5x, CNC 1x, futures 10x, options 1x of the premium."""

import dataclasses
from fractions import Fraction

from .money import rupees_text

DERIVATIVE_EXCHANGES = ("NFO", "BFO", "CDS", "BCD", "MCX", "NCDEX", "NCO", "CRYPTO")


def leverage(inst, product: str) -> int:
    if inst.kind == "future":
        return 10
    if inst.kind == "option":
        return 1
    return 5 if product == "MIS" else 1


def margin_for(inst, product: str, quantity: int, price_paise: int) -> int:
    """Paise a new exposure blocks (rounded up: a broker never blocks less)."""
    value = quantity * price_paise
    lev = leverage(inst, product)
    return -(-value // lev)


@dataclasses.dataclass
class Position:
    inst: object
    product: str
    buy_qty: int = 0
    buy_value: int = 0  # paise
    sell_qty: int = 0
    sell_value: int = 0

    @property
    def key(self):
        return (self.inst.symbol, self.inst.exchange, self.product)

    @property
    def net(self) -> int:
        return self.buy_qty - self.sell_qty

    def add(self, action: str, quantity: int, price: int) -> None:
        if action == "BUY":
            self.buy_qty += quantity
            self.buy_value += quantity * price
        else:
            self.sell_qty += quantity
            self.sell_value += quantity * price

    def average(self) -> Fraction:
        """Average price of the open side (0 when flat)."""
        if self.net > 0:
            return Fraction(self.buy_value, self.buy_qty)
        if self.net < 0:
            return Fraction(self.sell_value, self.sell_qty)
        return Fraction(0)

    def pnl(self, ltp: int) -> int:
        return self.sell_value - self.buy_value + self.net * ltp

    def realised(self) -> Fraction:
        closed = min(self.buy_qty, self.sell_qty)
        if not closed:
            return Fraction(0)
        return closed * (Fraction(self.sell_value, self.sell_qty) - Fraction(self.buy_value, self.buy_qty))

    def margin(self) -> int:
        return margin_for(self.inst, self.product, abs(self.net), int(self.average()))

    def row(self, ltp: int) -> dict:
        """The positionbook row: every value a string, as the reference gives them."""
        return {"symbol": self.inst.symbol, "exchange": self.inst.exchange, "product": self.product,
                "quantity": str(self.net), "average_price": rupees_text(self.average()),
                "ltp": rupees_text(ltp), "pnl": rupees_text(self.pnl(ltp))}


class Funds:
    """The account's cash: the opening balance, margin blocked by positions and working
    orders, realised and unrealised P&L. Available cash = opening + realised - blocked."""

    def __init__(self, opening_paise: int):
        self.opening = opening_paise

    def figures(self, positions, working_orders, ltp_of) -> dict:
        realised = sum((p.realised() for p in positions), Fraction(0))
        total = sum((p.pnl(ltp_of(p.inst)) for p in positions), 0)
        blocked = sum(p.margin() for p in positions) + sum(o.margin for o in working_orders)
        return {"opening": self.opening, "blocked": blocked, "realised": realised,
                "unrealised": total - realised, "available": self.opening + realised - blocked}

    def answer(self, positions, working_orders, ltp_of) -> dict:
        f = self.figures(positions, working_orders, ltp_of)
        return {"availablecash": rupees_text(f["available"]), "collateral": "0.00",
                "m2mrealized": rupees_text(f["realised"]), "m2munrealized": rupees_text(f["unrealised"]),
                "utiliseddebits": rupees_text(f["blocked"])}
