"""What the three servers share: the command line's loopback rule and ready file, lasting
faults on command (POST /_fault, DELETE /_fault), and a log of the requests served
(GET /_requests)."""

import argparse
import ipaddress
import json
import os
import sys
import time

from aiohttp import web

RECORDED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))),
                        "recorded")


def base_parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1", help="a loopback address (any other is refused)")
    p.add_argument("--port", type=int, default=0, help="0 takes a free port")
    p.add_argument("--ready-file", help="written once listening: {\"pid\", \"url\"}")
    return p


def check_loopback(host):
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    print(f"--host {host}: only a loopback address is served (tests never reach the internet)",
          file=sys.stderr)
    sys.exit(64)


class Faults:
    """Lasting faults: each ends after `count` uses or `seconds` of wall time, or when cleared;
    `symbols` scopes one to some names."""

    def __init__(self):
        self.active = []

    def add(self, spec):
        if not isinstance(spec, dict) or "fault" not in spec:
            raise ValueError("a fault is an object with 'fault'")
        spec = dict(spec)
        if "seconds" in spec:
            spec["until"] = time.monotonic() + float(spec["seconds"])
        self.active.append(spec)

    def take(self, symbol=None, kinds=None):
        """The first live fault matching (a use of it is counted), or None."""
        now = time.monotonic()
        self.active = [f for f in self.active
                       if f.get("count", 1) > 0 and f.get("until", now + 1) > now]
        for f in self.active:
            if kinds and f["fault"] not in kinds:
                continue
            if symbol is not None and f.get("symbols") and symbol not in f["symbols"]:
                continue
            if "count" in f:
                f["count"] -= 1
            return f
        return None


class Admin:
    """/_fault and /_requests on the server's own port."""

    def __init__(self, faults, check=None):
        self.faults = faults
        self.check = check
        self.requests = []

    def log(self, request, status, **more):
        self.requests.append({"method": request.method, "path": request.path,
                              "query": request.query_string, "status": status,
                              "headers": {k: v for k, v in request.headers.items()}, **more})

    def routes(self):
        return [web.post("/_fault", self.add_fault), web.delete("/_fault", self.clear),
                web.get("/_requests", self.list_requests)]

    async def add_fault(self, request):
        try:
            spec = await request.json()
            if self.check:
                self.check(spec)
            self.faults.add(spec)
        except (ValueError, json.JSONDecodeError) as e:
            return web.json_response({"error": str(e)}, status=400)
        return web.json_response({"ok": True})

    async def clear(self, request):
        self.faults.active.clear()
        return web.json_response({"ok": True})

    async def list_requests(self, request):
        return web.json_response({"requests": self.requests})


def serve(app, args, name):
    """Runs `app` on args.host:args.port and writes the ready file once listening."""
    check_loopback(args.host)

    async def on_startup(app):
        pass

    async def start():
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, args.host, args.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        url = f"http://{args.host}:{port}"
        if args.ready_file:
            tmp = args.ready_file + ".tmp"
            with open(tmp, "w") as f:
                json.dump({"pid": os.getpid(), "url": url, "ws": f"ws://{args.host}:{port}"}, f)
            os.replace(tmp, args.ready_file)
        print(f"{name} listening on {url}", file=sys.stderr)
        return runner

    import asyncio
    import signal

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        runner = loop.run_until_complete(start())
    except OSError as e:
        print(f"{name}: {e}", file=sys.stderr)
        return 69
    stop = loop.create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    loop.run_until_complete(runner.cleanup())
    loop.close()
    return 0
