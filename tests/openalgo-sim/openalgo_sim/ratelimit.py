"""OpenAlgo's request limits: Flask-Limiter's moving window, per endpoint and per client
address, with limits written as OpenAlgo's settings are ("50 per second",
"10 per second;40 per minute")."""

import collections
import re
import time

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_limits(text: str):
    limits = []
    for part in text.split(";"):
        m = re.fullmatch(r"\s*(\d+)\s*(?:per|/)\s*(second|minute|hour|day)s?\s*", part)
        if not m:
            raise ValueError(f"not a limit like '50 per second': {part!r}")
        limits.append((int(m.group(1)), UNITS[m.group(2)]))
    return limits


class MovingWindow:
    def __init__(self, limits):
        self.limits = limits
        self.hits = collections.defaultdict(collections.deque)  # (endpoint, addr) -> times
        self.longest = max((s for _, s in limits), default=1)

    def allow(self, endpoint: str, addr: str) -> bool:
        if not self.limits:
            return True
        now = time.monotonic()
        hits = self.hits[(endpoint, addr)]
        while hits and hits[0] <= now - self.longest:
            hits.popleft()
        for count, seconds in self.limits:
            if sum(1 for t in hits if t > now - seconds) >= count:
                return False
        hits.append(now)
        return True
