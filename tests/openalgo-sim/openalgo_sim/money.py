"""Money inside the simulated broker: prices and values are integer paise, averages and P&L
exact fractions of a paisa; a float or a string appears only where an answer is written.
Sums of floats would make a tradebook disagree with a position book by a paisa."""

import decimal
from fractions import Fraction


class NotPaise(ValueError):
    """A price with a fraction of a paisa (it cannot be on any instrument's tick)."""


def to_paise(value) -> int:
    """Rupees as given in a request (a float or a string of one) as whole paise."""
    try:
        exact = decimal.Decimal(str(value)) * 100
    except decimal.InvalidOperation:
        raise NotPaise(f"not a price: {value!r}") from None
    if exact != exact.to_integral_value():
        raise NotPaise(f"{value} has a fraction of a paisa")
    return int(exact)


def rounded_paise(value: Fraction) -> int:
    """An exact amount in paise rounded half away from zero to a whole paisa."""
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


def rupees(paise) -> float:
    """Paise (an int or an exact Fraction) as the float rupees an answer carries, to the paisa."""
    return rounded_paise(Fraction(paise)) / 100


def rupees_text(paise) -> str:
    """Paise as '1234.50': the two-decimal strings of positionbook and funds."""
    p = rounded_paise(Fraction(paise))
    sign = "-" if p < 0 else ""
    return f"{sign}{abs(p) // 100}.{abs(p) % 100:02d}"
