"""The simulator's own API, under /_sim/ on the REST port: faults, the request log, the
market's bars and ticks, the clock, the broker's orders and trades in full, placements
counted per request field, the order mode, and a clean stop. Not part of OpenAlgo."""

import asyncio
import json

from aiohttp import web

from .bars import INTRADAY_MS
from .clock import parse_instant
from .faults import KINDS, FaultError
from .money import rounded_paise, rupees

# Endpoints that create orders: what "placed once" is counted over.
PLACING = ("placeorder", "placesmartorder", "optionsorder", "optionsmultiorder", "splitorder",
           "basketorder", "closeposition")


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
                web.post("/_sim/trade", self.trade),
                web.get("/_sim/orders", self.orders),
                web.get("/_sim/trades", self.trades),
                web.get("/_sim/placements", self.placements),
                web.post("/_sim/order_mode", self.order_mode),
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
            "ticks_played": sim.ticks_played, "played_ms": sim.played_ms, "requests": counts,
            "order_mode": sim.order_mode, "queued_orders": len(sim.queued_orders),
            "orders": {"total": len(sim.broker.orders), "working": len(sim.broker.working_orders()),
                       "trades": len(sim.broker.trades)},
            "funds_paise": {k: rounded_paise(v) for k, v in sim.broker.funds_figures().items()}})

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

    async def trade(self, request):
        """A trade played now on a primary instrument (an index, an equity): the market moves
        there, for every view (bars, frames, fills, option prices). Tests script prices
        with it, on a quiet market (an empty --market file) and a paused clock."""
        sim = self.sim
        try:
            body = await request.json()
            inst = self._instrument(body)
            ltp = float(body["ltp"])
            qty = int(body.get("qty", 0 if inst.is_index else 1))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as e:
            return _error(f"a trade is {{symbol, exchange, ltp, qty}}: {e}")
        if inst.derived:
            return _error("options and futures follow their underlying: trade the underlying")
        if ltp <= 0 or qty < 0:
            return _error("ltp must be positive and qty not negative")
        tick = sim.play_trade(inst, ltp, qty)
        return _json({"status": "ok", "ms": tick.ms, "ltp": tick.ltp, "qty": tick.qty})

    async def orders(self, request):
        """Every order the broker holds, in the simulator's full view (strategy, the request
        that placed it, each fill in paise); ?strategy=, ?status=, ?symbol= narrow it."""
        q = request.query
        rows = [o.sim_view() for o in self.sim.broker.orders.values()]
        for name, field in (("strategy", "strategy"), ("status", "order_status"), ("symbol", "symbol")):
            if name in q:
                rows = [r for r in rows if r[field] == q[name]]
        return _json({"orders": rows})

    async def trades(self, request):
        """Every fill, in time order, exactly: price in paise beside the rupees."""
        out = [{"seq": f.seq, "ms": f.ms, "orderid": o.orderid, "symbol": o.inst.symbol,
                "exchange": o.inst.exchange, "action": o.action, "product": o.product,
                "quantity": f.quantity, "price_paise": f.price, "price": rupees(f.price)}
               for o, f in self.sim.broker.trades]
        return _json({"trades": out})

    async def placements(self, request):
        """Order-creating requests grouped by a field of their body (?by=strategy, the
        default): for each value, how many requests were made and how many orders they
        created (an order placed though its answer was withheld counts). 'Placed once' is
        orders == 1, however many requests a client's retries made."""
        q = request.query
        by = q.get("by", "strategy")
        try:
            since = int(q.get("since", 0))
        except ValueError:
            return _error("since: a sequence number")
        groups = {}
        for e in self.sim.reqlog.select(since, "rest"):
            if e["name"] not in PLACING or not isinstance(e.get("body"), dict):
                continue
            key = str(e["body"].get(by))
            g = groups.setdefault(key, {"requests": 0, "orders": 0, "orderids": [], "seqs": []})
            g["requests"] += 1
            g["orders"] += len(e.get("orderids", []))
            g["orderids"] += e.get("orderids", [])
            g["seqs"].append(e["seq"])
        return _json({"by": by, "placements": groups})

    async def order_mode(self, request):
        try:
            mode = (await request.json()).get("mode")
        except (json.JSONDecodeError, AttributeError):
            mode = None
        if mode not in ("auto", "semi_auto"):
            return _error("mode: auto or semi_auto")
        self.sim.order_mode = mode
        return _json({"status": "ok", "order_mode": mode})

    async def stop(self, request):
        asyncio.get_running_loop().call_later(0.05, self.sim.request_stop)
        return _json({"status": "ok"})
