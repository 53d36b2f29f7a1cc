"""OpenAlgo's WebSocket proxy protocol (websocket_proxy/server.py as the reference reads
it): authenticate, subscribe and unsubscribe per (symbol, exchange, mode), market_data
frames, application pings, error frames without a type, protocol pings every
ping_interval with a pong due within ping_timeout, and close code 4401 for a client that
does not authenticate within the grace period."""

import asyncio
import itertools
import json
import time

import aiohttp
from aiohttp import web

MODES = {1: "LTP", 2: "Quote", 3: "Depth"}
SUPPORTED_BROKERS = ["angel", "dhan", "kotak", "zerodha"]


def normalize_mode(value):
    """(1|2|3, label) from 1/2/3 or 'LTP'/'Quote'/'Depth' in any case; booleans refused."""
    if isinstance(value, bool):
        raise TypeError(f"Mode must be int or str, got bool ({value!r})")
    if isinstance(value, int):
        if value not in MODES:
            raise ValueError(f"Invalid mode {value}; expected 1 (LTP), 2 (Quote), or 3 (Depth)")
        return value, MODES[value]
    if isinstance(value, str):
        upper = value.strip().upper()
        for num, label in MODES.items():
            if label.upper() == upper:
                return num, label
        raise ValueError(f"Invalid mode {value!r}; expected 'LTP', 'Quote', or 'Depth' (case-insensitive)")
    raise TypeError(f"Mode must be int or str, got {type(value).__name__}")


class Client:
    _ids = itertools.count(1)

    def __init__(self, ws: web.WebSocketResponse, remote: str):
        self.id = next(self._ids)
        self.ws = ws
        self.remote = remote
        self.user_id = None
        self.subs = set()  # (symbol, exchange, mode)
        self.orders = False
        self.queue = asyncio.Queue()
        self.last_pong = time.monotonic()
        self.last_market = None  # the last market_data frame sent, for the duplicate fault
        self.transport = None
        self.closing = asyncio.get_running_loop().create_future()  # (code, reason) to close with

    def close(self, code: int, reason: str) -> None:
        """Asks the connection's own task to close it: aiohttp's close() from another task
        while a receive() waits would let the handler's exit close with 1000 instead."""
        if not self.closing.done():
            self.closing.set_result((code, reason))

    def send(self, message) -> None:
        """Queues a frame (a dict, or raw text/bytes for bad frames); the writer sends it."""
        self.queue.put_nowait(message)


class Hub:
    """Every connected client and who is subscribed to what."""

    def __init__(self, sim):
        self.sim = sim
        self.clients = {}
        self.index = {}  # (symbol, exchange) -> {mode: set(client id)}

    # Connection -------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        sim = self.sim
        ws = web.WebSocketResponse(autoping=False, max_msg_size=1 << 20)
        await ws.prepare(request)
        client = Client(ws, request.remote or "")
        client.transport = request.transport
        self.clients[client.id] = client
        sim.reqlog.add("ws", "connect", sim.clock.now_ms(), conn=client.id)
        tasks = [asyncio.ensure_future(self._writer(client)),
                 asyncio.ensure_future(self._pinger(client)),
                 asyncio.ensure_future(self._auth_deadline(client))]
        try:
            async for msg in self._messages(client):
                if sim.faults.find("freeze", sim.clock.now_ms()):
                    continue
                if msg.type == aiohttp.WSMsgType.PING:
                    await ws.pong(msg.data)
                elif msg.type == aiohttp.WSMsgType.PONG:
                    client.last_pong = time.monotonic()
                elif msg.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                    await self.on_message(client, msg.data)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            for t in tasks:
                t.cancel()
            self._forget(client)
            sim.reqlog.add("ws", "disconnect", sim.clock.now_ms(), conn=client.id,
                           close_code=ws.close_code)
        return ws

    async def _messages(self, client: Client):
        """The client's messages until it closes or close() is asked for."""
        ws = client.ws
        while True:
            receive = asyncio.ensure_future(ws.receive())
            await asyncio.wait({receive, client.closing}, return_when=asyncio.FIRST_COMPLETED)
            if receive.done():
                msg = receive.result()
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING,
                                aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return
                yield msg
                continue
            receive.cancel()
            try:
                await receive
            except asyncio.CancelledError:
                pass
            code, reason = client.closing.result()
            await ws.close(code=code, message=reason.encode())
            return

    def _forget(self, client: Client) -> None:
        self.clients.pop(client.id, None)
        for symbol, exchange, mode in client.subs:
            self.index.get((symbol, exchange), {}).get(mode, set()).discard(client.id)
        client.subs.clear()

    async def _writer(self, client: Client) -> None:
        sim = self.sim
        while True:
            message = await client.queue.get()
            while sim.faults.find("freeze", sim.clock.now_ms()):
                await asyncio.sleep(0.05)
            slow = sim.faults.find("slow", sim.clock.now_ms(), consume=True, target="ws")
            if slow:
                await asyncio.sleep(slow.spec["delay_ms"] / 1000)
            try:
                if isinstance(message, bytes):
                    await client.ws.send_bytes(message)
                elif isinstance(message, str):
                    await client.ws.send_str(message)
                else:
                    await client.ws.send_str(json.dumps(message))
            except (ConnectionResetError, RuntimeError):
                return

    async def _pinger(self, client: Client) -> None:
        """Protocol pings as OpenAlgo's server sends them; no pong in time closes (1011)."""
        interval, timeout = self.sim.config.ws_ping_interval, self.sim.config.ws_ping_timeout
        if interval <= 0:
            return
        while not client.ws.closed:
            await asyncio.sleep(interval)
            if self.sim.faults.find("freeze", self.sim.clock.now_ms()):
                continue
            sent = time.monotonic()
            try:
                await client.ws.ping()
            except (ConnectionResetError, RuntimeError):
                return
            await asyncio.sleep(timeout)
            if client.last_pong < sent:
                client.close(1011, "keepalive ping timeout")
                return

    async def _auth_deadline(self, client: Client) -> None:
        await asyncio.sleep(self.sim.config.ws_auth_grace)
        if client.user_id is None and not client.ws.closed:
            client.close(4401, "auth timeout")

    # Messages ---------------------------------------------------------------------------

    def error(self, client: Client, code: str, message: str) -> None:
        client.send({"status": "error", "code": code, "message": message})

    async def on_message(self, client: Client, raw) -> None:
        sim = self.sim
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            sim.reqlog.add("ws", "invalid_json", sim.clock.now_ms(), conn=client.id)
            self.error(client, "INVALID_JSON", "Invalid JSON message")
            return
        if not isinstance(data, dict):
            sim.reqlog.add("ws", "invalid_json", sim.clock.now_ms(), conn=client.id)
            self.error(client, "SERVER_ERROR", f"'{type(data).__name__}' object has no attribute 'get'")
            return
        action = data.get("action") or data.get("type")
        entry = sim.reqlog.add("ws", str(action), sim.clock.now_ms(), conn=client.id, body=data)
        handler = {
            "authenticate": self.authenticate, "auth": self.authenticate,
            "subscribe": self.subscribe, "unsubscribe": self.unsubscribe,
            "unsubscribe_all": self.unsubscribe, "subscribe_orders": self.subscribe_orders,
            "unsubscribe_orders": self.unsubscribe_orders, "get_broker_info": self.broker_info,
            "get_supported_brokers": self.supported_brokers, "ping": self.app_ping,
        }.get(action)
        if handler is None:
            self.error(client, "INVALID_ACTION", f"Invalid action: {action}")
            return
        handler(client, data, entry)

    def authenticate(self, client: Client, data: dict, entry: dict) -> None:
        sim = self.sim
        key = data.get("api_key") or data.get("apikey")
        if not key:
            self.error(client, "AUTHENTICATION_ERROR", "API key is required")
            return
        entry["apikey_valid"] = sim.key_is_valid(key)
        failing = sim.faults.find("auth_fail", sim.clock.now_ms(), consume=True, target="ws")
        if not entry["apikey_valid"] or failing:
            message = failing.spec.get("message", "Invalid API key") if failing else "Invalid API key"
            self.error(client, "AUTHENTICATION_ERROR", message)
            return
        client.user_id = sim.config.user_id
        client.send({"type": "auth", "status": "success", "message": "Authentication successful",
                     "broker": sim.profile.broker, "user_id": client.user_id,
                     "supported_features": {"ltp": True, "quote": True, "depth": True}})

    def _authenticated(self, client: Client) -> bool:
        if client.user_id is None:
            self.error(client, "NOT_AUTHENTICATED", "You must authenticate first")
            return False
        return True

    def subscribe(self, client: Client, data: dict, entry: dict) -> None:
        if not self._authenticated(client):
            return
        sim = self.sim
        symbols = data.get("symbols") or []
        try:
            mode, label = normalize_mode(data.get("mode", "Quote"))
        except (ValueError, TypeError) as e:
            self.error(client, "INVALID_MODE", str(e))
            return
        if not symbols and data.get("symbol") and data.get("exchange"):
            symbols = [{"symbol": data.get("symbol"), "exchange": data.get("exchange")}]
        if not symbols:
            self.error(client, "INVALID_PARAMETERS", "At least one symbol must be specified")
            return
        results, ok = [], True
        broker = sim.profile.broker
        for item in symbols:
            symbol, exchange = item.get("symbol"), item.get("exchange")
            if not symbol or not exchange:
                continue
            inst = sim.exchange.find(symbol, exchange, sim.clock.now_ms())
            if inst is None:
                ok = False
                results.append({"symbol": symbol, "exchange": exchange, "status": "error",
                                "message": f"Token not found for {symbol} on {exchange}",
                                "broker": broker})
                continue
            sim.exchange.tape(inst)  # an option's tape starts following its underlying now
            client.subs.add((symbol, exchange, mode))
            self.index.setdefault((symbol, exchange), {}).setdefault(mode, set()).add(client.id)
            results.append({"symbol": symbol, "exchange": exchange, "status": "success",
                            "mode": label, "depth": 5,  # the only level simulated
                            "broker": broker})
        reply = {"type": "subscribe", "status": "success" if ok else "partial",
                 "subscriptions": results, "message": "Subscription processing complete",
                 "broker": broker}
        if data.get("request_id") is not None:
            reply["request_id"] = data["request_id"]
        client.send(reply)

    def unsubscribe(self, client: Client, data: dict, entry: dict) -> None:
        if not self._authenticated(client):
            return
        broker = self.sim.profile.broker
        everything = "unsubscribe_all" in (data.get("type"), data.get("action"))
        symbols = data.get("symbols") or []
        if not symbols and not everything and data.get("symbol") and data.get("exchange"):
            try:
                mode, _ = normalize_mode(data.get("mode", 2))
            except (ValueError, TypeError) as e:
                self.error(client, "INVALID_MODE", str(e))
                return
            symbols = [{"symbol": data["symbol"], "exchange": data["exchange"], "mode": mode}]
        if not symbols and not everything:
            self.error(client, "INVALID_PARAMETERS", "Either symbols or unsubscribe_all is required")
            return
        done, failed = [], []
        targets = []
        if everything:
            targets = sorted(client.subs)
        else:
            for item in symbols:  # the batch form reads the mode per entry, default Quote
                try:
                    mode, _ = normalize_mode(item.get("mode", 2))
                except (ValueError, TypeError) as e:
                    failed.append({"symbol": item.get("symbol"), "exchange": item.get("exchange"),
                                   "status": "error", "message": str(e), "broker": broker})
                    continue
                if item.get("symbol") and item.get("exchange"):
                    targets.append((item["symbol"], item["exchange"], mode))
        for symbol, exchange, mode in targets:
            client.subs.discard((symbol, exchange, mode))
            self.index.get((symbol, exchange), {}).get(mode, set()).discard(client.id)
            done.append({"symbol": symbol, "exchange": exchange, "status": "success",
                         "broker": broker})
        status = "success" if not failed else ("partial" if done else "error")
        reply = {"type": "unsubscribe", "status": status,
                 "message": "Unsubscription processing complete", "successful": done,
                 "failed": failed, "broker": broker}
        if data.get("request_id") is not None:
            reply["request_id"] = data["request_id"]
        client.send(reply)

    def subscribe_orders(self, client: Client, data: dict, entry: dict) -> None:
        if self._authenticated(client):
            client.orders = True
            client.send({"type": "subscribe_orders", "status": "success",
                         "message": "Subscribed to order updates"})

    def order_update(self, frame: dict, copies: int = 1) -> None:
        """An order_update to every authenticated client that sent subscribe_orders (the
        simulator has one user); copies=2 is the broker feed and the postback both arriving."""
        for client in self.clients.values():
            if client.orders and client.user_id is not None:
                for _ in range(copies):
                    client.send(frame)

    def unsubscribe_orders(self, client: Client, data: dict, entry: dict) -> None:
        if self._authenticated(client):
            client.orders = False
            client.send({"type": "unsubscribe_orders", "status": "success",
                         "message": "Unsubscribed from order updates"})

    def broker_info(self, client: Client, data: dict, entry: dict) -> None:
        if self._authenticated(client):
            client.send({"type": "broker_info", "status": "success",
                         "broker": self.sim.profile.broker, "adapter_status": "connected",
                         "user_id": client.user_id})

    def supported_brokers(self, client: Client, data: dict, entry: dict) -> None:
        client.send({"type": "supported_brokers", "status": "success",
                     "brokers": SUPPORTED_BROKERS, "count": len(SUPPORTED_BROKERS)})

    def app_ping(self, client: Client, data: dict, entry: dict) -> None:
        reply = {"type": "pong", "status": "success", "server_timestamp": int(time.time() * 1000)}
        if data.get("timestamp") is not None:
            reply["client_timestamp"] = data["timestamp"]
        if data.get("_pingId") is not None:
            reply["_pingId"] = data["_pingId"]
        client.send(reply)

    # Market data ------------------------------------------------------------------------

    def subscribed(self, key) -> bool:
        return any(self.index.get(key, {}).values())

    def publish(self, tape, tick) -> None:
        """Frames for one tick to every client subscribed to its instrument, as OpenAlgo fans
        a tick out: the adapter publishes the highest subscribed mode, plus Quote (when
        Depth is the highest) and LTP when those are subscribed too; each published mode
        goes to every client subscribed at that mode or below, tagged with the client's
        mode. So a client at LTP beside another client at Quote gets each tick twice, as
        from OpenAlgo's Zerodha adapter."""
        inst = tape.inst
        by_mode = self.index.get(inst.key)
        if not by_mode:
            return
        live = {m for m, ids in by_mode.items() if ids}
        if not live:
            return
        sim = self.sim
        if sim.faults.find("stall", sim.clock.now_ms(), symbol=inst.symbol):
            return
        highest = max(live)
        topics = [highest] + ([2] if highest == 3 and 2 in live else []) + (
            [1] if highest >= 2 and 1 in live else [])
        for topic in topics:
            data = sim.frames.data(tape, tick, topic, fanned_out=topic != highest)
            tagged = {}
            for m in range(1, topic + 1):
                for cid in by_mode.get(m, ()):
                    tagged[cid] = m
            for cid, m in tagged.items():
                client = self.clients.get(cid)
                if client is None or client.user_id is None:
                    continue
                frame = {"type": "market_data", "symbol": inst.symbol, "exchange": inst.exchange,
                         "mode": m, "broker": sim.profile.broker, "data": data}
                client.last_market = frame
                client.send(frame)

    def close_all(self, abort: bool, code: int = 1001, reason: str = "") -> int:
        n = 0
        for client in list(self.clients.values()):
            n += 1
            if abort:
                if client.transport:
                    client.transport.abort()
            else:
                client.close(code, reason)
        return n
