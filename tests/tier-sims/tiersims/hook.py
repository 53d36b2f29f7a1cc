"""hook-sim: where sos-alert's notices go, recorded: Telegram's Bot API sendMessage
(POST /bot{token}/sendMessage, answered as Telegram answers) and a generic webhook (a POST to any
other path, its JSON body kept). GET /_received lists every request taken, in order, with the
status it was answered: {"sink": "telegram", "chat_id", "text", "token_ok", "status", "at"} or
{"sink": "webhook", "path", "body", "status", "at"}. --token and --chat make it check them as
Telegram would (a wrong token 401 Unauthorized, a wrong chat 400 chat not found).

Faults (POST /_fault), each for `count` requests or `seconds`, `symbols` ["telegram"] or
["webhook"] scoping one to a sink:
  {"fault":"status","status":500}                  that status, with Telegram's error body
  {"fault":"status","status":429,"retry_after":2}  Telegram's flood control, its wait in
                                                   parameters.retry_after
  {"fault":"stall","hold":600}                     the request read, then nothing for `hold`
                                                   seconds, then the connection closed
  {"fault":"close"}                                the connection closed without an answer
A refused connection is the server stopped, or a port nothing listens on."""

import asyncio
import json
import time

from aiohttp import web

from tiersims.common import Admin, Faults, base_parser, serve

DESCRIPTIONS = {400: "Bad Request: chat not found", 401: "Unauthorized", 403: "Forbidden: bot was blocked by the user",
                429: "Too Many Requests: retry after {}", 500: "Internal Server Error", 502: "Bad Gateway"}


class HookSim:
    def __init__(self, args):
        self.token = args.token
        self.chat = args.chat
        self.faults = Faults()
        self.admin = Admin(self.faults, check=self.check)
        self.received = []
        self.message_id = 0

    @staticmethod
    def check(spec):
        if spec.get("fault") not in ("status", "stall", "close"):
            raise ValueError("fault: status, stall or close")

    def telegram_error(self, status, retry_after=None):
        body = {"ok": False, "error_code": status,
                "description": DESCRIPTIONS.get(status, "Error").format(retry_after)}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def faulty(self, request, sink, entry):
        """The answer a live fault gives, or None."""
        fault = self.faults.take(symbol=sink)
        if not fault:
            return None
        kind = fault["fault"]
        entry["fault"] = kind
        if kind == "status":
            status = int(fault.get("status", 500))
            entry["status"] = status
            self.received.append(entry)
            if sink == "telegram":
                return self.telegram_error(status, fault.get("retry_after") if status == 429 else None)
            return web.Response(status=status, text="fault")
        entry["status"] = 0
        self.received.append(entry)
        if kind == "stall":
            await asyncio.sleep(float(fault.get("hold", 600)))
        request.transport.close()
        return web.Response(status=500, text="never seen: the connection is closed")

    async def telegram(self, request):
        entry = {"sink": "telegram", "at": time.time()}
        try:
            body = await request.json()
        except (ValueError, json.JSONDecodeError):
            body = {}
        entry.update(chat_id=str(body.get("chat_id")), text=body.get("text"),
                     token_ok=self.token is None or request.match_info["token"] == self.token)
        answer = await self.faulty(request, "telegram", entry)
        if answer is not None:
            return answer
        status = 200
        if not entry["token_ok"]:
            status = 401
        elif self.chat is not None and entry["chat_id"] != self.chat:
            status = 400
        elif not isinstance(entry["text"], str) or not entry["text"]:
            status = 400
        entry["status"] = status
        self.received.append(entry)
        if status != 200:
            return self.telegram_error(status)
        self.message_id += 1
        return web.json_response({"ok": True, "result": {"message_id": self.message_id, "date": int(time.time()),
                                                         "chat": {"id": entry["chat_id"]}, "text": entry["text"]}})

    async def webhook(self, request):
        text = await request.text()
        try:
            body = json.loads(text)
        except json.JSONDecodeError:
            body = text
        entry = {"sink": "webhook", "path": request.path, "body": body, "at": time.time(),
                 "content_type": request.headers.get("Content-Type", "")}
        answer = await self.faulty(request, "webhook", entry)
        if answer is not None:
            return answer
        entry["status"] = 200
        self.received.append(entry)
        return web.json_response({"ok": True})

    async def list_received(self, request):
        return web.json_response({"received": self.received})

    def app(self):
        app = web.Application()
        app.add_routes(self.admin.routes())
        app.add_routes([web.get("/_received", self.list_received),
                        web.post("/bot{token}/sendMessage", self.telegram),
                        web.post("/{path:.*}", self.webhook)])
        return app


def main():
    p = base_parser("Telegram's sendMessage and a webhook on 127.0.0.1, recording what they are sent, "
                    "for sos's tests (see tiersims/hook.py)")
    p.add_argument("--token", help="the bot token to accept (default: any)")
    p.add_argument("--chat", help="the chat id to accept (default: any)")
    args = p.parse_args()
    return serve(HookSim(args).app(), args, "hook-sim")
