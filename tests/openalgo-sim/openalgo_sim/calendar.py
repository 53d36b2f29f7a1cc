"""Trading sessions: the project's NSE calendar file (data/nse-calendar.txt, the format
`man sos-feed` describes: 'hours', 'YYYY-MM-DD holiday ...', 'YYYY-MM-DD session HH:MM-HH:MM
...'; weekends closed), or round the clock for tests and 24-hour markets."""

import datetime as dt
import os

from .clock import ist_ms, parse_clock

DEFAULT_CALENDAR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "data", "nse-calendar.txt"
)


class Calendar:
    def __init__(self, hours=(9 * 3600 + 15 * 60, 15 * 3600 + 30 * 60), always=False):
        self.hours = hours
        self.always = always
        self.holidays = {}  # date -> name
        self.special = {}  # date -> (open_s, close_s)

    @classmethod
    def load(cls, path):
        cal = cls()
        with open(path, encoding="utf-8") as f:
            for number, raw in enumerate(f, 1):
                line = raw.split("#", 1)[0].strip()
                if not line:
                    continue
                words = line.split()
                try:
                    if words[0] == "hours":
                        a, b = words[1].split("-")
                        cal.hours = (parse_clock(a), parse_clock(b))
                    elif words[0] == "zone":
                        if words[1] != "+05:30":
                            raise ValueError("only zone +05:30 is supported")
                    elif words[1] == "holiday":
                        cal.holidays[dt.date.fromisoformat(words[0])] = " ".join(words[2:])
                    elif words[1] == "session":
                        a, b = words[2].split("-")
                        cal.special[dt.date.fromisoformat(words[0])] = (parse_clock(a), parse_clock(b))
                    else:
                        raise ValueError(f"unknown line kind {words[1]!r}")
                except (IndexError, ValueError) as e:
                    raise ValueError(f"{path}:{number}: {e}") from None
        return cal

    def session(self, day: dt.date):
        """(open_ms, close_ms) of the day's session, or None when the market is closed."""
        if self.always:
            return ist_ms(day, 0), ist_ms(day, 0) + 86_400_000
        if day in self.special:
            a, b = self.special[day]
            return ist_ms(day, a), ist_ms(day, b)
        if day.weekday() >= 5 or day in self.holidays:
            return None
        return ist_ms(day, self.hours[0]), ist_ms(day, self.hours[1])

    def trading_days(self, first: dt.date, last: dt.date):
        day = first
        while day <= last:
            if self.session(day):
                yield day
            day += dt.timedelta(days=1)

    def previous_trading_day(self, day: dt.date) -> dt.date:
        day -= dt.timedelta(days=1)
        for _ in range(30):
            if self.session(day):
                return day
            day -= dt.timedelta(days=1)
        return day
