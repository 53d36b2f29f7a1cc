"""What differs between OpenAlgo's broker adapters, as far as a client can see: the broker
name in replies, the unit of ltt, the name of the last traded quantity, the form of 'mode'
inside data, and the intervals /intervals lists. ltt is the trade's time on the market
clock; its unit is the one that broker's adapter sends (Zerodha: milliseconds in LTP and
quote mode, where the adapter falls back to a millisecond stamp, and epoch seconds in depth
mode, the exchange timestamp; Dhan: seconds; Angel: milliseconds)."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Profile:
    broker: str
    ltt_unit: dict  # mode -> "ms" or "s"
    last_qty_field: str
    mode_labels: dict  # mode -> the value of data.mode
    minutes: tuple
    ltp_fanout_has_ltt: bool  # does the LTP frame fanned out from a quote carry ltt?


_MS = {1: "ms", 2: "ms", 3: "ms"}
_S = {1: "s", 2: "s", 3: "s"}
PROFILES = {
    "zerodha": Profile("zerodha", {1: "ms", 2: "ms", 3: "s"}, "last_quantity",
                       {1: "ltp", 2: "quote", 3: "full"},
                       ("1m", "3m", "5m", "10m", "15m", "30m", "60m"), False),
    "dhan": Profile("dhan", _S, "last_quantity", {1: 1, 2: 2, 3: 3},
                    ("1m", "5m", "15m", "60m"), True),
    "angel": Profile("angel", _MS, "last_trade_quantity", {1: 1, 2: 2, 3: 3},
                     ("1m", "3m", "5m", "10m", "15m", "30m"), True),
    "kotak": Profile("kotak", _MS, "last_quantity", {1: 1, 2: 2, 3: 3},
                     ("1m", "5m", "15m", "30m"), True),
}


def with_ltt_unit(profile: Profile, unit: str) -> Profile:
    return dataclasses.replace(profile, ltt_unit={1: unit, 2: unit, 3: unit})


def intervals(profile: Profile) -> dict:
    mins = sorted((m for m in profile.minutes if m.endswith("m")), key=lambda m: int(m[:-1]))
    return {"seconds": [], "minutes": mins, "hours": ["1h"], "days": ["D"], "weeks": [],
            "months": []}
