"""An order at the simulated broker, its fills, and how OpenAlgo shows it: the order book
row, the order_update frame. States are OpenAlgo's lowercase vocabulary. Prices are paise."""

import dataclasses
import datetime as dt
from fractions import Fraction

from .clock import IST
from .money import rupees

OPEN, TRIGGER_PENDING, COMPLETE, REJECTED, CANCELLED = (
    "open", "trigger pending", "complete", "rejected", "cancelled")
WORKING = (OPEN, TRIGGER_PENDING)
STOPS = ("SL", "SL-M")


def stamp(ms: int) -> str:
    """'22-Aug-2025 09:15:03': OpenAlgo's order and trade timestamps (IST)."""
    return dt.datetime.fromtimestamp(ms / 1000, IST).strftime("%d-%b-%Y %H:%M:%S")


@dataclasses.dataclass
class Fill:
    seq: int  # the trade's number at this broker, in time order
    ms: int
    quantity: int
    price: int  # paise


@dataclasses.dataclass
class PartPlan:
    """A partial_fill fault attached to an order: its quantity fills part by part."""
    parts: list  # quantities still to fill, in order
    stop_after: int  # how many more parts may fill (the rest stays pending)
    interval_ms: int
    next_ms: int = 0  # market time before which no further part fills


@dataclasses.dataclass(eq=False)  # an order is itself, whatever its fields
class Order:
    orderid: str
    inst: object  # instruments.Instrument
    action: str  # BUY or SELL
    quantity: int
    pricetype: str  # MARKET, LIMIT, SL, SL-M
    product: str
    price: int  # limit price, paise (0 when none)
    trigger: int  # trigger price, paise (0 when none)
    strategy: str
    endpoint: str  # the REST endpoint that placed it
    request_seq: int  # the request log entry that placed it
    placed_ms: int
    status: str
    updated_ms: int = 0
    triggered: bool = False
    rejection_reason: str = ""
    fills: list = dataclasses.field(default_factory=list)
    plan: PartPlan = None
    reject_at_ms: int = None  # an RMS rejection due at this market time (no fill before)
    margin: int = 0  # paise blocked while it works

    @property
    def filled(self) -> int:
        return sum(f.quantity for f in self.fills)

    @property
    def pending(self) -> int:
        return self.quantity - self.filled if self.status in WORKING else 0

    @property
    def average(self) -> Fraction:
        filled = self.filled
        return Fraction(sum(f.quantity * f.price for f in self.fills), filled) if filled else Fraction(0)

    @property
    def acts_as(self) -> str:
        """MARKET or LIMIT once working (a stop once triggered); STOP while waiting."""
        if self.pricetype in STOPS and not self.triggered:
            return "STOP"
        return "LIMIT" if self.pricetype in ("LIMIT", "SL") else "MARKET"

    @property
    def shown_price(self) -> float:
        # OpenAlgo's orderbook shows 0.0 for a MARKET order's price; SL-M has none either.
        return rupees(self.price) if self.pricetype in ("LIMIT", "SL") else 0.0

    def row(self) -> dict:
        """The order book row (orderstatus adds average_price). quantity is a string, as the
        reference gives it; prices are numbers."""
        return {"action": self.action, "symbol": self.inst.symbol, "exchange": self.inst.exchange,
                "orderid": self.orderid, "product": self.product, "quantity": str(self.quantity),
                "price": self.shown_price, "pricetype": self.pricetype, "order_status": self.status,
                "trigger_price": rupees(self.trigger) if self.pricetype in STOPS else 0.0,
                "timestamp": stamp(self.placed_ms)}

    def update_frame(self, user_id: str, broker: str) -> dict:
        """The WebSocket order_update message, in the order OpenAlgo's relay builds it."""
        return {"type": "order_update", "user_id": user_id, "mode": "live", "broker": broker,
                "orderid": self.orderid, "symbol": self.inst.symbol, "exchange": self.inst.exchange,
                "action": self.action, "quantity": self.quantity, "price": self.shown_price,
                "trigger_price": rupees(self.trigger) if self.pricetype in STOPS else 0.0,
                "pricetype": self.pricetype, "product": self.product, "order_status": self.status,
                "filled_quantity": self.filled, "pending_quantity": self.pending,
                "average_price": rupees(self.average),
                "rejection_reason": self.rejection_reason if self.status == REJECTED else ""}

    def sim_view(self) -> dict:
        """The simulator's own full view (admin API): everything, exactly."""
        return {"orderid": self.orderid, "request_seq": self.request_seq, "endpoint": self.endpoint,
                "strategy": self.strategy, "symbol": self.inst.symbol, "exchange": self.inst.exchange,
                "action": self.action, "quantity": self.quantity, "pricetype": self.pricetype,
                "product": self.product, "price_paise": self.price, "trigger_paise": self.trigger,
                "order_status": self.status, "filled_quantity": self.filled,
                "pending_quantity": self.pending, "average_price": rupees(self.average),
                "rejection_reason": self.rejection_reason, "placed_ms": self.placed_ms,
                "updated_ms": self.updated_ms,
                "fills": [{"seq": f.seq, "ms": f.ms, "quantity": f.quantity, "price_paise": f.price}
                          for f in self.fills]}
