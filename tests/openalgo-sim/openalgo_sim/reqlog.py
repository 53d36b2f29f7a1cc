"""The request log: every REST call and every WebSocket message the simulator received, in
order, so tests can count requests (how many /history calls, how many subscribes, whether an
order was placed twice). The API key is never stored, only whether it was the right one."""

import time


def masked(body):
    if isinstance(body, dict):
        return {k: ("***" if k in ("apikey", "api_key") else masked(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [masked(v) for v in body]
    return body


class RequestLog:
    LIMIT = 1_000_000

    def __init__(self):
        self.entries = []
        self._seq = 0

    def add(self, kind: str, name: str, market_ms: int, **fields) -> dict:
        self._seq += 1
        entry = {"seq": self._seq, "wall": round(time.time(), 6), "market_ms": market_ms,
                 "kind": kind, "name": name, **fields}
        if "body" in entry:
            entry["body"] = masked(entry["body"])
        if len(self.entries) >= self.LIMIT:
            del self.entries[: self.LIMIT // 10]
        self.entries.append(entry)
        return entry

    def select(self, since: int = 0, kind=None, name=None):
        return [e for e in self.entries if e["seq"] > since and (kind is None or e["kind"] == kind)
                and (name is None or e["name"] == name)]
