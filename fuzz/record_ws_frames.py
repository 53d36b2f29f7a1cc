#!/usr/bin/python3
"""Records the seed corpus of fuzz_ws_frames: real WebSocket sessions with the project's
OpenAlgo simulator (tests/openalgo-sim), one file per broker profile and mode, each message
on a line as it was received (the authentication and subscription answers, market data
across minute boundaries, and for one of them the simulator's bad frames, an error frame, a
late tick and a duplicate).

  fuzz/record_ws_frames.py [OUT_DIR]     (default: fuzz/corpus/ws_frames)

Loopback only; takes about half a minute."""

import asyncio
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "openalgo-sim"))

import aiohttp  # noqa: E402

from openalgo_sim.harness import SimProcess  # noqa: E402

KEY = "openalgo-sim-key"
SYMBOLS = [{"symbol": "NIFTY", "exchange": "NSE_INDEX"}, {"symbol": "SBIN", "exchange": "NSE"}]
FAULTS = [{"fault": "bad_frame", "kind": k} for k in ("not_json", "unknown_type", "missing_field", "error_frame")]
FAULTS += [{"fault": "late_tick", "age_s": 90}, {"fault": "duplicate"}]


def fault(rest, spec):
    req = urllib.request.Request(rest + "/_sim/fault", data=json.dumps(spec).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req, timeout=10).read()


async def session(ws_url, rest, mode, frames, with_faults):
    lines = []
    async with aiohttp.ClientSession() as s:
        async with s.ws_connect(ws_url) as ws:
            await ws.send_json({"action": "authenticate", "api_key": KEY})
            await ws.send_json({"action": "subscribe", "symbols": SYMBOLS, "mode": mode})
            while len(lines) < frames:
                if with_faults and len(lines) == frames // 2:
                    for spec in FAULTS:
                        fault(rest, spec)
                msg = await asyncio.wait_for(ws.receive(), 10)
                if msg.type == aiohttp.WSMsgType.TEXT:
                    lines.append(msg.data)
                elif msg.type != aiohttp.WSMsgType.BINARY:
                    break
    return lines


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus", "ws_frames")
    os.makedirs(out, exist_ok=True)
    # A market at 60x with an instrument's ticks about 5 market seconds apart, so that the
    # frames of a session cross a minute boundary or two (bars close).
    for broker, modes in (("zerodha", (1, 2, 3)), ("dhan", (2, 3)), ("angel", (2,)), ("kotak", (2,))):
        with SimProcess("--broker", broker, "--api-key", KEY, "--start", "2025-08-22T09:20:50",
                        "--speed", "60", "--tick-interval", "5", "--prehistory-days", "0",
                        "--symbols", "NSE_INDEX:NIFTY,NSE:SBIN") as sim:
            for mode in modes:
                with_faults = broker == "zerodha" and mode == 2
                lines = asyncio.run(session(sim.ws, sim.rest, mode, 36, with_faults))
                name = os.path.join(out, f"{broker}_mode{mode}.ndjson")
                with open(name, "w") as f:
                    f.write("\n".join(lines) + "\n")
                print(f"{name}: {len(lines)} frames")


if __name__ == "__main__":
    main()
