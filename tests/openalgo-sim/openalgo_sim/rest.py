"""The REST side: /api/v1/<endpoint> as OpenAlgo's Flask app answers it. In order: the
request limiter (429), injected faults, the JSON body (a body that is not JSON is a 500, as
Flask's parse error lands in the endpoints' catch-all), the schema (400, in the endpoint's
error envelope), the API key (403), then the endpoint itself.

Error envelopes differ per endpoint, as in OpenAlgo's code:
  MARKET  {"status":"error","message":{field:[...]}}            market data, books, funds
  ORDERS  {"status":"error","message":"{'field': [...]}"}       placeorder and the order family
  OPTIONS {"status":"error","message":"Validation error","errors":{field:[...]}}
                                                                 optionchain, optionsorder, ...
Issue 15 adds its endpoints to ENDPOINTS; nothing else here changes."""

import asyncio
import dataclasses
import json
import time
from typing import Callable

from aiohttp import web
from marshmallow import Schema, ValidationError

from . import rest_market, schemas

MARKET, ORDERS, OPTIONS = "market", "orders", "options"
GENERIC_500 = "An unexpected error occurred"
RATE_LIMITED = {"status": "error", "message": "Rate limit exceeded. Please slow down your requests.",
                "retry_after": 60}
NOT_FOUND = {"message": "The requested URL was not found on the server. If you entered the URL "
                        "manually please check your spelling and try again."}
NOT_ALLOWED = {"message": "The method is not allowed for the requested URL."}


@dataclasses.dataclass
class Endpoint:
    schema: type  # a marshmallow Schema
    envelope: str  # MARKET, ORDERS or OPTIONS
    limit: str  # which limiter: "api", "order" or "smart"
    handler: Callable  # (sim, validated request, market now ms) -> (status, body)
    sorted_json: bool = True  # Flask's jsonify sorts keys; flask-restx's plain returns do not
    auth_failure: Callable = None  # the 403 body when the key is wrong, if not the usual


def _chain_auth_failure(req):
    return {"status": "error",
            "message": f"Failed to fetch LTP for {req.get('underlying', '').upper()}: Invalid openalgo apikey"}


ENDPOINTS = {
    "quotes": Endpoint(schemas.Quotes, MARKET, "api", rest_market.quotes),
    "multiquotes": Endpoint(schemas.MultiQuotes, MARKET, "api", rest_market.multiquotes),
    "depth": Endpoint(schemas.Quotes, MARKET, "api", rest_market.depth),
    "history": Endpoint(schemas.History, MARKET, "api", rest_market.history),
    "intervals": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_market.intervals),
    "expiry": Endpoint(schemas.Expiry, MARKET, "api", rest_market.expiry),
    "symbol": Endpoint(schemas.Quotes, MARKET, "api", rest_market.symbol),
    "ping": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_market.ping),
    "optionchain": Endpoint(schemas.OptionChain, OPTIONS, "api", rest_market.optionchain,
                            sorted_json=False, auth_failure=_chain_auth_failure),
}


def json_response(status: int, body, sort: bool = True) -> web.Response:
    if sort:
        text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(body)
    return web.Response(status=status, text=text + "\n", content_type="application/json")


def validation_body(envelope: str, messages) -> dict:
    if envelope == ORDERS:
        return {"status": "error", "message": str(messages)}
    if envelope == OPTIONS:
        return {"status": "error", "message": "Validation error", "errors": messages}
    return {"status": "error", "message": messages}


class Rest:
    def __init__(self, sim):
        self.sim = sim
        self._history_lock = asyncio.Lock()
        self._last_history = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"].strip("/")
        endpoint = ENDPOINTS.get(name)
        if endpoint is None:
            return json_response(404, NOT_FOUND)
        if request.method != "POST":
            return json_response(405, NOT_ALLOWED)
        sim = self.sim
        now = sim.clock.now_ms()
        raw = await request.read()
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        entry = sim.reqlog.add("rest", name, now, body=body if body is not None else raw[:200].decode(
            "utf-8", "replace"))
        status, answer, sort = await self._answer(name, endpoint, raw, body, entry, request)
        entry["status"] = status
        return json_response(status, answer, sort)

    async def _answer(self, name, endpoint: Endpoint, raw: bytes, body, entry, request):
        sim = self.sim
        now = sim.clock.now_ms()
        if not sim.limiters[endpoint.limit].allow(name, request.remote or ""):
            return 429, RATE_LIMITED, True
        fault = sim.faults.find("rate_limit", now, consume=True, endpoint=name)
        if fault:
            return 429, {**RATE_LIMITED, "retry_after": fault.spec.get("retry_after", 60)}, True
        slow = sim.faults.find("slow", now, consume=True, endpoint=name, target="rest")
        if slow:
            await asyncio.sleep(slow.spec["delay_ms"] / 1000)
        fault = sim.faults.find("http_error", now, consume=True, endpoint=name)
        if fault:
            return int(fault.spec.get("status", 500)), {"status": "error", "message": GENERIC_500}, True
        if body is None:
            return 500, {"status": "error", "message": GENERIC_500}, True
        schema: Schema = endpoint.schema()
        try:
            req = schema.load(body)
        except ValidationError as err:
            return 400, validation_body(endpoint.envelope, err.messages), endpoint.sorted_json
        if name == "history":
            early = await self._history_preamble(req)
            if early:
                return early + (True,)
        entry["apikey_valid"] = sim.key_is_valid(req["apikey"])
        failing = sim.faults.find("auth_fail", now, consume=True, target="rest")
        if not entry["apikey_valid"] or failing:
            if endpoint.auth_failure:
                return 403, endpoint.auth_failure(req), endpoint.sorted_json
            return 403, {"status": "error", "message": "Invalid openalgo apikey"}, True
        status, answer = endpoint.handler(sim, req, sim.clock.now_ms())
        return status, answer, endpoint.sorted_json

    async def _history_preamble(self, req):
        """OpenAlgo answers source 'db' from its own store without looking at the key, and
        paces broker history calls ~350 ms apart (history_service._enforce_rate_limit)."""
        if req.get("source") == "db":
            return 404, {"status": "error", "message":
                         f"No data found for {req['symbol']}:{req['exchange']} interval "
                         f"{req['interval']} in local database. Download data first using Historify."}
        async with self._history_lock:
            wait = self._last_history + self.sim.config.history_pace - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_history = time.monotonic()
        return None
