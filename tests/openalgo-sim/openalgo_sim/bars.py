"""Bars: 1-minute bars built from the ticks the exchange played, and the larger intervals
resampled from them. Intraday bars are anchored at the session open and cut at its close,
as sos-feed and the brokers' /history do (5m bars open at 09:15, 09:20, ...). A minute
without a trade has no bar, as a broker's /history has none."""

import dataclasses

MINUTE = 60_000
INTRADAY_MS = {"1m": MINUTE, "2m": 2 * MINUTE, "3m": 3 * MINUTE, "5m": 5 * MINUTE,
               "10m": 10 * MINUTE, "15m": 15 * MINUTE, "20m": 20 * MINUTE, "30m": 30 * MINUTE,
               "60m": 60 * MINUTE, "1h": 60 * MINUTE, "2h": 120 * MINUTE, "3h": 180 * MINUTE,
               "4h": 240 * MINUTE}


@dataclasses.dataclass
class Bar:
    open_ms: int
    o: float
    h: float
    l: float  # noqa: E741 (the candle's low, named as everywhere in sos)
    c: float
    v: int
    oi: int = 0

    def add(self, ltp: float, qty: int, oi: int) -> None:
        if ltp > self.h:
            self.h = ltp
        elif ltp < self.l:
            self.l = ltp
        self.c = ltp
        self.v += qty
        self.oi = oi

    def merged(self, other: "Bar") -> "Bar":
        return Bar(self.open_ms, self.o, max(self.h, other.h), min(self.l, other.l), other.c,
                   self.v + other.v, other.oi)

    def as_history_row(self, timestamp: int) -> dict:
        return {"timestamp": timestamp, "open": self.o, "high": self.h, "low": self.l,
                "close": self.c, "volume": self.v, "oi": self.oi}

    def as_candle(self, symbol: str, exchange: str, tf: str, timestamp: int) -> dict:
        """sos's canonical CANDLE line, so tests can compare sos-feed's output with jq."""
        return {"type": "CANDLE", "timestamp": timestamp, "symbol": symbol, "exchange": exchange,
                "tf": tf, "o": self.o, "h": self.h, "l": self.l, "c": self.c, "v": self.v}


def resample(minute_bars, tf: str, session_of):
    """Bars of interval `tf` from ascending 1-minute bars. session_of(ms) gives the
    (open_ms, close_ms) of the session holding ms. Daily bars ('D') open at the day's
    session open here; the caller stamps them as the broker does."""
    out = []
    for bar in minute_bars:
        open_ms, close_ms = session_of(bar.open_ms)
        if tf == "D":
            start = open_ms
        else:
            span = INTRADAY_MS[tf]
            start = open_ms + (bar.open_ms - open_ms) // span * span
        if out and out[-1].open_ms == start:
            out[-1] = out[-1].merged(bar)
        else:
            out.append(dataclasses.replace(bar, open_ms=start))
    return out
