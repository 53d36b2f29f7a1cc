"""What the simulator's tests share: a sim per test class, and a small WebSocket client."""

import asyncio
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import aiohttp  # noqa: E402

from openalgo_sim.harness import SimProcess  # noqa: E402

KEY = "test-key-0123456789abcdef"
START = "2025-08-22T09:15:00"  # a Friday; 2025-08-21 before it is a trading day too
BASE_ARGS = ["--api-key", KEY, "--start", START, "--prehistory-days", "0", "--history-pace", "0",
             "--symbols", "NSE_INDEX:NIFTY,NSE_INDEX:BANKNIFTY,NSE:SBIN"]


class SimCase(unittest.TestCase):
    """One simulator for the class; faults cleared after each test."""

    args = []

    @classmethod
    def setUpClass(cls):
        cls.sim = SimProcess(*BASE_ARGS, *cls.args).start()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def tearDown(self):
        self.sim.clear_faults()

    def run_async(self, coro, timeout=60):
        return asyncio.run(asyncio.wait_for(coro, timeout))


class Ws:
    """A test client: send dicts, read frames (JSON-decoded when they are JSON)."""

    def __init__(self, url, autoping=True):
        self.url = url
        self.autoping = autoping
        self.texts = []

    async def __aenter__(self):
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(self.url, autoping=self.autoping)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()
        await self.session.close()

    async def send(self, msg):
        await self.ws.send_str(msg if isinstance(msg, str) else json.dumps(msg))

    async def recv(self, timeout=10):
        msg = await self.ws.receive(timeout)
        if msg.type == aiohttp.WSMsgType.TEXT:
            self.texts.append(msg.data)  # every text frame received, for duplicate checks
            try:
                return json.loads(msg.data)
            except json.JSONDecodeError:
                return msg.data
        if msg.type == aiohttp.WSMsgType.BINARY:
            return msg.data
        return msg  # a close or error message, for the test to look at

    async def recv_until(self, pred, timeout=10, limit=100000):
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        for _ in range(limit):
            frame = await self.recv(max(0.01, end - loop.time()))
            if not isinstance(frame, aiohttp.WSMessage) and pred(frame):
                return frame
            if isinstance(frame, aiohttp.WSMessage):
                raise AssertionError(f"connection ended: {frame}")
        raise AssertionError("frame not seen")

    async def auth(self, key=KEY):
        await self.send({"action": "authenticate", "api_key": key})
        return await self.recv_until(lambda f: isinstance(f, dict) and ("type" in f or "code" in f)
                                     and f.get("type") != "market_data")


def is_market(frame, symbol=None):
    return isinstance(frame, dict) and frame.get("type") == "market_data" and (
        symbol is None or frame["symbol"] == symbol)


def is_reply(frame):
    return isinstance(frame, dict) and frame.get("type") != "market_data"
