"""Request schemas of the order endpoints, as OpenAlgo's restx_api/schemas.py and
account_schema.py declare them (marketcalls/openalgo 60156bc): the same fields, defaults,
ranges and messages, so an unknown field, a fractional quantity or a string for a number
is answered as OpenAlgo answers it. Quantities are Floats made whole after loading, as
OpenAlgo's _coerce_quantity_to_int does; option quantities are Ints."""

from marshmallow import Schema, ValidationError, fields, post_load, validate

from .schemas import EXCHANGES

ACTIONS = ["BUY", "SELL", "buy", "sell"]
PRICE_TYPES = ["MARKET", "LIMIT", "SL", "SL-M"]
PRODUCTS = ["MIS", "NRML", "CNC"]
CRYPTO_EXCHANGES = {"CRYPTO"}


def _apikey():
    return fields.Str(required=True, validate=validate.Length(min=1, max=256))


def _exchange():
    return fields.Str(required=True, validate=validate.OneOf(EXCHANGES))


def _action():
    return fields.Str(required=True, validate=validate.OneOf(ACTIONS))


def _quantity(message="Quantity must be a positive number."):
    return fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False, error=message))


def _pricetype():
    return fields.Str(load_default="MARKET", validate=validate.OneOf(PRICE_TYPES))


def _price():
    return fields.Float(load_default=0.0, validate=validate.Range(min=0, error="Price must be a non-negative number."))


def _trigger():
    return fields.Float(load_default=0.0, validate=validate.Range(
        min=0, error="Trigger price must be a non-negative number."))


def _disclosed():
    return fields.Int(load_default=0, validate=validate.Range(
        min=0, error="Disclosed quantity must be a non-negative integer."))


def _option_quantity():
    return fields.Int(required=True, validate=validate.Range(min=1, error="Quantity must be a positive integer."))


def _splitsize():
    return fields.Int(load_default=0, allow_none=True, validate=validate.Range(
        min=0, error="Split size must be a non-negative integer."))


def _whole_quantity(data):
    """OpenAlgo's _coerce_quantity_to_int: brokers take whole units outside crypto."""
    if data.get("exchange") not in CRYPTO_EXCHANGES and "quantity" in data:
        qty = data["quantity"]
        if qty != int(qty):
            raise ValidationError({"quantity": [f"Fractional quantity ({qty}) is not allowed for non-crypto exchanges."]})
        data["quantity"] = int(qty)
    return data


class WholeQuantity(Schema):
    @post_load
    def coerce_quantity(self, data, **kwargs):
        return _whole_quantity(data)


class PlaceOrder(WholeQuantity):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    exchange = _exchange()
    symbol = fields.Str(required=True)
    action = _action()
    quantity = _quantity()
    pricetype = _pricetype()
    product = fields.Str(load_default="MIS", validate=validate.OneOf(PRODUCTS))
    price = _price()
    trigger_price = _trigger()
    disclosed_quantity = _disclosed()
    underlying_ltp = fields.Float(load_default=None, allow_none=True)


class SmartOrder(WholeQuantity):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    exchange = _exchange()
    symbol = fields.Str(required=True)
    action = _action()
    quantity = fields.Float(required=True, validate=validate.Range(min=0, error="Quantity must be a non-negative number."))
    position_size = fields.Float(required=True)
    pricetype = _pricetype()
    product = fields.Str(load_default="MIS", validate=validate.OneOf(PRODUCTS))
    price = _price()
    trigger_price = _trigger()
    disclosed_quantity = _disclosed()


class ModifyOrder(WholeQuantity):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    exchange = _exchange()
    symbol = fields.Str(required=True)
    orderid = fields.Str(required=True)
    action = _action()
    product = fields.Str(required=True, validate=validate.OneOf(PRODUCTS))
    pricetype = fields.Str(required=True, validate=validate.OneOf(PRICE_TYPES))
    price = fields.Float(required=True, validate=validate.Range(min=0, error="Price must be a non-negative number."))
    quantity = _quantity()
    disclosed_quantity = fields.Int(required=True, validate=validate.Range(
        min=0, error="Disclosed quantity must be a non-negative integer."))
    trigger_price = fields.Float(required=True, validate=validate.Range(
        min=0, error="Trigger price must be a non-negative number."))


class CancelOrder(Schema):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    orderid = fields.Str(required=True)


class StrategyOnly(Schema):  # cancelallorder, closeposition
    apikey = _apikey()
    strategy = fields.Str(required=True)


class BasketItem(WholeQuantity):
    exchange = _exchange()
    symbol = fields.Str(required=True)
    action = _action()
    quantity = _quantity()
    pricetype = _pricetype()
    product = fields.Str(load_default="MIS", validate=validate.OneOf(PRODUCTS))
    price = _price()
    trigger_price = _trigger()
    disclosed_quantity = _disclosed()


class BasketOrder(Schema):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    orders = fields.List(fields.Nested(BasketItem), required=True)


class SplitOrder(WholeQuantity):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    exchange = _exchange()
    symbol = fields.Str(required=True)
    action = _action()
    quantity = _quantity("Total quantity must be a positive number.")
    splitsize = fields.Int(required=True, validate=validate.Range(min=1, error="Split size must be a positive integer."))
    pricetype = _pricetype()
    product = fields.Str(load_default="MIS", validate=validate.OneOf(PRODUCTS))
    price = _price()
    trigger_price = _trigger()
    disclosed_quantity = _disclosed()


class OptionsOrder(Schema):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    underlying = fields.Str(required=True)
    exchange = _exchange()
    expiry_date = fields.Str(required=False)
    strike_int = fields.Int(required=False, allow_none=True, validate=validate.Range(min=1))
    offset = fields.Str(required=True)
    option_type = fields.Str(required=True, validate=validate.OneOf(["CE", "PE", "ce", "pe"]))
    action = _action()
    quantity = _option_quantity()
    splitsize = _splitsize()
    pricetype = _pricetype()
    product = fields.Str(load_default="MIS", validate=validate.OneOf(["MIS", "NRML"]))
    price = _price()
    trigger_price = _trigger()
    disclosed_quantity = _disclosed()


class OptionsLeg(Schema):
    offset = fields.Str(required=True)
    option_type = fields.Str(required=True, validate=validate.OneOf(["CE", "PE", "ce", "pe"]))
    action = _action()
    quantity = _option_quantity()
    splitsize = _splitsize()
    expiry_date = fields.Str(required=False)
    pricetype = _pricetype()
    product = fields.Str(load_default="MIS", validate=validate.OneOf(["MIS", "NRML"]))
    price = _price()
    trigger_price = _trigger()
    disclosed_quantity = _disclosed()


class OptionsMultiOrder(Schema):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    underlying = fields.Str(required=True)
    exchange = _exchange()
    expiry_date = fields.Str(required=False)
    strike_int = fields.Int(required=False, allow_none=True, validate=validate.Range(min=1))
    legs = fields.List(fields.Nested(OptionsLeg), required=True,
                       validate=validate.Length(min=1, max=20, error="Legs must contain 1 to 20 items."))


class OrderStatus(Schema):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    orderid = fields.Str(required=True)


class OpenPosition(Schema):
    apikey = _apikey()
    strategy = fields.Str(required=True)
    symbol = fields.Str(required=True)
    exchange = fields.Str(required=True)
    product = fields.Str(required=True, validate=validate.OneOf(PRODUCTS))
