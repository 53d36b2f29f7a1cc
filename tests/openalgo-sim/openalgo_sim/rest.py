"""The REST side: /api/v1/<endpoint> as OpenAlgo's Flask app answers it. In order: the
request limiter (429), injected faults, the JSON body (a body that is not JSON is a 500, as
Flask's parse error lands in the endpoints' catch-all), the schema (400, in the endpoint's
error envelope), the API key (403), then the endpoint itself; after it, faults that act on
an answer already decided (withhold, slow with phase after).

Error envelopes differ per endpoint, as in OpenAlgo's code:
  MARKET  {"status":"error","message":{field:[...]}}            market data, books, funds
  ORDERS  {"status":"error","message":"{'field': [...]}"}       placeorder and the order family
  OPTIONS {"status":"error","message":"Validation error","errors":{field:[...]}}
                                                                 optionchain, optionsorder, ...
Limits as OpenAlgo's routes declare them: ORDER_RATE_LIMIT on placeorder, modifyorder,
cancelorder, optionsorder, optionsmultiorder; SMART_ORDER_RATE_LIMIT on placesmartorder;
API_RATE_LIMIT on everything else (splitorder, basketorder, cancelallorder and
closeposition included)."""

import asyncio
import dataclasses
import json
import time
from typing import Callable

from aiohttp import web
from marshmallow import Schema, ValidationError

from . import order_schemas as osch
from . import rest_books, rest_market, rest_options, rest_orders, schemas
from .broker import Ctx

MARKET, ORDERS, OPTIONS = "market", "orders", "options"
GENERIC_500 = "An unexpected error occurred"
ENDPOINT_500 = "An unexpected error occurred in the API endpoint"  # placeorder, optionsorder, ...
RATE_LIMITED = {"status": "error", "message": "Rate limit exceeded. Please slow down your requests.",
                "retry_after": 60}
NOT_FOUND = {"message": "The requested URL was not found on the server. If you entered the URL "
                        "manually please check your spelling and try again."}
NOT_ALLOWED = {"message": "The method is not allowed for the requested URL."}
SESSION_EXPIRED = "Incorrect `api_key` or `access_token`."  # Kite's TokenException
PLACING = {"placeorder", "placesmartorder", "optionsorder", "optionsmultiorder", "splitorder",
           "basketorder", "modifyorder"}  # a dead broker token answers these 403, the rest 500
SESSIONLESS = {"ping", "intervals"}  # answered without calling the broker


@dataclasses.dataclass
class Endpoint:
    schema: type  # a marshmallow Schema
    envelope: str  # MARKET, ORDERS or OPTIONS
    limit: str  # which limiter: "api", "order" or "smart"
    handler: Callable  # (sim, validated request, market now ms) -> (status, body); see takes_ctx
    sorted_json: bool = True  # Flask's jsonify sorts keys; flask-restx's plain returns do not
    auth_failure: Callable = None  # the 403 body (or (status, body)) when the key is wrong
    error_500: str = GENERIC_500  # the endpoint's catch-all message
    takes_ctx: bool = False  # handler(sim, request, Ctx) -> (status, body), or a coroutine


def _chain_auth_failure(req):
    return {"status": "error",
            "message": f"Failed to fetch LTP for {req.get('underlying', '').upper()}: Invalid openalgo apikey"}


def _orders(schema, handler, limit="order", envelope=ORDERS, **kw):
    return Endpoint(schema, envelope, limit, handler, takes_ctx=True, **kw)


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
    # Orders
    "placeorder": _orders(osch.PlaceOrder, rest_orders.placeorder, error_500=ENDPOINT_500),
    "placesmartorder": _orders(osch.SmartOrder, rest_orders.placesmartorder, limit="smart"),
    "optionsorder": _orders(osch.OptionsOrder, rest_options.optionsorder, envelope=OPTIONS,
                            error_500=ENDPOINT_500, auth_failure=rest_options.options_auth_failure),
    "optionsmultiorder": _orders(osch.OptionsMultiOrder, rest_options.optionsmultiorder,
                                 envelope=OPTIONS, error_500=ENDPOINT_500),
    "splitorder": _orders(osch.SplitOrder, rest_orders.splitorder, limit="api"),
    "basketorder": _orders(osch.BasketOrder, rest_orders.basketorder, limit="api"),
    "modifyorder": _orders(osch.ModifyOrder, rest_orders.modifyorder),
    "cancelorder": _orders(osch.CancelOrder, rest_orders.cancelorder),
    "cancelallorder": _orders(osch.StrategyOnly, rest_orders.cancelallorder, limit="api"),
    "closeposition": _orders(osch.StrategyOnly, rest_orders.closeposition, limit="api"),
    # The account
    "orderbook": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_books.orderbook),
    "tradebook": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_books.tradebook),
    "positionbook": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_books.positionbook),
    "holdings": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_books.holdings),
    "funds": Endpoint(schemas.ApiKeyOnly, MARKET, "api", rest_books.funds),
    "orderstatus": Endpoint(osch.OrderStatus, ORDERS, "api", rest_books.orderstatus),
    "openposition": Endpoint(osch.OpenPosition, ORDERS, "api", rest_books.openposition),
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
        peer = request.transport.get_extra_info("peername") if request.transport else None
        entry = sim.reqlog.add("rest", name, now, body=body if body is not None else raw[:200].decode(
            "utf-8", "replace"), peer_port=peer[1] if peer else None)
        status, answer, sort = await self._answer(name, endpoint, body, entry, request)
        entry["status"] = status
        await self._after(name, entry, request)
        return json_response(status, answer, sort)

    async def _answer(self, name, endpoint: Endpoint, body, entry, request):
        sim = self.sim
        now = sim.clock.now_ms()
        if not sim.limiters[endpoint.limit].allow(name, request.remote or ""):
            return 429, RATE_LIMITED, True
        fault = sim.faults.find("rate_limit", now, consume=True, endpoint=name)
        if fault:
            return 429, {**RATE_LIMITED, "retry_after": fault.spec.get("retry_after", 60)}, True
        slow = sim.faults.find("slow", now, consume=True, endpoint=name, target="rest", phase="before")
        if slow:
            await asyncio.sleep(slow.spec["delay_ms"] / 1000)
        fault = sim.faults.find("http_error", now, consume=True, endpoint=name)
        if fault:
            message = fault.spec.get("message", endpoint.error_500)
            return int(fault.spec.get("status", 500)), {"status": "error", "message": message}, True
        if body is None:
            return 500, {"status": "error", "message": endpoint.error_500}, True
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
        if failing and "message" in failing.spec:
            return 403, {"status": "error", "message": failing.spec["message"]}, True
        if not entry["apikey_valid"] or failing:
            return self._auth_failure(endpoint, req) + (endpoint.sorted_json,)
        if name not in SESSIONLESS and sim.faults.find("session_expired", now, endpoint=name):
            return (403 if name in PLACING else 500), {"status": "error", "message": SESSION_EXPIRED}, True
        if endpoint.takes_ctx:
            result = endpoint.handler(sim, req, Ctx(name, entry))
            if asyncio.iscoroutine(result):
                result = await result
        else:
            result = endpoint.handler(sim, req, sim.clock.now_ms())
        return result + (endpoint.sorted_json,)

    @staticmethod
    def _auth_failure(endpoint: Endpoint, req):
        if not endpoint.auth_failure:
            return 403, {"status": "error", "message": "Invalid openalgo apikey"}
        failure = endpoint.auth_failure(req)
        return failure if isinstance(failure, tuple) else (403, failure)

    async def _after(self, name: str, entry: dict, request: web.Request) -> None:
        """Faults on an answer already decided: delayed (slow, phase after), or never sent
        (withhold: the connection is held, then closed without an answer)."""
        sim = self.sim
        now = sim.clock.now_ms()
        slow = sim.faults.find("slow", now, consume=True, endpoint=name, target="rest", phase="after")
        if slow:
            await asyncio.sleep(slow.spec["delay_ms"] / 1000)
        held = sim.faults.find("withhold", now, consume=True, endpoint=name)
        if held:
            entry["withheld"] = True
            await asyncio.sleep(float(held.spec.get("hold_ms", 0)) / 1000)
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError()  # aiohttp then writes nothing

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
