"""The simulator's master contract: indices, equities, and the NFO options and futures of
the indices, with OpenAlgo's symbol forms (NIFTY, SBIN, NIFTY28AUG2524800CE,
NIFTY28AUG25FUT). Expiries follow today's NSE rules (weekly Tuesday for NIFTY, monthly last
Tuesday for the others, moved to the previous trading day on a holiday), so a client that
assumes a weekday instead of asking /expiry is caught out."""

import dataclasses
import datetime as dt
import re

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
OPTION_RE = re.compile(r"^([A-Z&-]+?)(\d{2}[A-Z]{3}\d{2})(\d+(?:\.\d+)?)(CE|PE)$")
FUTURE_RE = re.compile(r"^([A-Z&-]+?)(\d{2}[A-Z]{3}\d{2})FUT$")
INDEX_EXCHANGES = ("NSE_INDEX", "BSE_INDEX")


@dataclasses.dataclass
class Instrument:
    symbol: str
    exchange: str
    kind: str  # index, equity, option, future
    base: float  # the price the market starts from (for derived ones: unused)
    lot: int = 1
    freeze: int = 0
    step: float = 0.0  # strike step of an underlying with options
    iv: float = 0.15  # annualised implied volatility of its options at the money
    underlying: "Instrument | None" = None
    expiry: "dt.date | None" = None
    strike: float = 0.0
    option_type: str = ""
    tick_size: float = 0.05

    @property
    def key(self):
        return (self.symbol, self.exchange)

    @property
    def is_index(self) -> bool:
        return self.kind == "index"

    @property
    def derived(self) -> bool:
        return self.kind in ("option", "future")


def expiry_code(day: dt.date) -> str:
    """28AUG25: the form inside symbols and expiry_date parameters."""
    return f"{day.day:02d}{MONTHS[day.month - 1]}{day.year % 100:02d}"


def expiry_listing(day: dt.date) -> str:
    """28-AUG-25: the form /expiry and /symbol answer with."""
    return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year % 100:02d}"


def parse_expiry_code(code: str) -> "dt.date | None":
    m = re.fullmatch(r"(\d{2})([A-Z]{3})(\d{2})", code.upper())
    if not m or m.group(2) not in MONTHS:
        return None
    try:
        return dt.date(2000 + int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    except ValueError:
        return None


def strike_text(strike: float) -> str:
    return str(int(strike)) if float(strike).is_integer() else f"{strike:g}"


# Lot sizes and freeze quantities as the reference gives them for 2026 (NIFTY 65, BANKNIFTY 30).
DEFAULT_UNDERLYINGS = [
    ("NIFTY", "NSE_INDEX", 24800.0, 65, 1800, 50.0, 0.13),
    ("BANKNIFTY", "NSE_INDEX", 55000.0, 30, 600, 100.0, 0.15),
    ("FINNIFTY", "NSE_INDEX", 26000.0, 60, 1200, 50.0, 0.14),
    ("INDIAVIX", "NSE_INDEX", 13.5, 1, 0, 0.0, 0.0),
]
DEFAULT_EQUITIES = [("SBIN", 800.0), ("RELIANCE", 1400.0), ("HDFCBANK", 1950.0),
                    ("ICICIBANK", 1400.0), ("INFY", 1500.0), ("TCS", 3100.0)]
WEEKLY_UNDERLYINGS = {"NIFTY"}
STRIKE_BAND = 0.10  # strikes listed within ±10% of the underlying's starting price


class Registry:
    """Every instrument the simulated exchange knows, found by (symbol, exchange)."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.primary = {}  # (symbol, exchange) -> Instrument that trades on its own
        self._derived = {}

    def add(self, inst: Instrument) -> Instrument:
        self.primary[inst.key] = inst
        return inst

    @classmethod
    def default(cls, calendar):
        reg = cls(calendar)
        for sym, exch, price, lot, freeze, step, iv in DEFAULT_UNDERLYINGS:
            reg.add(Instrument(sym, exch, "index", price, lot, freeze, step, iv))
        for sym, price in DEFAULT_EQUITIES:
            reg.add(Instrument(sym, "NSE", "equity", price))
        return reg

    def add_spec(self, spec: str) -> Instrument:
        """'NSE:TATAMOTORS@700' or 'NSE_INDEX:MIDCPNIFTY@12500' (price optional)."""
        m = re.fullmatch(r"([A-Z_]+):([A-Z0-9&-]+)(?:@([0-9.]+))?", spec)
        if not m:
            raise ValueError(f"not EXCHANGE:SYMBOL[@PRICE]: {spec!r}")
        exch, sym = m.group(1), m.group(2)
        known = {(s, e): Instrument(s, e, "index", p, lot, fr, st, iv)
                 for s, e, p, lot, fr, st, iv in DEFAULT_UNDERLYINGS}
        known.update({(s, "NSE"): Instrument(s, "NSE", "equity", p) for s, p in DEFAULT_EQUITIES})
        inst = self.primary.get((sym, exch)) or known.get((sym, exch)) or Instrument(
            sym, exch, "index" if exch in INDEX_EXCHANGES else "equity", 1000.0)
        if m.group(3):
            inst.base = float(m.group(3))
        return self.add(inst)

    def underlying_named(self, name: str):
        for (sym, exch), inst in self.primary.items():
            if sym == name and inst.step > 0:
                return inst
        return None

    # Expiries -----------------------------------------------------------------------------

    def _trading_or_earlier(self, day: dt.date) -> dt.date:
        for _ in range(10):
            if self.calendar.session(day):
                return day
            day -= dt.timedelta(days=1)
        return day

    @staticmethod
    def _last_tuesday(year: int, month: int) -> dt.date:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        day = nxt - dt.timedelta(days=1)
        while day.weekday() != 1:
            day -= dt.timedelta(days=1)
        return day

    def expiries(self, underlying: Instrument, today: dt.date, kind: str):
        """Live expiries on or after `today`, ascending: options or futures."""
        out = set()
        y, m = today.year, today.month
        monthly = []
        for i in range(4):
            mm = m + i
            monthly.append(self._last_tuesday(y + (mm - 1) // 12, (mm - 1) % 12 + 1))
        out.update(monthly[:3])
        if kind == "options" and underlying.symbol in WEEKLY_UNDERLYINGS:
            day = today
            while day.weekday() != 1:
                day += dt.timedelta(days=1)
            for i in range(8):
                out.add(day + dt.timedelta(weeks=i))
        return sorted(d for d in (self._trading_or_earlier(x) for x in out) if d >= today)

    def strikes(self, underlying: Instrument):
        step = underlying.step
        lo = int(underlying.base * (1 - STRIKE_BAND) // step)
        hi = int(underlying.base * (1 + STRIKE_BAND) // step) + 1
        return [k * step for k in range(lo, hi + 1)]

    # Lookup -------------------------------------------------------------------------------

    def find(self, symbol: str, exchange: str, today: dt.date):
        """The instrument, or None when the master contract has no such symbol."""
        inst = self.primary.get((symbol, exchange))
        if inst:
            return inst
        if exchange != "NFO":
            return None
        cached = self._derived.get(symbol)
        if cached:
            return cached
        inst = self._parse_derived(symbol, today)
        if inst:
            self._derived[symbol] = inst
        return inst

    def _parse_derived(self, symbol: str, today: dt.date):
        m = OPTION_RE.match(symbol)
        if m:
            und = self.underlying_named(m.group(1))
            expiry = parse_expiry_code(m.group(2))
            strike = float(m.group(3))
            if (und and expiry and expiry in self.expiries(und, today, "options")
                    and strike in self.strikes(und)):
                return Instrument(symbol, "NFO", "option", 0.0, und.lot, und.freeze,
                                  underlying=und, expiry=expiry, strike=strike,
                                  option_type=m.group(4), iv=und.iv)
            return None
        m = FUTURE_RE.match(symbol)
        if m:
            und = self.underlying_named(m.group(1))
            expiry = parse_expiry_code(m.group(2))
            if und and expiry and expiry in self.expiries(und, today, "futures"):
                return Instrument(symbol, "NFO", "future", 0.0, und.lot, und.freeze,
                                  underlying=und, expiry=expiry)
        return None

    def option(self, underlying: Instrument, expiry: dt.date, strike: float, option_type: str, today):
        sym = f"{underlying.symbol}{expiry_code(expiry)}{strike_text(strike)}{option_type}"
        return self.find(sym, "NFO", today)
