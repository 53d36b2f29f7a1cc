"""A headless Chromium driven over the DevTools protocol (aiohttp's WebSocket client): start it,
open a page, evaluate JavaScript in it, take a screenshot. For the dashboard's browser test and
its bench."""
import asyncio
import base64
import json
import os
import shutil
import subprocess
import tempfile

import aiohttp


class Browser:
    def __init__(self, width=1400, height=1000):
        self.size = (width, height)
        self.profile = tempfile.mkdtemp(prefix="sos-chromium-")
        self.proc = None
        self.session = None
        self.ws = None
        self.next_id = 0

    async def start(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise RuntimeError("chromium not found (scripts/install-deps.sh installs it)")
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             "--disable-extensions", "--disable-background-networking", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", "--user-data-dir=" + self.profile,
             "--window-size=%d,%d" % self.size, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                break
            await asyncio.sleep(0.1)
        else:
            raise RuntimeError("chromium did not open its DevTools port within 30 s")
        port = int(open(port_file).read().split()[0])
        self.session = aiohttp.ClientSession()
        async with self.session.get("http://127.0.0.1:%d/json/list" % port) as r:
            pages = [t for t in await r.json() if t["type"] == "page"]
        self.ws = await self.session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Runtime.enable")
        # The page laid out at its final size from the start: charts size their canvases when
        # created, and a headless window may begin smaller than --window-size.
        await self.call("Emulation.setDeviceMetricsOverride", width=self.size[0], height=self.size[1],
                        deviceScaleFactor=1, mobile=False)

    async def call(self, method, **params):
        self.next_id += 1
        mine = self.next_id
        await self.ws.send_str(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            msg = json.loads((await self.ws.receive()).data)
            if msg.get("id") == mine:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg["result"]

    async def navigate(self, url):
        await self.call("Page.navigate", url=url)

    async def eval(self, expression):
        r = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("in the page: %s" % r["exceptionDetails"].get("exception", {}).get("description"))
        return r["result"].get("value")

    async def wait_for(self, expression, timeout=20.0):
        """The expression's value once truthy; None after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while loop.time() < end:
            v = await self.eval(expression)
            if v:
                return v
            await asyncio.sleep(0.1)
        return None

    async def screenshot(self, path):
        r = await self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
