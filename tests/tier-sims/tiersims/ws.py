"""ws-sim: a WebSocket server broadcasting a recorded stream of JSON messages, as the seed's SOS
bridge (MaheshUmale/SOS-System-DATA-Bridge's tv_data_bridge.py) sends its own: any path, no
handshake of its own, every message to every client connected when it goes out (a client
connected late, or reconnected, has missed what went before, as with the bridge).

--replay FILE (relative: tests/recorded/bridge) holds one message a line; each goes out at its
own "timestamp" (milliseconds, as the bridge's; seconds, as sos's contract) played --speed
times faster, from the moment the first client connects. After the last one the server stays
up, silent.

Faults (POST /_fault): {"fault":"drop"} ends every connection without a close frame;
{"fault":"refuse","seconds":S} answers upgrades 503 while it lasts; {"fault":"stall","seconds":S}
sends nothing while it lasts (the messages due are lost, the sockets stay open and answer
pings); {"fault":"bad_frame","kind":"not_json"|"binary"|"unknown_type"|"missing_field"} sends
every client one bad message now; {"fault":"repeat","type":T} sends every client the last
message (of type T) again (a server repeating itself)."""

import asyncio
import json
import os
import time

from aiohttp import WSMsgType, web

from tiersims.common import RECORDED, Admin, Faults, base_parser, serve

BAD = {"not_json": "{\"type\": \"CANDLE_UPDATE\", \"data\": {",
       "unknown_type": json.dumps({"type": "MYSTERY", "timestamp": 0, "data": {}}),
       "missing_field": json.dumps({"type": "CANDLE_UPDATE", "timestamp": 1755834302400,
                                    "data": {"symbol": "NIFTY", "candle": {"open": 1.0}}})}


class WsSim:
    def __init__(self, args):
        path = args.replay if os.path.isabs(args.replay) else os.path.join(RECORDED, "bridge", args.replay)
        with open(path, encoding="utf-8") as f:
            self.stream = [line.rstrip("\n") for line in f if line.strip()]
        self.speed = args.speed
        self.clients = []  # (ws, request)
        self.faults = Faults()
        self.admin = Admin(self.faults)
        self.sent = 0
        self.player = None

    async def add_fault(self, request):
        try:
            spec = await request.json()
            kind = spec.get("fault")
            if kind not in ("drop", "refuse", "stall", "bad_frame", "repeat"):
                raise ValueError("fault: drop, refuse, stall, bad_frame or repeat")
        except (ValueError, json.JSONDecodeError) as e:
            return web.json_response({"error": str(e)}, status=400)
        if kind == "drop":
            for _, req in list(self.clients):
                req.transport.close()
            self.clients.clear()
        elif kind == "repeat":
            wanted = spec.get("type")
            played = [m for m in self.stream[:self.sent] if not wanted or json.loads(m).get("type") == wanted]
            for ws, _ in list(self.clients):
                if played:
                    await ws.send_str(played[-1])
        elif kind == "bad_frame":
            for ws, _ in list(self.clients):
                if spec.get("kind", "not_json") == "binary":
                    await ws.send_bytes(b"\x00\x01binary")
                else:
                    await ws.send_str(BAD[spec.get("kind", "not_json")])
        else:
            self.faults.add(spec)
        return web.json_response({"ok": True})

    @staticmethod
    def ms_of(line):
        t = json.loads(line)["timestamp"]
        return t if t > 10**11 else t * 1000

    async def play(self):
        t0 = self.ms_of(self.stream[0])
        began = time.monotonic()
        for i, line in enumerate(self.stream):
            due = began + (self.ms_of(line) - t0) / 1000 / self.speed
            await asyncio.sleep(max(0, due - time.monotonic()))
            self.sent = i + 1
            if self.faults.take(kinds=("stall",)):
                continue
            for ws, _ in list(self.clients):
                try:
                    await ws.send_str(line)
                except ConnectionError:
                    pass

    async def socket(self, request):
        if self.faults.take(kinds=("refuse",)):
            self.admin.log(request, 503)
            return web.Response(status=503, text="refused")
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        self.admin.log(request, 101)
        entry = (ws, request)
        self.clients.append(entry)
        if self.player is None:
            self.player = asyncio.ensure_future(self.play())
        async for msg in ws:
            if msg.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                break
        if entry in self.clients:
            self.clients.remove(entry)
        return ws

    async def state(self, request):
        return web.json_response({"clients": len(self.clients), "sent": self.sent, "messages": len(self.stream)})

    def app(self):
        app = web.Application()
        app.add_routes([web.post("/_fault", self.add_fault), web.delete("/_fault", self.admin.clear),
                        web.get("/_requests", self.admin.list_requests), web.get("/_state", self.state),
                        web.get("/{tail:.*}", self.socket)])
        return app


def main():
    p = base_parser("A WebSocket server replaying recorded JSON messages on 127.0.0.1 (see tiersims/ws.py)")
    p.add_argument("--replay", required=True, metavar="FILE", help="one message a line, each with a timestamp (ms)")
    p.add_argument("--speed", type=float, default=1, help="played this many times faster")
    args = p.parse_args()
    return serve(WsSim(args).app(), args, "ws-sim")
