"""Prices of derived instruments from their underlying: options by Black-76 with a smile,
futures at a carry. Deterministic, so an option's tick stream is a pure function of its
underlying's."""

import math
import zlib

YEAR_MS = 365.0 * 86_400_000
EXPIRY_CUTOFF_S = 15 * 3600 + 30 * 60  # NFO options expire at 15:30 IST
CARRY = 0.065


def round_tick(price: float, tick: float = 0.05) -> float:
    return round(round(price / tick) * tick, 2)


def det_fraction(*parts) -> float:
    """A stable pseudo-random number in [0, 1) from its arguments."""
    return zlib.crc32(":".join(str(p) for p in parts).encode()) / 2**32


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def smile_iv(atm_iv: float, spot: float, strike: float) -> float:
    m = math.log(strike / spot)
    return max(0.05, atm_iv - 0.10 * m + 1.5 * m * m)


def option_price(spot: float, strike: float, years: float, iv: float, option_type: str) -> float:
    years = max(years, 1e-6)
    sd = iv * math.sqrt(years)
    d1 = (math.log(spot / strike) + 0.5 * sd * sd) / sd
    d2 = d1 - sd
    if option_type == "CE":
        value = spot * _norm_cdf(d1) - strike * _norm_cdf(d2)
    else:
        value = strike * _norm_cdf(-d2) - spot * _norm_cdf(-d1)
    return max(0.05, round_tick(value))


def years_to(expiry_ms: int, now_ms: int) -> float:
    return max(0.0, (expiry_ms - now_ms) / YEAR_MS)


def future_price(spot: float, years: float) -> float:
    return round_tick(spot * (1 + CARRY * years))


def static_oi(symbol: str, day, strike: float, base: float, step: float, lot: int) -> int:
    """Open interest of the day: highest near the starting price, scattered by strike."""
    width = max(step, 1.0) * 8
    shape = math.exp(-(((strike - base) / width) ** 2)) if strike else 0.5
    return lot * int(200 + 3000 * shape * (0.6 + 0.8 * det_fraction(symbol, day)))
