"""The simulated broker account: orders, fills, positions and funds, driven by the
simulated market. An order is checked (order_checks), acknowledged with a deterministic
order id, then filled by the market (matching) as trades are played; every transition goes
out as a WebSocket order_update. Faults act where a broker would: a synchronous refusal
(order_reject), an acknowledgement later rejected by RMS (rms_reject), fills in parts
(partial_fill), duplicated or lost updates (duplicate_update, session_expired)."""

import dataclasses

from . import matching, order_checks
from .clock import ist_date, ist_ms
from .money import NotPaise, rupees_text, to_paise
from .order_model import (CANCELLED, COMPLETE, OPEN, REJECTED, STOPS, TRIGGER_PENDING,
                          WORKING, Fill, Order, PartPlan)
from .positions import Funds, Position, margin_for


@dataclasses.dataclass
class Ctx:
    """Who is asking: the REST endpoint and its request log entry (None for the broker's own
    orders, such as an RMS square-off)."""
    endpoint: str
    entry: dict = None

    def record(self, orderid: str) -> None:
        if self.entry is not None:
            self.entry.setdefault("orderids", []).append(orderid)

    @property
    def seq(self) -> int:
        return self.entry["seq"] if self.entry else 0


def error(status: int, message: str):
    return status, {"status": "error", "message": message}


class Broker:
    def __init__(self, sim, opening_paise: int, squareoff_s=None):
        self.sim = sim
        self.orders = {}  # orderid -> Order, in placement order
        self.working = {}  # instrument key -> [Order] that may still fill
        self.trades = []  # (Order, Fill) in time order
        self.positions = {}  # (symbol, exchange, product) -> Position
        self.funds = Funds(opening_paise)
        self.squareoff_s = squareoff_s  # MIS square-off, seconds after midnight, or None
        self._squared_days = set()
        self._order_seq = 0
        self._trade_seq = 0

    # Looking -------------------------------------------------------------------------------

    def ltp(self, inst) -> int:
        return to_paise(self.sim.exchange.quote(inst, self.sim.clock.now_ms())["ltp"])

    def watching(self, key) -> bool:
        return bool(self.working.get(key))

    def net(self, symbol: str, exchange: str, product: str) -> int:
        pos = self.positions.get((symbol, exchange, product))
        return pos.net if pos else 0

    def working_orders(self):
        """Orders that may still fill, in placement order (order ids sort by placement)."""
        return sorted((o for orders in self.working.values() for o in orders if o.status in WORKING),
                      key=lambda o: o.orderid)

    def funds_figures(self):
        return self.funds.figures(list(self.positions.values()), self.working_orders(), self.ltp)

    # Placing -------------------------------------------------------------------------------

    def _next_id(self, now: int) -> str:
        self._order_seq += 1
        return f"{ist_date(now):%y%m%d}{self._order_seq:09d}"

    def _prices(self, f: dict, inst):
        """(problem, price, trigger) in paise; prices that do not apply to the type are 0."""
        paise = {}
        for name in ("price", "trigger_price"):
            try:
                paise[name] = to_paise(f.get(name, 0))
            except NotPaise:
                return (f"The {name} {f.get(name)} is not a multiple of the tick size "
                        f"{inst.tick_size:g} of {inst.symbol}"), 0, 0
        pricetype = f["pricetype"]
        return (None, paise["price"] if pricetype in ("LIMIT", "SL") else 0,
                paise["trigger_price"] if pricetype in STOPS else 0)

    def place(self, f: dict, ctx: Ctx):
        """Places one order as the broker's order API does: (HTTP status, answer)."""
        sim = self.sim
        now = sim.clock.now_ms()
        inst = sim.exchange.find(f["symbol"], f["exchange"], now)
        action = f["action"].upper()
        problem = (order_checks.market_closed(sim.exchange.calendar, now)
                   or order_checks.instrument_problem(inst, f["symbol"], f["exchange"]))
        price = trigger = 0
        if not problem:
            sim.exchange.tape(inst)  # follow the instrument from now on
            problem, price, trigger = self._prices(f, inst)
        if not problem:
            problem = (order_checks.product_problem(f["exchange"], f["product"])
                       or order_checks.quantity_problem(inst, f["quantity"])
                       or order_checks.price_problem(inst, f["pricetype"], action, price, trigger,
                                                     self.ltp(inst)))
        if problem:
            return error(400, problem)
        scope = {"endpoint": ctx.endpoint, "symbol": inst.symbol, "action": action}
        refused = sim.faults.find("order_reject", now, consume=True, **scope)
        if refused:
            return error(int(refused.spec.get("status", 400)), refused.spec.get(
                "message", "Order rejected by the broker (simulated order_reject fault)"))
        order = Order(self._next_id(now), inst, action, f["quantity"], f["pricetype"], f["product"],
                      price, trigger, f.get("strategy", ""), ctx.endpoint, ctx.seq, now,
                      TRIGGER_PENDING if f["pricetype"] in STOPS else OPEN)
        self.orders[order.orderid] = order
        self.working.setdefault(inst.key, []).append(order)
        ctx.record(order.orderid)
        self._emit(order, now)
        self._after_ack(order, now, scope)
        return 200, {"status": "success", "orderid": order.orderid}

    def _after_ack(self, order: Order, now: int, scope: dict) -> None:
        """RMS and margin checks, which reject an acknowledged order, then a first fill."""
        sim = self.sim
        required = self._margin_needed(order)
        rms = sim.faults.find("rms_reject", now, consume=True, **scope)
        if rms:
            order.reject_at_ms = now + int(float(rms.spec.get("after_s", 0.5)) * 1000)
            order.rejection_reason = rms.spec.get("reason") or self._rms_text(required, 0)
            return
        short = self._cnc_short(order)
        if short:
            self._reject(order, now, short)
            return
        available = self.funds_figures()["available"]
        if required > available:
            self._reject(order, now, self._rms_text(required, available))
            return
        order.margin = required
        plan = sim.faults.find("partial_fill", now, consume=True, **scope)
        if plan:
            order.plan = self._plan(order, plan.spec, now)
        if order.acts_as != "STOP":
            self._try_fill(order, now, self.ltp(order.inst), arriving=True)

    def _margin_needed(self, order: Order) -> int:
        net = self.net(order.inst.symbol, order.inst.exchange, order.product)
        closing = max(0, -net) if order.action == "BUY" else max(0, net)
        exposure = max(0, order.quantity - closing)
        price = order.price or order.trigger or matching.quote(self.ltp(order.inst), self._tick(order))[1]
        return margin_for(order.inst, order.product, exposure, price)

    def _cnc_short(self, order: Order):
        """Delivery sales need shares: today's CNC position (the account holds none before)."""
        if order.product != "CNC" or order.action != "SELL" or order.inst.derived:
            return None
        held = self.net(order.inst.symbol, order.inst.exchange, "CNC")
        held -= sum(o.quantity - o.filled for o in self.working_orders()
                    if o is not order and o.inst is order.inst and o.product == "CNC" and o.action == "SELL")
        if held <= 0:
            return (f"Cannot sell {order.inst.symbol} in CNC. No positions or holdings available. CNC "
                    "(delivery) requires existing shares. Use MIS for intraday short selling.")
        if order.quantity > held:
            return (f"Cannot sell {order.quantity} shares of {order.inst.symbol} in CNC. Only {held} "
                    f"shares available (Position: {held}, Holdings: 0)")
        return None

    def _rms_text(self, required: int, available) -> str:
        return (f"RMS:Margin Exceeds,Required:{rupees_text(required)}, Available:"
                f"{rupees_text(available)} for entity account-{self.sim.config.user_id} across "
                "exchange across segment across product")

    @staticmethod
    def _plan(order: Order, spec: dict, now: int) -> PartPlan:
        """The order's quantity in `parts` parts of whole lots (fewer if it has fewer lots)."""
        lot = order.inst.lot if order.inst.derived else 1
        lots = order.quantity // lot
        n = max(1, min(int(spec.get("parts", 2)), lots))
        parts = [lots // n * lot] * n
        parts[-1] += order.quantity - sum(parts)
        return PartPlan(parts, int(spec.get("fill_parts", n)), int(float(spec.get("interval_s", 1)) * 1000), now)

    # Filling -------------------------------------------------------------------------------

    @staticmethod
    def _tick(order: Order) -> int:
        return round(order.inst.tick_size * 100)

    def _try_fill(self, order: Order, now: int, ltp: int, arriving: bool) -> bool:
        if order.status not in WORKING or order.reject_at_ms is not None:
            return False
        plan = order.plan
        if plan and (plan.stop_after <= 0 or now < plan.next_ms):
            return False
        price = matching.fill_price(order, ltp, self._tick(order), arriving)
        if price is None:
            return False
        if plan:
            quantity = plan.parts.pop(0)
            plan.stop_after -= 1
            plan.next_ms = now + plan.interval_ms
        else:
            quantity = order.quantity - order.filled
        self._fill(order, quantity, price, now)
        return True

    def _fill(self, order: Order, quantity: int, price: int, now: int) -> None:
        self._trade_seq += 1
        fill = Fill(self._trade_seq, now, quantity, price)
        order.fills.append(fill)
        self.trades.append((order, fill))
        inst = order.inst
        key = (inst.symbol, inst.exchange, order.product)
        self.positions.setdefault(key, Position(inst, order.product)).add(order.action, quantity, price)
        if order.filled >= order.quantity:
            order.status = COMPLETE
            self._retire(order)
        else:
            order.margin = order.margin * order.pending // order.quantity
        self._emit(order, now)

    def on_tick(self, tape, tick) -> None:
        """A trade played on the market: working orders on that instrument may trigger or fill."""
        orders = self.working.get(tape.inst.key)
        if not orders:
            return
        ltp = to_paise(tick.ltp)
        for order in list(orders):
            if order.status not in WORKING:
                continue
            if order.acts_as == "STOP":
                if order.reject_at_ms is None and matching.triggered(order, ltp):
                    order.triggered = True
                    order.status = OPEN
                    self._emit(order, tick.ms)
                    self._try_fill(order, tick.ms, ltp, arriving=True)
            else:
                self._try_fill(order, tick.ms, ltp, arriving=False)

    def on_clock(self, now: int) -> None:
        """Market time passed: RMS rejections fall due, fills in parts go on, day orders
        expire at the session's close, and MIS positions are squared off when configured."""
        for order in self.working_orders():
            if order.reject_at_ms is not None and now >= order.reject_at_ms:
                self._reject(order, now, order.rejection_reason)
            elif now >= self.sim.exchange.session_of(order.placed_ms)[1]:
                self._cancel(order, now)
            elif order.plan and order.plan.stop_after > 0 and now >= order.plan.next_ms:
                self._try_fill(order, now, self.ltp(order.inst), arriving=False)
        self._square_off_mis(now)

    # Changing ------------------------------------------------------------------------------

    def _emit(self, order: Order, now: int) -> None:
        order.updated_ms = now
        sim = self.sim
        if sim.faults.find("session_expired", now):
            return  # the broker's order feed is down with the session: the update is lost
        copies = 2 if sim.faults.find("duplicate_update", now, consume=True) else 1
        sim.hub.order_update(order.update_frame(sim.config.user_id, sim.profile.broker), copies)

    def _retire(self, order: Order) -> None:
        """The order is done: it blocks no margin and no trade looks at it any more."""
        order.margin = 0
        orders = self.working.get(order.inst.key, [])
        if order in orders:
            orders.remove(order)

    def _reject(self, order: Order, now: int, reason: str) -> None:
        order.status = REJECTED
        order.rejection_reason = reason
        order.reject_at_ms = None
        self._retire(order)
        self._emit(order, now)

    def _cancel(self, order: Order, now: int) -> None:
        order.status = CANCELLED
        self._retire(order)
        self._emit(order, now)

    def modify(self, f: dict, ctx: Ctx):
        """Kite's modify: the order's type, prices and total quantity change; symbol, action
        and product in the request are not looked at. A stop already triggered keeps working."""
        now = self.sim.clock.now_ms()
        order = self.orders.get(f["orderid"])
        if order is None:
            return error(404, f"Order {f['orderid']} not found")
        if order.status not in WORKING:
            return error(400, f"Cannot modify order in {order.status} status")
        inst = order.inst
        keep_trigger = order.triggered and f["pricetype"] in STOPS
        problem, price, trigger = self._prices(f, inst)
        problem = (problem or order_checks.market_closed(self.sim.exchange.calendar, now)
                   or order_checks.quantity_problem(inst, f["quantity"]))
        if not problem and f["quantity"] <= order.filled:
            problem = f"Quantity {f['quantity']} must be above the filled quantity {order.filled}"
        if not problem:
            ltp = self.ltp(inst)
            # a triggered stop is not checked against the market it already went through
            problem = order_checks.price_problem(inst, "LIMIT" if keep_trigger and f["pricetype"] == "SL"
                                                 else ("MARKET" if keep_trigger else f["pricetype"]),
                                                 order.action, price, trigger, ltp)
        if problem:
            return error(400, problem)
        order.pricetype, order.price, order.trigger = f["pricetype"], price, trigger
        order.quantity, order.triggered = f["quantity"], keep_trigger
        order.status = TRIGGER_PENDING if order.acts_as == "STOP" else OPEN
        self._emit(order, now)
        if order.acts_as != "STOP":
            self._try_fill(order, now, self.ltp(inst), arriving=True)
        return 200, {"status": "success", "orderid": order.orderid}

    def cancel(self, orderid: str, ctx: Ctx):
        """OpenAlgo's Zerodha path answers any refusal of a cancel with a 500."""
        order = self.orders.get(orderid)
        if order is None:
            return error(500, f"Failed to cancel order: Order {orderid} not found")
        if order.status not in WORKING:
            return error(500, f"Failed to cancel order: Order {orderid} cannot be cancelled: it is {order.status}")
        self._cancel(order, self.sim.clock.now_ms())
        return 200, {"status": "success", "orderid": orderid}

    def cancel_all(self, ctx: Ctx):
        done = []
        for order in self.working_orders():
            self._cancel(order, self.sim.clock.now_ms())
            done.append(order.orderid)
        return 200, {"status": "success", "canceled_orders": done, "failed_cancellations": [],
                     "message": f"Canceled {len(done)} orders. Failed to cancel 0 orders."}

    def close_all(self, ctx: Ctx, strategy: str = "Squareoff", product=None) -> list:
        """A MARKET order against every open position (of one product, or all); each order's
        own refusal is ignored, as OpenAlgo's close_all_positions does. Returns the answers."""
        answers = []
        for pos in list(self.positions.values()):
            if pos.net == 0 or (product and pos.product != product):
                continue
            answers.append(self.place({"strategy": strategy, "symbol": pos.inst.symbol,
                                       "exchange": pos.inst.exchange, "action": "SELL" if pos.net > 0 else "BUY",
                                       "quantity": abs(pos.net), "pricetype": "MARKET", "product": pos.product,
                                       "price": 0, "trigger_price": 0}, ctx))
        return answers

    def _square_off_mis(self, now: int) -> None:
        if self.squareoff_s is None:
            return
        day = ist_date(now)
        if day in self._squared_days or now < ist_ms(day, self.squareoff_s):
            return
        self._squared_days.add(day)
        for order in self.working_orders():
            if order.product == "MIS":
                self._cancel(order, now)
        self.close_all(Ctx("squareoff"), strategy="RMS square-off", product="MIS")

