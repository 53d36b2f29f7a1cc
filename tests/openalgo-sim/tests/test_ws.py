"""The WebSocket protocol: authentication, subscriptions per (symbol, exchange, mode), the
frames of each mode, errors without a type, pings, the auth grace period."""

import asyncio
import unittest

import aiohttp

from common import BASE_ARGS, KEY, SimCase, Ws, is_market, is_reply
from openalgo_sim.harness import SimProcess


class Protocol(SimCase):
    args = ["--speed", "30"]

    def test_authentication(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE"})
                self.assertEqual(await ws.recv(), {"status": "error", "code": "NOT_AUTHENTICATED",
                                                   "message": "You must authenticate first"})
                self.assertEqual(await ws.auth("wrong"), {"status": "error", "code": "AUTHENTICATION_ERROR",
                                                          "message": "Invalid API key"})
                await ws.send({"action": "auth"})
                self.assertEqual((await ws.recv())["message"], "API key is required")
                await ws.send({"type": "authenticate", "apikey": KEY})  # 'type' and 'apikey' work too
                ok = await ws.recv()
                self.assertEqual((ok["type"], ok["status"], ok["broker"]), ("auth", "success", "zerodha"))
        self.run_async(go())

    def test_subscribe_ack_and_errors(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe", "symbols": [{"symbol": "NIFTY", "exchange": "NSE_INDEX"},
                                                                  {"symbol": "NOPE", "exchange": "NSE"}],
                               "mode": "ltp", "request_id": "r-17"})
                ack = await ws.recv_until(is_reply)
                self.assertEqual((ack["type"], ack["status"], ack["request_id"]), ("subscribe", "partial", "r-17"))
                self.assertEqual(ack["subscriptions"][0]["mode"], "LTP")
                self.assertEqual(ack["subscriptions"][1]["message"], "Token not found for NOPE on NSE")
                for bad, code in ((True, "INVALID_MODE"), (4, "INVALID_MODE"), ("fast", "INVALID_MODE")):
                    await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE", "mode": bad})
                    self.assertEqual((await ws.recv_until(is_reply))["code"], code)
                await ws.send({"action": "subscribe", "mode": 1})
                self.assertEqual(await ws.recv_until(is_reply), {
                    "status": "error", "code": "INVALID_PARAMETERS", "message": "At least one symbol must be specified"})
                await ws.send("not json")
                self.assertEqual((await ws.recv_until(is_reply))["code"], "INVALID_JSON")
                await ws.send({"action": "dance"})
                self.assertEqual((await ws.recv_until(is_reply))["message"], "Invalid action: dance")
                await ws.send({"action": "ping", "timestamp": 7, "_pingId": "p"})
                pong = await ws.recv_until(is_reply)
                self.assertEqual((pong["type"], pong["client_timestamp"], pong["_pingId"]), ("pong", 7, "p"))
        self.run_async(go())

    def test_frames_per_mode(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE", "mode": 1})
                ltp = (await ws.recv_until(lambda f: is_market(f, "SBIN")))
                self.assertEqual(ltp["mode"], 1)
                self.assertEqual(set(ltp["data"]), {"symbol", "exchange", "mode", "ltp", "ltt", "timestamp"})
                await ws.send({"action": "unsubscribe", "symbol": "SBIN", "exchange": "NSE", "mode": 1})
                await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE", "mode": 3})
                depth = await ws.recv_until(lambda f: is_market(f, "SBIN") and f["mode"] == 3)
                d = depth["data"]
                self.assertEqual(len(str(d["ltt"])), 10, "Zerodha depth ltt is epoch seconds")
                self.assertEqual(len(d["depth"]["buy"]), 5)
                for field in ("volume", "last_quantity", "average_price", "open", "high", "low", "close"):
                    self.assertIn(field, d)
        self.run_async(go())

    def test_ltp_beside_quote_is_delivered_twice_as_openalgo_does(self):
        async def go():
            async with Ws(self.sim.ws) as a, Ws(self.sim.ws) as b:
                await a.auth()
                await b.auth()
                await a.send({"action": "subscribe", "symbol": "NIFTY", "exchange": "NSE_INDEX", "mode": 1})
                await a.recv_until(is_reply)
                await b.send({"action": "subscribe", "symbol": "NIFTY", "exchange": "NSE_INDEX", "mode": 2})
                await b.recv_until(is_reply)
                first = await a.recv_until(lambda f: is_market(f) and "volume" in f["data"])
                second = await a.recv()
                self.assertEqual((first["mode"], second["mode"]), (1, 1))
                self.assertEqual(second["data"]["ltp"], first["data"]["ltp"])
                self.assertNotIn("ltt", second["data"], "Zerodha's fanned-out LTP frame has no ltt")
        self.run_async(go())

    def test_batch_unsubscribe_reads_the_mode_per_entry(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE", "mode": 1})
                await ws.recv_until(is_reply)
                # The top-level mode is ignored: the entry's default (Quote) is unsubscribed.
                await ws.send({"action": "unsubscribe", "symbols": [{"symbol": "SBIN", "exchange": "NSE"}], "mode": 1})
                await ws.recv_until(is_reply)
                await ws.recv_until(lambda f: is_market(f, "SBIN"))  # still flowing at LTP
                await ws.send({"action": "unsubscribe_all"})
                ack = await ws.recv_until(is_reply)
                self.assertEqual((ack["type"], ack["status"], len(ack["successful"])), ("unsubscribe", "success", 1))
        self.run_async(go())

    def test_options_tick_with_their_underlying(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe", "symbol": "NIFTY26AUG2524800CE", "exchange": "NFO", "mode": 2})
                f = await ws.recv_until(lambda f: is_market(f, "NIFTY26AUG2524800CE"))
                self.assertGreater(f["data"]["volume"], 0)
                self.assertIn("oi", f["data"])
        self.run_async(go())


class Keepalive(unittest.TestCase):
    def test_a_client_that_does_not_authenticate_is_closed_4401(self):
        async def go(sim):
            async with Ws(sim.ws) as ws:
                msg = await ws.recv(timeout=10)
                self.assertEqual(msg.type, aiohttp.WSMsgType.CLOSE)
                self.assertEqual((msg.data, msg.extra), (4401, "auth timeout"))
        with SimProcess(*BASE_ARGS, "--ws-auth-grace", "0.5") as sim:
            asyncio.run(go(sim))

    def test_pings_are_sent_and_a_client_that_never_pongs_is_closed(self):
        async def go(sim):
            async with Ws(sim.ws) as ws:  # aiohttp answers pings: the connection lives on
                await ws.auth()
                await asyncio.sleep(1.5)
                self.assertFalse(ws.ws.closed)
            async with Ws(sim.ws, autoping=False) as ws:
                await ws.auth()
                seen_ping = False
                while True:
                    msg = await ws.ws.receive(timeout=10)
                    if msg.type == aiohttp.WSMsgType.PING:
                        seen_ping = True
                    elif msg.type == aiohttp.WSMsgType.CLOSE:
                        break
                self.assertTrue(seen_ping)
                self.assertEqual(msg.data, 1011)
        with SimProcess(*BASE_ARGS, "--ws-ping-interval", "0.3", "--ws-ping-timeout", "0.3") as sim:
            asyncio.run(go(sim))


if __name__ == "__main__":
    unittest.main()
