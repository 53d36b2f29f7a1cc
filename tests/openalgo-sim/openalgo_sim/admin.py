"""The simulator's own API, under /_sim/ on the REST port: faults, the request log, the
market's bars and ticks, the clock, and a clean stop. Not part of OpenAlgo."""

import asyncio
import json

from aiohttp import web

from .bars import INTRADAY_MS
from .clock import parse_instant
from .faults import KINDS, FaultError


def _json(body, status=200):
    return web.Response(status=status, text=json.dumps(body) + "\n", content_type="application/json")


def _error(message, status=400):
    return _json({"status": "error", "message": message}, status)


class Admin:
    def __init__(self, sim):
        self.sim = sim

    def routes(self):
        return [web.get("/_sim/state", self.state),
                web.post("/_sim/fault", self.add_fault),
                web.delete("/_sim/fault", self.clear_faults),
                web.get("/_sim/faults", self.fault_kinds),
                web.get("/_sim/requests", self.requests),
                web.get("/_sim/bars", self.bars),
                web.get("/_sim/ticks", self.ticks),
                web.post("/_sim/clock", self.clock),
                web.post("/_sim/stop", self.stop)]

    async def state(self, request):
        sim = self.sim
        now = sim.clock.now_ms()
        counts = {}
        for e in sim.reqlog.entries:
            counts.setdefault(e["kind"], {}).setdefault(e["name"], 0)
            counts[e["kind"]][e["name"]] += 1
        return _json({
            "broker": sim.profile.broker, "rest": sim.rest_url, "ws": sim.ws_url,
            "market_ms": now, "market_time": sim.market_time_text(now), "speed": sim.clock.speed,
            "paused": sim.clock.paused, "ws_listening": sim.ws_listening,
            "connections": [{"id": c.id, "authenticated": c.user_id is not None,
                             "subscriptions": sorted([list(s) for s in c.subs]),
                             "order_updates": c.orders} for c in sim.hub.clients.values()],
            "faults": [f.as_json() for f in sim.faults.active],
            "scheduled": [{"at_ms": at, "fault": spec} for at, spec in sim.schedule],
            "ticks_played": sim.ticks_played, "requests": counts})

    async def fault_kinds(self, request):
        return _json({kind: {"lasting": lasting, "does": does} for kind, (lasting, does) in KINDS.items()})

    async def add_fault(self, request):
        try:
            spec = await request.json()
            fault = self.sim.apply_fault(spec)
        except (json.JSONDecodeError, FaultError) as e:
            return _error(str(e))
        return _json({"status": "ok", "id": fault.id, "fault": fault.kind,
                      "market_ms": self.sim.clock.now_ms()})

    async def clear_faults(self, request):
        n = self.sim.faults.clear(request.query.get("kind"))
        return _json({"status": "ok", "cleared": n})

    async def requests(self, request):
        q = request.query
        try:
            since = int(q.get("since", 0))
        except ValueError:
            return _error("since: a sequence number")
        return _json({"requests": self.sim.reqlog.select(since, q.get("kind"), q.get("name"))})

    def _instrument(self, q):
        sim = self.sim
        if "symbol" not in q:
            raise ValueError("symbol is required")
        inst = sim.exchange.find(q["symbol"], q.get("exchange", "NSE_INDEX" if sim.registry.underlying_named(
            q["symbol"]) else "NSE"), sim.clock.now_ms())
        if inst is None:
            raise ValueError(f"no instrument {q.get('exchange', '')}:{q['symbol']}")
        return inst

    async def bars(self, request):
        """Closed bars of the market as played, in sos's CANDLE form (NDJSON), or as /history
        rows with format=history; forming=1 adds the bar still open."""
        sim, q = self.sim, request.query
        tf = q.get("tf", "1m")
        if tf not in INTRADAY_MS and tf != "D":
            return _error(f"tf: one of {', '.join(INTRADAY_MS)}, D")
        try:
            inst = self._instrument(q)
            first = parse_instant(q["from"]) if "from" in q else 0
            last = parse_instant(q["to"]) if "to" in q else 2**62
        except ValueError as e:
            return _error(str(e))
        now = sim.clock.now_ms()
        bars = sim.exchange.bars(inst, "1h" if tf == "60m" else tf, first, last, now, q.get("forming") == "1")
        if q.get("format") == "history":
            return _json({"status": "success", "data": [b.as_history_row(b.open_ms // 1000) for b in bars]})
        lines = [json.dumps(b.as_candle(inst.symbol, inst.exchange, tf, b.open_ms // 1000)) for b in bars]
        return web.Response(text="".join(line + "\n" for line in lines), content_type="application/x-ndjson")

    async def ticks(self, request):
        sim, q = self.sim, request.query
        try:
            inst = self._instrument(q)
            since = int(q.get("since_ms", 0))
        except ValueError as e:
            return _error(str(e))
        tape = sim.exchange.tape(inst)
        played = sim.exchange.played[inst.key] if not inst.derived else []
        rows = [{"ms": t.ms, "ltp": t.ltp, "qty": t.qty} for t in played if t.ms > since]
        return _json({"symbol": inst.symbol, "exchange": inst.exchange, "ticks": rows,
                      "volume": tape.volume})

    async def clock(self, request):
        sim = self.sim
        try:
            body = await request.json()
            if "speed" in body:
                sim.clock.set_speed(float(body["speed"]))
            if "paused" in body:
                sim.clock.pause(bool(body["paused"]))
            if "jump_to" in body:
                sim.clock.jump_to(parse_instant(str(body["jump_to"])))
        except (json.JSONDecodeError, ValueError, TypeError) as e:
            return _error(str(e))
        sim.wake()
        now = sim.clock.now_ms()
        return _json({"status": "ok", "market_ms": now, "market_time": sim.market_time_text(now),
                      "speed": sim.clock.speed, "paused": sim.clock.paused})

    async def stop(self, request):
        asyncio.get_running_loop().call_later(0.05, self.sim.request_stop)
        return _json({"status": "ok"})
