"""Faults on command. A fault is a JSON object {"fault": KIND, ...}; POST /_sim/fault adds
one, --fault-at schedules one at a market time. Lasting faults end after "count" uses,
after "seconds" of wall time, after "market_seconds" of market time, or when cleared;
without any of these they last until cleared. One-shot faults act at once."""

import time

# kind -> (lasting?, what it does); the README's fault table is this list.
KINDS = {
    "drop": (False, "close every WebSocket connection at once, without a close frame"),
    "close": (False, "close every WebSocket connection with a close frame (code, reason)"),
    "refuse": (True, "stop listening on the WebSocket port: connections are refused"),
    "stall": (True, "sockets stay open and pings are answered, but no market_data frames "
                    "(all symbols, or those in 'symbols')"),
    "freeze": (True, "nothing at all is sent on the WebSocket, pings go unanswered"),
    "auth_fail": (True, "authentication fails: WebSocket AUTHENTICATION_ERROR, REST 403 "
                        "(target ws, rest or both; 'message' instead of the usual one)"),
    "rate_limit": (True, "REST answers 429 with retry_after, as OpenAlgo's limiter does"),
    "slow": (True, "REST answers (target rest) or WebSocket frames (target ws) are delayed "
                   "by delay_ms; a REST answer before the request is carried out (phase "
                   "before, the default) or after (phase after: the order is already placed)"),
    "http_error": (True, "REST answers 'status' (default 500) with OpenAlgo's error body "
                         "(or 'message')"),
    "bad_frame": (False, "send every authenticated client a bad frame: kind not_json, "
                         "unknown_type, missing_field (field, default ltp), error_frame, binary"),
    "late_tick": (False, "send a market_data frame whose ltt is age_s seconds old; it is not "
                         "part of the market (the simulator's bars do not hold it)"),
    "duplicate": (False, "send each client its last market_data frame again"),
    # Orders (scope: endpoints, symbols, action BUY|SELL)
    "withhold": (True, "the request is carried out (an order placed) but no answer is sent: the "
                       "connection is held hold_ms (default 0), then closed"),
    "partial_fill": (True, "each matching order fills in `parts` parts (default 2, whole lots), "
                           "interval_s market seconds apart (default 1); only fill_parts of them "
                           "fill, the rest stays pending"),
    "rms_reject": (True, "each matching order is acknowledged (success, orderid), then rejected "
                         "by RMS after_s market seconds later (default 0.5) with `reason`"),
    "order_reject": (True, "each matching placement is refused by the broker: HTTP `status` "
                           "(default 400) with `message`; a multi-leg order's leg fails, the "
                           "others go on"),
    "duplicate_update": (True, "each order_update frame is delivered twice (broker feed plus "
                               "postback)"),
    "session_expired": (True, "the broker session has expired: order endpoints answer 403, the "
                              "others 500, with Kite's 'Incorrect `api_key` or `access_token`.'; "
                              "order_update frames are lost; /ping still answers pong"),
}


class FaultError(ValueError):
    pass


class Fault:
    def __init__(self, fid: int, spec: dict, now_market_ms: int):
        self.id = fid
        self.spec = spec
        self.kind = spec["fault"]
        self.remaining = spec.get("count")
        self.until_wall = time.monotonic() + spec["seconds"] if "seconds" in spec else None
        self.until_market = (now_market_ms + int(spec["market_seconds"] * 1000)
                             if "market_seconds" in spec else None)

    def expired(self, now_market_ms: int) -> bool:
        return ((self.remaining is not None and self.remaining <= 0)
                or (self.until_wall is not None and time.monotonic() >= self.until_wall)
                or (self.until_market is not None and now_market_ms >= self.until_market))

    def matches(self, **scope) -> bool:
        for name, value in scope.items():
            if name == "target":
                if self.spec.get("target", "both") not in (value, "both"):
                    return False
            elif name == "endpoint":
                wanted = self.spec.get("endpoints")
                if wanted and value not in wanted:
                    return False
            elif name == "symbol":
                wanted = self.spec.get("symbols")
                if wanted and value not in wanted:
                    return False
            elif name == "action":
                wanted = self.spec.get("action")
                if wanted and value != str(wanted).upper():
                    return False
            elif name == "phase":
                if self.spec.get("phase", "before") != value:
                    return False
        return True

    def as_json(self) -> dict:
        return {"id": self.id, **self.spec, "remaining": self.remaining}


def check_spec(spec) -> dict:
    if not isinstance(spec, dict) or spec.get("fault") not in KINDS:
        raise FaultError("a fault is an object with 'fault' one of: " + ", ".join(KINDS))
    for name in ("count", "seconds", "market_seconds", "delay_ms", "status", "retry_after",
                 "age_s", "code", "hold_ms", "parts", "fill_parts", "interval_s", "after_s"):
        if name in spec and (not isinstance(spec[name], (int, float)) or spec[name] < 0):
            raise FaultError(f"'{name}' must be a number >= 0")
    if spec["fault"] == "bad_frame" and spec.get("kind", "not_json") not in (
            "not_json", "unknown_type", "missing_field", "error_frame", "binary"):
        raise FaultError("bad_frame kind: not_json, unknown_type, missing_field, error_frame or binary")
    if spec["fault"] == "slow" and "delay_ms" not in spec:
        raise FaultError("slow needs delay_ms")
    if spec.get("target", "both") not in ("ws", "rest", "both"):
        raise FaultError("target: ws, rest or both")
    if str(spec.get("action", "BUY")).upper() not in ("BUY", "SELL"):
        raise FaultError("action: BUY or SELL")
    if spec.get("phase", "before") not in ("before", "after"):
        raise FaultError("phase: before (the request is not carried out yet) or after")
    if spec["fault"] == "partial_fill" and spec.get("parts", 2) < 1:
        raise FaultError("partial_fill needs parts >= 1")
    return spec


class FaultBook:
    def __init__(self):
        self._next_id = 1
        self.active = []

    def add(self, spec: dict, now_market_ms: int) -> Fault:
        fault = Fault(self._next_id, check_spec(spec), now_market_ms)
        self._next_id += 1
        if KINDS[fault.kind][0]:
            self.active.append(fault)
        return fault

    def clear(self, kind=None) -> int:
        before = len(self.active)
        self.active = [f for f in self.active if kind and f.kind != kind]
        return before - len(self.active)

    def find(self, kind: str, now_market_ms: int, consume: bool = False, **scope):
        """The first live fault of `kind` whose scope matches; a use is counted if consume."""
        self.active = [f for f in self.active if not f.expired(now_market_ms)]
        for fault in self.active:
            if fault.kind == kind and fault.matches(**scope):
                if consume and fault.remaining is not None:
                    fault.remaining -= 1
                return fault
        return None
