"""Every fault on command, and the request log tests count requests with."""

import asyncio
import json
import socket
import time
import unittest
import urllib.parse

import aiohttp

from common import BASE_ARGS, KEY, SimCase, Ws, is_market, is_reply
from openalgo_sim.harness import SimProcess


def port_open(url) -> bool:
    u = urllib.parse.urlparse(url)
    try:
        socket.create_connection((u.hostname, u.port), timeout=1).close()
        return True
    except OSError:
        return False


class Faults(SimCase):
    args = ["--speed", "30"]

    async def subscribed(self, ws, symbol="NIFTY", exchange="NSE_INDEX", mode=2):
        await ws.auth()
        await ws.send({"action": "subscribe", "symbol": symbol, "exchange": exchange, "mode": mode})
        await ws.recv_until(is_reply)
        return await ws.recv_until(lambda f: is_market(f, symbol))

    def test_drop_and_close(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                self.sim.fault(fault="drop")
                while True:
                    m = await ws.recv()
                    if isinstance(m, aiohttp.WSMessage):
                        break
                self.assertIn(m.type, (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR))
                self.assertNotEqual(m.type, aiohttp.WSMsgType.CLOSE, "a drop sends no close frame")
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                self.sim.fault(fault="close", code=1012, reason="restart")
                while True:
                    m = await ws.recv()
                    if isinstance(m, aiohttp.WSMessage):
                        break
                self.assertEqual((m.type, m.data), (aiohttp.WSMsgType.CLOSE, 1012))
        self.run_async(go())

    def test_stall_keeps_the_socket_and_pings_but_sends_no_ticks(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                before = time.monotonic()
                self.sim.fault(fault="stall", seconds=1.5)
                # Frames queued before the fault come out before this pong; none after it.
                await ws.send({"action": "ping"})
                self.assertEqual((await ws.recv_until(lambda f: not is_market(f)))["type"], "pong")
                await ws.recv_until(is_market, timeout=10)
                self.assertGreaterEqual(time.monotonic() - before, 1.45)
                self.assertFalse(ws.ws.closed)
        self.run_async(go())

    def test_stall_of_one_symbol(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws, "SBIN", "NSE")
                await ws.send({"action": "subscribe", "symbol": "NIFTY", "exchange": "NSE_INDEX", "mode": 2})
                await ws.recv_until(lambda f: is_market(f, "NIFTY"))
                self.sim.fault(fault="stall", symbols=["NIFTY"], seconds=3)
                # Frames queued before the fault come out before this pong; none after it.
                await ws.send({"action": "ping"})
                await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "pong")
                seen = set()
                end = time.monotonic() + 1.2
                while time.monotonic() < end:
                    f = await ws.recv()
                    if is_market(f):
                        seen.add(f["symbol"])
                self.assertEqual(seen, {"SBIN"})
        self.run_async(go())

    def test_auth_failure_on_command(self):
        self.sim.fault(fault="auth_fail", count=1, target="ws")
        self.sim.fault(fault="auth_fail", count=1, target="rest")

        async def go():
            async with Ws(self.sim.ws) as ws:
                self.assertEqual((await ws.auth())["code"], "AUTHENTICATION_ERROR")
                self.assertEqual((await ws.auth())["type"], "auth")
        self.run_async(go())
        self.assertEqual(self.sim.api("intervals", {"apikey": KEY})[0], 403)
        self.assertEqual(self.sim.api("intervals", {"apikey": KEY})[0], 200)

    def test_rate_limit_slow_and_http_error(self):
        self.sim.fault(fault="rate_limit", count=2, retry_after=5, endpoints=["quotes"])
        req = {"apikey": KEY, "symbol": "SBIN", "exchange": "NSE"}
        self.assertEqual(self.sim.api("quotes", req), (429, {
            "status": "error", "message": "Rate limit exceeded. Please slow down your requests.", "retry_after": 5}))
        self.assertEqual(self.sim.api("intervals", {"apikey": KEY})[0], 200)
        self.assertEqual(self.sim.api("quotes", req)[0], 429)
        self.assertEqual(self.sim.api("quotes", req)[0], 200)
        self.sim.fault(fault="slow", delay_ms=700, count=1, target="rest")
        t0 = time.monotonic()
        self.assertEqual(self.sim.api("quotes", req)[0], 200)
        self.assertGreaterEqual(time.monotonic() - t0, 0.7)
        self.sim.fault(fault="http_error", status=502, count=1)
        self.assertEqual(self.sim.api("quotes", req), (502, {"status": "error", "message": "An unexpected error occurred"}))

    def test_bad_frames(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                expected = {
                    "not_json": lambda f: f == "{not json",
                    "binary": lambda f: f == b"\x00\x01\x02",
                    "unknown_type": lambda f: isinstance(f, dict) and f.get("type") == "mystery",
                    "error_frame": lambda f: isinstance(f, dict) and f.get("code") == "BROKER_ERROR" and "type" not in f,
                    "missing_field": lambda f: is_market(f) and "ltp" not in f["data"],
                }
                for kind, pred in expected.items():
                    self.sim.fault(fault="bad_frame", kind=kind)
                    await ws.recv_until(pred)
        self.run_async(go())

    def test_late_tick_and_duplicate(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                self.sim.fault(fault="late_tick", symbol="NIFTY", age_s=120)
                now_ms = self.sim.call("/_sim/state")[1]["market_ms"]
                await ws.recv_until(lambda f: is_market(f) and f["data"]["ltt"] < now_ms - 100_000)
                self.sim.fault(fault="duplicate")
                # A frame carries its send time: only a duplicate repeats one, whenever its
                # original arrived.
                for _ in range(5000):
                    await ws.recv()
                    if '"market_data"' in ws.texts[-1] and ws.texts[-1] in ws.texts[:-1]:
                        break
                else:
                    self.fail("no duplicate seen")
        self.run_async(go())
        ticks = self.sim.call("/_sim/ticks?symbol=NIFTY&exchange=NSE_INDEX")[1]["ticks"]
        self.assertTrue(all(t["ms"] >= 1755834300000 for t in ticks), "the late tick is not in the market")

    def test_refuse_closes_the_port_until_cleared(self):
        self.assertTrue(port_open(self.sim.ws))
        self.sim.fault(fault="refuse")
        time.sleep(0.3)
        self.assertFalse(port_open(self.sim.ws))
        self.sim.clear_faults()
        for _ in range(40):
            if port_open(self.sim.ws):
                break
            time.sleep(0.1)
        self.assertTrue(port_open(self.sim.ws))

    def test_freeze_answers_nothing(self):
        async def go():
            async with Ws(self.sim.ws) as ws:
                await self.subscribed(ws)
                self.sim.fault(fault="freeze", seconds=1.5)
                await asyncio.sleep(0.2)
                await ws.send({"action": "ping"})  # read and dropped, like everything else
                with self.assertRaises(asyncio.TimeoutError):
                    await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "pong", timeout=0.8)
                await asyncio.sleep(1.0)
                await ws.send({"action": "ping"})
                await ws.recv_until(lambda f: isinstance(f, dict) and f.get("type") == "pong", timeout=10)
        self.run_async(go())

    def test_the_request_log_counts_and_never_holds_the_key(self):
        since = self.sim.requests()[-1]["seq"] if self.sim.requests() else 0
        for _ in range(3):
            self.sim.api("history", {"apikey": KEY, "symbol": "SBIN", "exchange": "NSE", "interval": "1m",
                                     "start_date": "2025-08-22", "end_date": "2025-08-22"})
        hist = self.sim.requests(since=since, kind="rest", name="history")
        self.assertEqual(len(hist), 3)
        self.assertEqual(hist[0]["body"]["apikey"], "***")
        self.assertTrue(hist[0]["apikey_valid"])
        self.assertNotIn(KEY, json.dumps(self.sim.requests()))

    def test_an_unknown_fault_is_refused(self):
        status, body = self.sim.fault(fault="meteor")
        self.assertEqual(status, 400)
        self.assertIn("stall", body["message"])


class Scheduled(unittest.TestCase):
    def test_a_fault_at_a_market_time(self):
        async def go(sim):
            async with Ws(sim.ws) as ws:
                await ws.auth()
                await ws.send({"action": "subscribe", "symbol": "SBIN", "exchange": "NSE"})
                while True:
                    m = await ws.recv(timeout=20)
                    if isinstance(m, aiohttp.WSMessage):
                        return m
        with SimProcess(*BASE_ARGS, "--start", "2025-08-22T09:15:50", "--speed", "10",
                        "--fault-at", '09:16:00={"fault":"close","code":1013}') as sim:
            m = asyncio.run(go(sim))
            self.assertEqual(m.data, 1013)
            state = sim.call("/_sim/state")[1]
            self.assertEqual(state["scheduled"], [])


if __name__ == "__main__":
    unittest.main()
