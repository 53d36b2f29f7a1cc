"""The exchange: loads each trading day's ticks from the source, plays them as market time
passes, and answers what the market looks like now (quotes, depth, bars). Days before the
start instant, and the start day's ticks before it, are played silently at start-up, so
/history already has them."""

import datetime as dt
import heapq

from .bars import resample
from .clock import ist_date, ist_ms
from .market import DerivedTape, Tape, depth_levels
from .pricing import round_tick


def _keyed(ticks, order, key):
    for t in ticks:
        yield (t.ms, order, key, t)


class Exchange:
    def __init__(self, registry, calendar, source, start_ms: int, prehistory_days: int = 2):
        self.registry = registry
        self.calendar = calendar
        self.source = source
        self.tapes = {key: Tape(inst) for key, inst in registry.primary.items()}
        self.played = {key: [] for key in registry.primary}  # every tick played, per primary
        self.derived = {}  # symbol -> DerivedTape
        # Called with (tape, tick) for each tick an option or future derives, whenever its tape
        # is brought up to date (the simulator's fan-out and order matching), so no tick is
        # applied unseen because a /quotes call synced the tape between two player turns.
        self.listener = None
        self.day = None
        self._pending = iter(())  # the loaded day's ticks not yet played: (ms, order, key, tick)
        self._peeked = None
        recorded_days = getattr(source, "days", None)
        first = ist_date(start_ms)
        if recorded_days:
            days = [d for d in recorded_days if d < first and calendar.session(d)]
        else:
            days, d = [], first
            for _ in range(prehistory_days):
                d = calendar.previous_trading_day(d)
                days.insert(0, d)
        for d in days:
            self._load_day(d)
            self._play_until(None)
        self.advance(start_ms)

    # Playing ------------------------------------------------------------------------------

    def _load_day(self, day: dt.date) -> None:
        self.day = day
        session = self.calendar.session(day)
        streams = []
        for order, (key, tape) in enumerate(sorted(self.tapes.items())):
            tape.start_day(day, tape.inst.base)
            if session:
                ticks = self.source.day_ticks(tape.inst, day, session[0], session[1], tape.ltp)
                streams.append(_keyed(ticks, order, key))
        # Merged lazily: a synthetic day is generated only as far as it is played.
        self._pending = heapq.merge(*streams)
        self._peeked = next(self._pending, None)

    def _play_until(self, now_ms, on_tick=None):
        played = []
        while self._peeked is not None:
            ms, _, key, tick = self._peeked
            if now_ms is not None and ms > now_ms:
                break
            self._peeked = next(self._pending, None)
            tape = self.tapes[key]
            tape.apply(tick)
            self.played[key].append(tick)
            played.append((tape.inst, tick))
            if on_tick:
                on_tick(tape, tick)
        return played

    def advance(self, now_ms: int, on_tick=None):
        """Plays every tick due by now_ms; returns them as (instrument, tick) in time order.
        on_tick(tape, tick) is called right after each tick is applied, while the tape's day
        state (cumulative volume, high, low) is that tick's."""
        played = []
        today = ist_date(now_ms)
        while self.day is None or self.day < today:
            if self.day is not None:
                played += self._play_until(None, on_tick)
            self._load_day(today if self.day is None else self.day + dt.timedelta(days=1))
        played += self._play_until(now_ms, on_tick)
        return played

    def next_tick_ms(self):
        """Market time of the next tick to play, or None when the day has no more."""
        return self._peeked[0] if self._peeked is not None else None

    # Looking ------------------------------------------------------------------------------

    def find(self, symbol: str, exchange: str, now_ms: int):
        return self.registry.find(symbol, exchange, ist_date(now_ms))

    def tape(self, inst, on_tick=None):
        """The instrument's tape, brought up to date (an option's or future's follows its
        underlying's played ticks; on_tick sees each tick it derives now)."""
        if not inst.derived:
            return self.tapes[inst.key]
        tape = self.derived.get(inst.symbol)
        if tape is None:
            tape = self.derived[inst.symbol] = DerivedTape(inst, self.tapes[inst.underlying.key])
        tape.sync(self.played[inst.underlying.key], on_tick or self.listener)
        return tape

    def session_of(self, ms: int):
        session = self.calendar.session(ist_date(ms))
        return session or (ms, ms + 1)

    def bars(self, inst, tf: str, from_ms: int, to_ms: int, now_ms: int, include_forming: bool):
        """Bars of `tf` opening in [from_ms, to_ms]; the bar still forming at now_ms is
        included only when asked (brokers' /history does include it)."""
        minute = [b for b in self.tape(inst).bars if from_ms <= b.open_ms <= to_ms]
        bars = minute if tf == "1m" else resample(minute, tf, self.session_of)
        if not include_forming:
            bars = [b for b in bars if self._bar_end(b.open_ms, tf) <= now_ms]
        return bars

    def _bar_end(self, open_ms: int, tf: str) -> int:
        from .bars import INTRADAY_MS
        close = self.session_of(open_ms)[1]
        return close if tf == "D" else min(open_ms + INTRADAY_MS[tf], close)

    def quote(self, inst, now_ms: int) -> dict:
        """OpenAlgo's /quotes data: open, high, low, ltp, ask, bid, prev_close, volume, oi."""
        tape = self.tape(inst)
        ltp = tape.ltp or (tape.quote_now(now_ms) if inst.derived else inst.base)
        spread = 0.0 if inst.is_index else inst.tick_size
        return {"ask": round_tick(ltp + spread) if spread else 0, "bid": round_tick(ltp - spread) if spread else 0,
                "high": tape.high, "low": tape.low, "ltp": ltp, "open": tape.open,
                "prev_close": tape.prev_close, "volume": tape.volume, "oi": tape.oi}

    def depth(self, inst, now_ms: int) -> dict:
        tape = self.tape(inst)
        q = self.quote(inst, now_ms)
        buy, sell = depth_levels(inst, q["ltp"], tape.volume, now_ms)
        if inst.is_index:
            buy = [{"price": 0, "quantity": 0, "orders": 0} for _ in range(5)]
            sell = list(buy)
        return {"asks": [{"price": s["price"], "quantity": s["quantity"]} for s in sell],
                "bids": [{"price": b["price"], "quantity": b["quantity"]} for b in buy],
                "high": q["high"], "low": q["low"], "ltp": q["ltp"], "ltq": tape.last_qty,
                "oi": q["oi"], "open": q["open"], "prev_close": q["prev_close"],
                "totalbuyqty": sum(b["quantity"] for b in buy),
                "totalsellqty": sum(s["quantity"] for s in sell), "volume": q["volume"]}

    def day_start_ms(self, day) -> int:
        return ist_ms(day, 0)
