"""The market clock: market time runs from a start instant at a speed factor, so a test can
play a session's minutes in seconds. Every time inside the simulator is integer epoch
milliseconds (UTC); IST appears only in session logic and in the dates users type."""

import datetime as dt
import time

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def ist_date(ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000, IST).date()


def ist_ms(day: dt.date, seconds_after_midnight: int) -> int:
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=IST)
    return int(midnight.timestamp()) * 1000 + seconds_after_midnight * 1000


def parse_instant(text: str) -> int:
    """ISO 8601 (a time without a zone is IST), or epoch seconds/milliseconds."""
    text = text.strip()
    if text.isdigit():
        n = int(text)
        return n if n > 10**11 else n * 1000
    when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=IST)
    return int(round(when.timestamp() * 1000))


def parse_clock(text: str) -> int:
    """'09:15' or '09:15:30' as seconds after midnight."""
    parts = [int(p) for p in text.split(":")]
    if len(parts) not in (2, 3) or not (0 <= parts[0] < 24 and 0 <= parts[1] < 60):
        raise ValueError(f"not a time of day: {text!r}")
    return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) == 3 else 0)


class MarketClock:
    """Market milliseconds as a function of the monotonic wall clock. Speed may change while
    running (the admin API does it); the mapping stays continuous."""

    def __init__(self, start_ms: int, speed: float = 1.0, wall=time.monotonic):
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._wall = wall
        self._anchor_wall = wall()
        self._anchor_ms = start_ms
        self._speed = speed
        self._paused = False

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def now_ms(self) -> int:
        if self._paused:
            return self._anchor_ms
        return self._anchor_ms + int((self._wall() - self._anchor_wall) * 1000 * self._speed)

    def wall_seconds_until(self, market_ms: int) -> float:
        """How long to sleep on the wall clock until market time reaches market_ms."""
        if self._paused:
            return 0.05
        return max(0.0, (market_ms - self.now_ms()) / 1000 / self._speed)

    def _reanchor(self) -> None:
        self._anchor_ms = self.now_ms()
        self._anchor_wall = self._wall()

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._reanchor()
        self._speed = speed

    def pause(self, paused: bool) -> None:
        self._reanchor()
        self._paused = paused

    def jump_to(self, market_ms: int) -> None:
        """Moves market time forward (never back: ticks already sent stay sent)."""
        self._reanchor()
        self._anchor_ms = max(self._anchor_ms, market_ms)
