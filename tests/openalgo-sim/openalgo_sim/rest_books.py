"""The account's books as OpenAlgo answers them, with their inconsistent number types kept
on purpose (a client must read numbers leniently): orderbook rows with quantity a string
and prices numbers, counts as integers; tradebook rows (one per fill) all numbers;
positionbook rows all strings; funds all strings; openposition a string, or the integer 0
when the position is unknown. orderstatus is the order book row plus average_price, which
OpenAlgo takes from the first trade of the order in the trade book, and only once the order
is complete (0.0 before, even when partly filled)."""

from .money import rupees
from .order_model import COMPLETE, OPEN, REJECTED, stamp


def orderbook(sim, req, now):
    orders = list(sim.broker.orders.values())
    rows = [o.row() for o in orders]
    stats = {"total_buy_orders": sum(o.action == "BUY" for o in orders),
             "total_sell_orders": sum(o.action == "SELL" for o in orders),
             "total_completed_orders": sum(o.status == COMPLETE for o in orders),
             "total_open_orders": sum(o.status == OPEN for o in orders),
             "total_rejected_orders": sum(o.status == REJECTED for o in orders)}
    return 200, {"status": "success", "data": {"orders": rows, "statistics": stats}}


def trade_row(order, fill) -> dict:
    return {"action": order.action, "symbol": order.inst.symbol, "exchange": order.inst.exchange,
            "orderid": order.orderid, "product": order.product, "quantity": fill.quantity,
            "average_price": rupees(fill.price), "timestamp": stamp(fill.ms),
            "trade_value": rupees(fill.quantity * fill.price)}


def tradebook(sim, req, now):
    return 200, {"status": "success", "data": [trade_row(o, f) for o, f in sim.broker.trades]}


def positionbook(sim, req, now):
    broker = sim.broker
    return 200, {"status": "success", "data": [p.row(broker.ltp(p.inst)) for p in broker.positions.values()]}


def holdings(sim, req, now):
    """Delivery holdings settle T+1; the simulator's account starts with none."""
    return 200, {"status": "success", "data": {"holdings": [], "statistics": {
        "totalholdingvalue": 0.0, "totalinvvalue": 0.0, "totalprofitandloss": 0.0, "totalpnlpercentage": 0.0}}}


def funds(sim, req, now):
    broker = sim.broker
    return 200, {"status": "success", "data": broker.funds.answer(
        list(broker.positions.values()), broker.working_orders(), broker.ltp)}


def orderstatus(sim, req, now):
    order = sim.broker.orders.get(req["orderid"])
    if order is None:
        return 404, {"status": "error", "message": f"Order {req['orderid']} not found"}
    first = order.fills[0].price if order.fills and order.status == COMPLETE else 0
    return 200, {"status": "success", "data": {**order.row(), "average_price": rupees(first)}}


def openposition(sim, req, now):
    pos = sim.broker.positions.get((req["symbol"], req["exchange"], req["product"]))
    return 200, {"quantity": str(pos.net) if pos else 0, "status": "success"}
