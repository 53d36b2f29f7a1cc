"""Starting and stopping simulator processes from Python tests: free ports chosen by the
simulator itself (port 0), the ready file waited for, SIGTERM to stop, SIGKILL if it hangs."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIM = os.path.join(HERE, "openalgo-sim")


class SimProcess:
    def __init__(self, *args, timeout: float = 60.0):
        self.args = list(args)
        self.timeout = timeout
        self.proc = None
        self.info = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self._dir = tempfile.TemporaryDirectory(prefix="openalgo-sim-")
        ready = os.path.join(self._dir.name, "ready.json")
        self.log_path = os.path.join(self._dir.name, "sim.log")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen([sys.executable, SIM, "--rest-port", "0", "--ws-port", "0",
                                      "--ready-file", ready, "--quiet", *self.args],
                                     stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.timeout
        while not os.path.exists(ready):
            if self.proc.poll() is not None:
                raise RuntimeError(f"openalgo-sim exited {self.proc.returncode}: {self.log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("openalgo-sim did not become ready in time")
            time.sleep(0.05)
        with open(ready) as f:
            self.info = json.load(f)
        self.rest, self.ws = self.info["rest"], self.info["ws"]
        return self

    def log(self) -> str:
        with open(self.log_path) as f:
            return f.read()

    def stop(self) -> int:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()
        if getattr(self, "_dir", None):
            self._dir.cleanup()
            self._dir = None
        return self.proc.returncode if self.proc else 0

    # Plain HTTP helpers (no aiohttp needed in a test's main thread) ----------------------

    def call(self, path: str, body=None, method=None, raw: bytes = None):
        """(status, parsed JSON or text) of a request to the REST port."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.rest + path, data=data, method=method or (
            "POST" if data is not None else "GET"), headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        try:
            return status, json.loads(text)
        except json.JSONDecodeError:
            return status, text

    def api(self, endpoint: str, body: dict):
        return self.call(f"/api/v1/{endpoint}", body)

    def fault(self, **spec):
        return self.call("/_sim/fault", spec)

    def clear_faults(self):
        return self.call("/_sim/fault", method="DELETE")

    def bars(self, symbol: str, exchange: str, tf: str = "1m", forming: bool = False):
        q = f"/_sim/bars?symbol={symbol}&exchange={exchange}&tf={tf}&format=history"
        return self.call(q + ("&forming=1" if forming else ""))[1]["data"]

    def requests(self, **query):
        q = "&".join(f"{k}={v}" for k, v in query.items())
        return self.call("/_sim/requests?" + q)[1]["requests"]
