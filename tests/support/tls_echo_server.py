#!/usr/bin/python3
"""A TLS echo server for the network clients' wss:// and https:// tests, on 127.0.0.1 at a
free port: POST /echo answers the body it got, /ws echoes every text message. Its certificate
is the test's own (self-signed, for IP 127.0.0.1). Debian's python3 with python3-aiohttp.

  tls_echo_server.py --cert CERT --key KEY --ready-file FILE   (writes {"port": N} when listening)
"""
import argparse
import asyncio
import json
import os
import ssl

from aiohttp import web


async def echo(request):
    return web.Response(body=await request.read(), content_type="application/json")


async def ws_echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == web.WSMsgType.TEXT:
            await ws.send_str(msg.data)
    return ws


async def main(args):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    app = web.Application()
    app.router.add_post("/echo", echo)
    app.router.add_get("/ws", ws_echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    tmp = args.ready_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"port": port}, f)
    os.replace(tmp, args.ready_file)
    await asyncio.Event().wait()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--ready-file", required=True)
    asyncio.run(main(ap.parse_args()))
