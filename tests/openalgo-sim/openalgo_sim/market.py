"""The simulated exchange: each instrument's tape of played ticks with the day's state
(open, high, low, previous close, cumulative volume) and its 1-minute bars. Primary
instruments (indices, equities) play the ticks their source gives; options and futures
derive one tick from each tick of their underlying, so their bars are as well defined."""

import dataclasses

from .bars import MINUTE, Bar
from .clock import ist_date, ist_ms
from .pricing import (EXPIRY_CUTOFF_S, det_fraction, future_price, option_price, round_tick,
                      smile_iv, static_oi, years_to)


@dataclasses.dataclass
class Tick:
    ms: int  # exchange time of the trade, epoch milliseconds
    ltp: float
    qty: int  # traded quantity (0 for an index)
    seq: int = 0  # position in the instrument's day, for derived instruments' determinism


class Tape:
    """What an instrument has traded so far: the day's state and every 1-minute bar."""

    def __init__(self, inst):
        self.inst = inst
        self.day = None
        self.prev_close = 0.0
        self.ltp = 0.0
        self.last_qty = 0
        self.last_ms = 0
        self.open = self.high = self.low = 0.0
        self.volume = 0  # cumulative for the day: what quote-mode frames carry
        self.turnover = 0.0
        self.oi = 0
        self.bars = []  # 1-minute bars, ascending
        self.ticks_today = 0

    def start_day(self, day, prev_close: float, oi: int = 0) -> None:
        if self.ltp:
            prev_close = self.ltp
        self.day = day
        self.prev_close = prev_close
        self.ltp = self.ltp or prev_close
        self.open = self.high = self.low = 0.0
        self.volume = 0
        self.turnover = 0.0
        self.oi = oi
        self.ticks_today = 0

    def apply(self, tick: Tick) -> None:
        if self.ticks_today == 0:
            self.open = self.high = self.low = tick.ltp
        elif tick.ltp > self.high:
            self.high = tick.ltp
        elif tick.ltp < self.low:
            self.low = tick.ltp
        self.ltp = tick.ltp
        self.last_qty = tick.qty
        self.last_ms = tick.ms
        self.volume += tick.qty
        self.turnover += tick.qty * tick.ltp
        self.ticks_today += 1
        start = tick.ms // MINUTE * MINUTE
        if self.bars and self.bars[-1].open_ms == start:
            self.bars[-1].add(tick.ltp, tick.qty, self.oi)
        else:
            self.bars.append(Bar(start, tick.ltp, tick.ltp, tick.ltp, tick.ltp, tick.qty, self.oi))

    @property
    def average_price(self) -> float:
        return round(self.turnover / self.volume, 2) if self.volume else 0.0


class DerivedTape(Tape):
    """An option's or future's tape, kept in step with its underlying's on demand."""

    def __init__(self, inst, underlying_tape):
        super().__init__(inst)
        self.source = underlying_tape
        self.cursor = 0  # how many of the underlying's played ticks are applied

    def price_at(self, spot: float, ms: int) -> float:
        inst = self.inst
        expiry_ms = ist_ms(inst.expiry, EXPIRY_CUTOFF_S)
        years = years_to(expiry_ms, ms)
        if inst.kind == "future":
            return future_price(spot, years)
        iv = smile_iv(inst.iv, spot, inst.strike)
        return option_price(spot, inst.strike, years, iv, inst.option_type)

    def derive(self, tick: Tick) -> Tick:
        inst = self.inst
        qty = inst.lot * (1 + int(det_fraction(inst.symbol, tick.ms, tick.seq) * 10))
        return Tick(tick.ms, self.price_at(tick.ltp, tick.ms), qty, tick.seq)

    def sync(self, played, on_tick=None) -> list:
        """Applies the underlying's ticks played since the last call; returns the new ones."""
        new = []
        while self.cursor < len(played):
            tick = played[self.cursor]
            self.cursor += 1
            day = ist_date(tick.ms)
            if day != self.day:
                und = self.inst.underlying
                self.start_day(day, self.price_at(tick.ltp, tick.ms),
                               static_oi(self.inst.symbol, day, self.inst.strike, und.base, und.step,
                                         self.inst.lot))
            mine = self.derive(tick)
            self.apply(mine)
            new.append(mine)
            if on_tick:
                on_tick(self, mine)
        return new

    def quote_now(self, ms: int) -> float:
        """Price at the underlying's current level, for quotes between ticks."""
        spot = self.source.ltp or self.inst.underlying.base
        return self.price_at(spot, ms)


def depth_levels(inst, ltp: float, volume_hint: int, ms: int):
    """Five levels a side around ltp, deterministic per instrument and minute."""
    tick = inst.tick_size
    buy, sell = [], []
    for i in range(5):
        q_b = inst.lot * (1 + int(det_fraction(inst.symbol, "b", i, ms // MINUTE) * 40))
        q_s = inst.lot * (1 + int(det_fraction(inst.symbol, "s", i, ms // MINUTE) * 40))
        buy.append({"price": round_tick(ltp - tick * (i + 1)), "quantity": q_b,
                    "orders": 1 + q_b // max(inst.lot, 1) % 7})
        sell.append({"price": round_tick(ltp + tick * (i + 1)), "quantity": q_s,
                     "orders": 1 + q_s // max(inst.lot, 1) % 7})
    return buy, sell
