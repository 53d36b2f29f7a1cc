"""The simulator process: one exchange, one REST server (OpenAlgo's /api/v1 plus /_sim/),
one WebSocket server, and the player that moves the market clock and fans ticks out."""

import asyncio
import datetime as dt
import hmac
import ipaddress
import json
import os
import signal
import socket
import sys
import time

from aiohttp import web

from . import VERSION
from .admin import Admin
from .broker import Broker
from .calendar import Calendar
from .clock import IST, MarketClock, ist_date, parse_clock
from .exchange import Exchange
from .faults import FaultBook, FaultError, check_spec
from .frames import Frames
from .instruments import Registry
from .profiles import PROFILES, with_ltt_unit
from .ratelimit import MovingWindow, parse_limits
from .reqlog import RequestLog
from .rest import Rest
from .sources import RecordedSource, SyntheticSource
from .ws import Hub


def check_loopback(host: str) -> None:
    """The simulator serves loopback only: it is test infrastructure, never a service."""
    try:
        addr = ipaddress.ip_address("127.0.0.1" if host == "localhost" else host)
    except ValueError:
        raise ValueError(f"--host {host}: not an IP address (use 127.0.0.1)") from None
    if not addr.is_loopback:
        raise ValueError(f"refusing to listen on {host}: the simulator listens on loopback "
                         "addresses only (127.0.0.0/8, ::1)")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 takes a free one, so tests never race for a port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit it: without it a response written in two parts waits for the
    # client's delayed ACK (tens of milliseconds per REST call).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class Sim:
    def __init__(self, config):
        self.config = config
        profile = PROFILES[config.broker]
        self.profile = with_ltt_unit(profile, config.ltt_unit) if config.ltt_unit else profile
        self.frames = Frames(self.profile)
        calendar = Calendar.load(config.calendar) if config.calendar else Calendar()
        calendar.always = config.session == "always"
        self.registry = Registry.default(calendar) if not config.symbols else Registry(calendar)
        for spec in config.symbols or []:
            self.registry.add_spec(spec)
        source = (RecordedSource(config.market, self.registry) if config.market
                  else SyntheticSource(config.seed, config.tick_interval))
        start_ms = config.start_ms
        self.exchange = Exchange(self.registry, calendar, source, start_ms, config.prehistory_days)
        # Made after the market is built, so the start instant is when serving begins.
        self.clock = MarketClock(start_ms, config.speed)
        if config.paused:
            self.clock.pause(True)
        self.faults = FaultBook()
        self.reqlog = RequestLog()
        self.hub = Hub(self)
        self.rest = Rest(self)
        self.broker = Broker(self, int(round(config.funds * 100)), config.mis_squareoff)
        self.order_mode = config.order_mode
        self.queued_orders = []  # semi-auto: orders waiting in the Action Center
        self.exchange.listener = self._publish
        self.limiters = {
            "api": MovingWindow(parse_limits(config.api_rate_limit) if config.api_rate_limit else []),
            "order": MovingWindow(parse_limits(config.order_rate_limit) if config.order_rate_limit else []),
            "smart": MovingWindow(parse_limits(config.order_rate_limit) if config.order_rate_limit else []),
        }
        self.schedule = sorted(config.fault_at, key=lambda x: x[0])
        self.ticks_played = 0
        self.played_ms = 0  # market time up to which ticks are played and orders matched
        self.ws_listening = False
        self.rest_url = self.ws_url = ""
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()
        self._bars_written = {}
        self._bars_out = open(config.bars_out, "a", encoding="utf-8") if config.bars_out else None

    # Helpers used by the protocol and admin sides ------------------------------------------

    def key_is_valid(self, key) -> bool:
        if not isinstance(key, str):
            return False
        return any(hmac.compare_digest(key.encode(), k.encode()) for k in self.config.api_keys)

    def market_time_text(self, ms: int) -> str:
        return dt.datetime.fromtimestamp(ms / 1000, IST).isoformat(timespec="milliseconds")

    def order_pace(self) -> float:
        """Seconds between the children of a split order: 1 / ORDER_RATE_LIMIT, as OpenAlgo's
        get_order_rate_limit reads the first number of the setting."""
        try:
            rate = int(self.config.order_rate_limit.split()[0])
            return 1.0 / rate if rate > 0 else 0.1
        except (ValueError, IndexError):
            return 0.1

    def wake(self) -> None:
        self._wake.set()

    def request_stop(self) -> None:
        self._stop.set()

    def apply_fault(self, spec):
        """Adds a lasting fault, or does a one-shot one now."""
        check_spec(spec)
        now = self.clock.now_ms()
        fault = self.faults.add(spec, now)
        kind = fault.kind
        if kind == "drop":
            self.hub.close_all(abort=True)
        elif kind == "close":
            self.hub.close_all(abort=False, code=int(spec.get("code", 1001)), reason=spec.get("reason", ""))
        elif kind == "bad_frame":
            for _ in range(int(spec.get("count", 1))):
                self._send_bad_frame(spec)
        elif kind == "late_tick":
            self._send_late_tick(spec, now)
        elif kind == "duplicate":
            for client in self.hub.clients.values():
                if client.last_market:
                    client.send(client.last_market)
        elif kind == "refuse":
            asyncio.ensure_future(self._sync_ws_listener())
        self.wake()
        return fault

    def _send_bad_frame(self, spec) -> None:
        kind = spec.get("kind", "not_json")
        for client in self.hub.clients.values():
            if client.user_id is None:
                continue
            if kind == "not_json":
                client.send("{not json")
            elif kind == "binary":
                client.send(b"\x00\x01\x02")
            elif kind == "unknown_type":
                client.send({"type": "mystery", "data": {"ltp": 1}})
            elif kind == "error_frame":
                client.send({"status": "error", "code": spec.get("code", "BROKER_ERROR"),
                             "message": spec.get("message", "Simulated broker error")})
            elif kind == "missing_field" and client.subs:
                symbol, exchange, mode = sorted(client.subs)[0]
                inst = self.exchange.find(symbol, exchange, self.clock.now_ms())
                tape = self.exchange.tape(inst)
                data = {"symbol": symbol, "exchange": exchange, "ltp": tape.ltp, "ltt": tape.last_ms,
                        "timestamp": int(time.time() * 1000)}
                frame = {"type": "market_data", "symbol": symbol, "exchange": exchange, "mode": mode,
                         "broker": self.profile.broker, "data": data}
                field = spec.get("field", "ltp")
                (frame if field in ("symbol", "exchange", "mode", "data") else data).pop(field, None)
                client.send(frame)

    def _send_late_tick(self, spec, now) -> None:
        from .market import Tick
        age_ms = int(float(spec.get("age_s", 90)) * 1000)
        for client in self.hub.clients.values():
            for symbol, exchange, mode in sorted(client.subs):
                if spec.get("symbol") and spec["symbol"] != symbol:
                    continue
                inst = self.exchange.find(symbol, exchange, now)
                tape = self.exchange.tape(inst)
                late = Tick(now - age_ms, tape.ltp, 0 if inst.is_index else 1)
                client.send({"type": "market_data", "symbol": symbol, "exchange": exchange, "mode": mode,
                             "broker": self.profile.broker, "data": self.frames.data(tape, late, mode)})
                break

    # Running ------------------------------------------------------------------------------

    async def _sync_ws_listener(self) -> None:
        """Closes the WebSocket port while a 'refuse' fault lasts, and opens it again after."""
        refusing = self.faults.find("refuse", self.clock.now_ms()) is not None
        if refusing and self.ws_listening:
            self.ws_listening = False
            await self._ws_site.stop()
            self.hub.close_all(abort=True)
        elif not refusing and not self.ws_listening:
            sock = bind(self.config.host, self._ws_port)
            self._ws_site = web.SockSite(self._ws_runner, sock)
            await self._ws_site.start()
            self.ws_listening = True

    def _publish(self, tape, tick) -> None:
        """Every tick the market plays: to subscribed clients, and to working orders."""
        self.ticks_played += 1
        self.hub.publish(tape, tick)
        self.broker.on_tick(tape, tick)

    def play_trade(self, inst, ltp: float, qty: int):
        """A trade on a primary instrument now (the admin API's scripted market): due ticks
        are played first, so the tape stays in time order."""
        from .market import Tick
        from .pricing import round_tick
        now = self.clock.now_ms()
        self.exchange.advance(now, self._publish)
        tape = self.exchange.tapes[inst.key]
        tick = Tick(max(now, tape.last_ms), round_tick(ltp, inst.tick_size), qty, tape.ticks_today)
        tape.apply(tick)
        self.exchange.played[inst.key].append(tick)
        self._publish(tape, tick)
        return tick

    def _write_bars(self, now: int) -> None:
        if not self._bars_out:
            return
        for key, tape in self.exchange.tapes.items():
            done = self._bars_written.get(key, 0)
            while done < len(tape.bars) and tape.bars[done].open_ms + 60_000 <= now:
                bar = tape.bars[done]
                self._bars_out.write(json.dumps(bar.as_candle(key[0], key[1], "1m", bar.open_ms // 1000)) + "\n")
                done += 1
            self._bars_written[key] = done
        self._bars_out.flush()

    def _run_schedule(self, now: int) -> None:
        while self.schedule and self.schedule[0][0] <= now:
            _, spec = self.schedule.pop(0)
            self.apply_fault(dict(spec))

    async def play(self) -> None:
        """Moves the market: plays due ticks, fans them out, then sleeps until the next."""
        while not self._stop.is_set():
            now = self.clock.now_ms()
            self._run_schedule(now)
            self.exchange.advance(now, self._publish)
            for tape in list(self.exchange.derived.values()):
                if self.hub.subscribed(tape.inst.key) or self.broker.watching(tape.inst.key):
                    self.exchange.tape(tape.inst)
            self.broker.on_clock(now)
            self.played_ms = now
            self._write_bars(now)
            if self.faults.find("refuse", now) is None and not self.ws_listening:
                await self._sync_ws_listener()
            nxt = self.exchange.next_tick_ms()
            wait = 0.05 if nxt is None else min(0.05, self.clock.wall_seconds_until(nxt))
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=max(wait, 0.001))
            except asyncio.TimeoutError:
                pass

    async def serve(self) -> None:
        cfg = self.config
        rest_app = web.Application(client_max_size=4 << 20)
        rest_app.add_routes(Admin(self).routes())
        rest_app.router.add_route("*", "/api/v1/{name:[^/]+/?}", self.rest.handle)
        ws_app = web.Application()
        ws_app.router.add_get("/{tail:.*}", self.hub.handle)
        rest_sock = bind(cfg.host, cfg.rest_port)
        ws_sock = bind(cfg.host, cfg.ws_port)
        self._ws_port = ws_sock.getsockname()[1]
        rest_runner = web.AppRunner(rest_app, access_log=None)
        self._ws_runner = web.AppRunner(ws_app, access_log=None, handle_signals=False)
        await rest_runner.setup()
        await self._ws_runner.setup()
        await web.SockSite(rest_runner, rest_sock).start()
        self._ws_site = web.SockSite(self._ws_runner, ws_sock)
        await self._ws_site.start()
        self.ws_listening = True
        host = f"[{cfg.host}]" if ":" in cfg.host else cfg.host
        self.rest_url = f"http://{host}:{rest_sock.getsockname()[1]}"
        self.ws_url = f"ws://{host}:{self._ws_port}"
        self._announce()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_stop)
        player = asyncio.ensure_future(self.play())
        await self._stop.wait()
        player.cancel()
        self.hub.close_all(abort=False, code=1001, reason="server shutting down")
        await asyncio.sleep(0.05)
        await rest_runner.cleanup()
        await self._ws_runner.cleanup()
        if self._bars_out:
            self._bars_out.close()

    def _announce(self) -> None:
        info = {"pid": os.getpid(), "rest": self.rest_url, "ws": self.ws_url,
                "broker": self.profile.broker, "market_ms": self.clock.now_ms()}
        if self.config.ready_file:
            tmp = self.config.ready_file + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(info, f)
                f.write("\n")
            os.replace(tmp, self.config.ready_file)
        if not self.config.quiet:
            print(f"openalgo-sim: {self.profile.broker} rest {self.rest_url} ws {self.ws_url} "
                  f"market {self.market_time_text(self.clock.now_ms())} speed {self.clock.speed:g}",
                  flush=True)


def parse_fault_at(text: str, start_ms: int):
    """'09:20=JSON' or '09:20:30=JSON': the fault at that market time on the start day."""
    when, _, spec = text.partition("=")
    try:
        seconds = parse_clock(when.strip())
        fault = check_spec(json.loads(spec))
    except (ValueError, FaultError) as e:
        raise ValueError(f"--fault-at {text!r}: {e}") from None
    midnight = dt.datetime.combine(ist_date(start_ms), dt.time(), IST)
    return int(midnight.timestamp() * 1000) + seconds * 1000, fault


def main(argv=None) -> int:
    from .cli import parse_args
    config = parse_args(argv)
    try:
        sim = Sim(config)
    except (OSError, ValueError) as e:
        print(f"openalgo-sim: {e}", file=sys.stderr)
        return 78
    try:
        asyncio.run(_serve(sim))
    except OSError as e:
        print(f"openalgo-sim: cannot listen: {e}", file=sys.stderr)
        return 69
    return 0


async def _serve(sim):
    # asyncio objects made in Sim() belong to this loop from Python 3.10 on.
    await sim.serve()


__all__ = ["Sim", "main", "VERSION", "check_loopback", "parse_fault_at"]
