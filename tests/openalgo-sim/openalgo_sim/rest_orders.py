"""The order endpoints (placeorder and its family, modify, cancel, close), answering as
OpenAlgo's services do once the request has passed the schema and the key: the shapes of
services/*_order_service.py, the Zerodha adapter's smart-order arithmetic, split orders
paced at 1 / ORDER_RATE_LIMIT, baskets BUY-first in batches of 10 one second apart, and the
semi-auto ("Action Center") mode. Each handler takes (sim, request, ctx) and returns
(status, body); the ones that pace their children are coroutines."""

import asyncio

from .broker import Ctx

MAX_SPLIT_ORDERS = 100
QUEUED = "Order queued for approval in Action Center"
SEMI_AUTO_BLOCKED = {
    "modifyorder": "Modify order operation is not allowed in Semi-Auto mode. Please switch to Auto mode to modify orders.",
    "cancelorder": "Cancel order operation is not allowed in Semi-Auto mode. Please switch to Auto mode to cancel orders.",
    "cancelallorder": "Cancel all orders operation is not allowed in Semi-Auto mode. Please switch to Auto mode to cancel orders.",
    "closeposition": "Close position operation is not allowed in Semi-Auto mode. Please switch to Auto mode to close positions.",
}


def semi_auto(sim) -> bool:
    return sim.order_mode == "semi_auto"


def queue(sim, req: dict):
    """Semi-auto: the order waits for approval in OpenAlgo's Action Center (never, here)."""
    sim.queued_orders.append({k: v for k, v in req.items() if k != "apikey"})
    return 200, {"status": "success", "message": QUEUED, "mode": "semi_auto",
                 "pending_order_id": len(sim.queued_orders)}


def blocked(sim, ctx: Ctx):
    if semi_auto(sim):
        return 403, {"status": "error", "message": SEMI_AUTO_BLOCKED[ctx.endpoint]}
    return None


def placeorder(sim, req, ctx: Ctx):
    if semi_auto(sim):
        return queue(sim, req)
    return sim.broker.place(req, ctx)


def smart_target(position_size: int, current: int, action: str, quantity: int):
    """(action, quantity) the Zerodha adapter's place_smartorder_api orders, or (None, 0)."""
    if position_size == 0 and current == 0:
        return action, quantity
    if position_size == 0:
        return ("SELL" if current > 0 else "BUY"), abs(current)
    if current == 0:
        return ("BUY" if position_size > 0 else "SELL"), abs(position_size)
    if position_size > current:
        return "BUY", position_size - current
    if position_size < current:
        return "SELL", current - position_size
    return None, 0


def placesmartorder(sim, req, ctx: Ctx):
    if semi_auto(sim):
        return queue(sim, req)
    current = sim.broker.net(req["symbol"], req["exchange"], req["product"])
    action, quantity = smart_target(int(req["position_size"]), current, req["action"].upper(),
                                    int(req["quantity"]))
    if action and quantity > 0:
        return sim.broker.place({**req, "action": action, "quantity": quantity}, ctx)
    return 200, {"status": "success", "message": "Positions Already Matched. No Action needed."}


def split_sizes(total: int, size: int):
    full, rest = divmod(total, size)
    return [size] * full + ([rest] if rest else [])


async def place_children(sim, base: dict, sizes, ctx: Ctx):
    """Children placed one after another, 1 / ORDER_RATE_LIMIT apart, as OpenAlgo paces them:
    [{order_num, quantity, status, orderid | message}]."""
    results = []
    for n, size in enumerate(sizes, 1):
        if n > 1:
            await asyncio.sleep(sim.order_pace())
        status, body = sim.broker.place({**base, "quantity": size}, ctx)
        result = {"order_num": n, "quantity": size, "status": "success" if status == 200 else "error"}
        if status == 200:
            result["orderid"] = body["orderid"]
        else:
            result["message"] = body.get("message", "Failed to place order")
        results.append(result)
    return results


async def splitorder(sim, req, ctx: Ctx):
    if semi_auto(sim):
        return queue(sim, req)
    sizes = split_sizes(req["quantity"], req["splitsize"])
    if len(sizes) > MAX_SPLIT_ORDERS:
        return 400, {"status": "error", "message":
                     f"Total number of orders would exceed maximum limit of {MAX_SPLIT_ORDERS}"}
    base = {k: v for k, v in req.items() if k not in ("apikey", "splitsize")}
    results = await place_children(sim, base, sizes, ctx)
    return 200, {"status": "success", "total_quantity": req["quantity"], "split_size": req["splitsize"],
                 "results": results}


async def basketorder(sim, req, ctx: Ctx):
    if semi_auto(sim):
        return queue(sim, req)
    orders = ([o for o in req["orders"] if o["action"].upper() == "BUY"]
              + [o for o in req["orders"] if o["action"].upper() == "SELL"])
    results = []
    for n, item in enumerate(orders):
        if n and n % 10 == 0:
            await asyncio.sleep(1.0)  # OpenAlgo: batches of 10, one second apart
        status, body = sim.broker.place({**item, "strategy": req["strategy"]}, ctx)
        if status == 200:
            results.append({"symbol": item["symbol"], "exchange": item["exchange"],
                            "product": item["product"], "status": "success", "orderid": body["orderid"]})
        else:
            results.append({"symbol": item["symbol"], "status": "error",
                            "message": body.get("message", "Failed to place order")})
    return 200, {"status": "success", "results": results}


def modifyorder(sim, req, ctx: Ctx):
    return blocked(sim, ctx) or sim.broker.modify(req, ctx)


def cancelorder(sim, req, ctx: Ctx):
    return blocked(sim, ctx) or sim.broker.cancel(req["orderid"], ctx)


def cancelallorder(sim, req, ctx: Ctx):
    return blocked(sim, ctx) or sim.broker.cancel_all(ctx)


def closeposition(sim, req, ctx: Ctx):
    """Every open position closed at MARKET; the answer is the same whatever each close
    order met (OpenAlgo's live path), so only the position book confirms it."""
    refused = blocked(sim, ctx)
    if refused:
        return refused
    sim.broker.close_all(ctx)
    return 200, {"status": "success", "message": "All Open Positions Squared Off"}
