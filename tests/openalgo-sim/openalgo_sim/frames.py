"""The 'data' object of a market_data frame, per mode, with the fields OpenAlgo's adapters
send (the reference's §2.2; the Zerodha adapter's names by default). Quote mode's volume is
the day's cumulative volume; 'close' is the previous close; 'timestamp' is the simulator's
wall-clock send time in milliseconds (what a latency bench compares against), 'ltt' the
trade's market time in the profile's unit."""

import time

from .market import depth_levels
from .pricing import det_fraction


class Frames:
    def __init__(self, profile):
        self.profile = profile

    def ltt(self, ms: int, mode: int) -> int:
        return ms // 1000 if self.profile.ltt_unit[mode] == "s" else ms

    def data(self, tape, tick, mode: int, fanned_out: bool = False) -> dict:
        inst = tape.inst
        p = self.profile
        now = int(time.time() * 1000)
        if mode == 1 and fanned_out and not p.ltp_fanout_has_ltt:
            return {"symbol": inst.symbol, "exchange": inst.exchange, "mode": p.mode_labels[1],
                    "ltp": tick.ltp, "timestamp": now}
        out = {"symbol": inst.symbol, "exchange": inst.exchange, "mode": p.mode_labels[mode],
               "ltp": tick.ltp, "ltt": self.ltt(tick.ms, mode), "timestamp": now}
        if mode == 1:
            return out
        out["volume"] = tape.volume
        if inst.is_index:
            change = round(tick.ltp - tape.prev_close, 2) if tape.prev_close else 0
            out["price_change"] = change
            out["price_change_percent"] = round(100 * change / tape.prev_close, 2) if tape.prev_close else 0
        else:
            out[p.last_qty_field] = tick.qty
            out["average_price"] = tape.average_price
            out["total_buy_quantity"] = inst.lot * int(500 + 1000 * det_fraction(inst.symbol, tick.ms, "b"))
            out["total_sell_quantity"] = inst.lot * int(500 + 1000 * det_fraction(inst.symbol, tick.ms, "s"))
        out.update({"open": tape.open, "high": tape.high, "low": tape.low, "close": tape.prev_close})
        if inst.derived:
            out["oi"] = tape.oi
            out["open_interest"] = tape.oi
        if mode == 3:
            buy, sell = depth_levels(inst, tick.ltp, tape.volume, tick.ms)
            out["depth"] = {"buy": buy, "sell": sell}
        return out
