"""Where the simulated market's trades come from: a seeded synthetic market, or a recorded
file of ticks or 1-minute candles (NDJSON or CSV). Either gives, for an instrument and a
session, the day's ticks in time order; the exchange plays them on its clock."""

import csv
import json
import math
import random

from .bars import MINUTE
from .clock import ist_date, parse_instant
from .instruments import INDEX_EXCHANGES, Instrument
from .market import Tick
from .pricing import round_tick

DAILY_VOL = {"index": 0.008, "equity": 0.014}
SESSION_SECONDS = 22_500.0


class SyntheticSource:
    """A random walk on the 0.05 tick with a few drift regimes a day; the same seed, symbol
    and day give the same ticks, whatever else the simulator is doing."""

    def __init__(self, seed: int, tick_interval_s: float = 1.0):
        self.seed = seed
        self.mean_gap_ms = max(1.0, tick_interval_s * 1000)

    def day_ticks(self, inst: Instrument, day, open_ms: int, close_ms: int, prev_close: float):
        rng = random.Random(f"{self.seed}:{inst.symbol}:{inst.exchange}:{day.isoformat()}")
        vol = 0.05 if inst.symbol == "INDIAVIX" else DAILY_VOL.get(inst.kind, 0.012)
        sigma_ms = vol / math.sqrt(SESSION_SECONDS * 1000)
        price = prev_close * (1 + rng.gauss(0, vol * 0.3))
        segment_ms = max(1, (close_ms - open_ms) // 4)
        drift_ms = 0.0
        t = open_ms + rng.randint(0, 999)
        last_ms, segment, seq = t - 1, -1, 0
        while t < close_ms:
            if (t - open_ms) // segment_ms != segment:
                segment = (t - open_ms) // segment_ms
                drift_ms = rng.gauss(0, vol * 0.5) / segment_ms
            gap = t - last_ms
            price *= math.exp(drift_ms * gap + sigma_ms * math.sqrt(gap) * rng.gauss(0, 1))
            ltp = max(inst.tick_size, round_tick(price, inst.tick_size))
            qty = 0 if inst.is_index else max(1, int(rng.expovariate(1 / 150)))
            yield Tick(t, ltp, qty, seq)
            last_ms, seq = t, seq + 1
            t += max(1, int(rng.expovariate(1 / self.mean_gap_ms)))


class RecordError(ValueError):
    pass


def _number(row, *names):
    for n in names:
        if n in row and row[n] not in (None, ""):
            return float(row[n])
    return None


def _instant(row, where):
    for n in ("timestamp", "ts", "time", "datetime", "date", "ltt"):
        if n in row and row[n] not in (None, ""):
            v = row[n]
            if isinstance(v, (int, float)):
                return int(v) if v > 10**11 else int(round(v * 1000))
            try:
                return parse_instant(str(v))
            except ValueError:
                raise RecordError(f"{where}: cannot read the time {v!r}") from None
    raise RecordError(f"{where}: no time (timestamp, ts, time or datetime)")


def _candle_ticks(open_ms, o, h, l, c, v):
    """Four trades that make exactly this bar: open, the extreme against the close's
    direction, the other extreme, close; the volume split among them."""
    path = [o, l, h, c] if c >= o else [o, h, l, c]
    share = v // 4
    qtys = [share, share, share, v - 3 * share]
    return [(open_ms + 1000 + 14_000 * i, p, q) for i, (p, q) in enumerate(zip(path, qtys))]


class RecordedSource:
    """Ticks or 1-minute candles from a file. Lines may mix symbols; each symbol's are
    sorted by time. Candles become four ticks each, so the bars built from the ticks are
    the recorded bars exactly."""

    def __init__(self, path: str, registry):
        self.ticks = {}  # (symbol, exchange) -> [Tick]
        rows = self._read(path)
        cumulative = {}
        for where, row in rows:
            symbol = str(row.get("symbol") or "").strip()
            if not symbol:
                raise RecordError(f"{where}: no symbol")
            exchange = str(row.get("exchange") or "").strip() or (
                "NSE_INDEX" if registry.underlying_named(symbol) or symbol == "INDIAVIX" else "NSE")
            ms = _instant(row, where)
            key = (symbol, exchange)
            out = self.ticks.setdefault(key, [])
            if _number(row, "o", "open") is not None:
                tf = str(row.get("tf") or "1m")
                if tf != "1m":
                    raise RecordError(f"{where}: only 1-minute candles can be played (tf {tf})")
                vals = [_number(row, *n) for n in (("o", "open"), ("h", "high"), ("l", "low"),
                                                   ("c", "close"))]
                if None in vals:
                    raise RecordError(f"{where}: a candle needs open, high, low and close")
                v = int(_number(row, "v", "volume") or 0)
                for t, p, q in _candle_ticks(ms // MINUTE * MINUTE, *vals, v):
                    out.append(Tick(t, p, q))
                continue
            ltp = _number(row, "ltp", "price", "last")
            if ltp is None:
                raise RecordError(f"{where}: neither a tick (ltp) nor a candle (open...)")
            qty = _number(row, "qty", "quantity", "last_quantity")
            if qty is None:
                cum = _number(row, "volume")
                day_key = (key, ist_date(ms))
                qty = max(0, (cum or 0) - cumulative.get(day_key, 0)) if cum is not None else 0
                if cum is not None:
                    cumulative[day_key] = cum
            out.append(Tick(ms, ltp, int(qty)))
        for key, ticks in self.ticks.items():
            ticks.sort(key=lambda t: t.ms)
            if key not in registry.primary:
                kind = "index" if key[1] in INDEX_EXCHANGES else "equity"
                registry.add(Instrument(key[0], key[1], kind, ticks[0].ltp))
        self.days = sorted({ist_date(t.ms) for ts in self.ticks.values() for t in ts})

    @staticmethod
    def _read(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if text.lstrip().startswith("{"):
            rows = []
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        rows.append((f"{path}:{n}", json.loads(line)))
                    except json.JSONDecodeError as e:
                        raise RecordError(f"{path}:{n}: not JSON: {e}") from None
            return rows
        reader = csv.DictReader(text.splitlines())
        return [(f"{path}:{n}", {k.strip().lower(): v for k, v in row.items() if k})
                for n, row in enumerate(reader, 2)]

    def day_ticks(self, inst, day, open_ms, close_ms, prev_close):
        ticks = [t for t in self.ticks.get(inst.key, []) if open_ms <= t.ms < close_ms]
        for i, t in enumerate(ticks):
            t.seq = i
        return ticks
