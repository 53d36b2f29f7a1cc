"""Request schemas of the endpoints the simulator serves, written from the protocol
reference (shared/reference/openalgo.md) in marshmallow, the validation library OpenAlgo
itself uses, so unknown fields, missing fields, strings for numbers and every message come
out as OpenAlgo's do ('Unknown field.', 'Missing data for required field.', 'Must be one
of: ...'). marshmallow's default unknown=RAISE is what makes an extra field a 400."""

from marshmallow import Schema, fields, validate

EXCHANGES = ["NSE", "NFO", "CDS", "BSE", "BFO", "BCD", "MCX", "NCDEX", "NCO", "NSE_INDEX",
             "BSE_INDEX", "MCX_INDEX", "GLOBAL_INDEX", "CRYPTO"]
FNO_EXCHANGES = ["NFO", "BFO", "MCX", "CDS", "NCO", "BCD", "NCDEX", "CRYPTO"]
HISTORY_INTERVALS = ["1s", "5s", "10s", "15s", "30s", "45s", "1m", "2m", "3m", "5m", "10m", "15m",
                     "20m", "30m", "1h", "2h", "3h", "4h", "D", "W", "M", "Q", "Y"]


def _apikey():
    return fields.Str(required=True, validate=validate.Length(min=1, max=256))


def _exchange():
    return fields.Str(required=True, validate=validate.OneOf(EXCHANGES))


class ApiKeyOnly(Schema):  # /intervals, /ping, and the books and funds of issue 15
    apikey = _apikey()


class Quotes(Schema):  # also /depth and /symbol
    apikey = _apikey()
    symbol = fields.Str(required=True)
    exchange = _exchange()


class SymbolExchange(Schema):
    symbol = fields.Str(required=True)
    exchange = _exchange()


class MultiQuotes(Schema):
    apikey = _apikey()
    symbols = fields.List(fields.Nested(SymbolExchange), required=True,
                          validate=validate.Length(min=1))


class History(Schema):
    apikey = _apikey()
    symbol = fields.Str(required=True)
    exchange = _exchange()
    interval = fields.Str(required=True, validate=validate.OneOf(HISTORY_INTERVALS))
    start_date = fields.Date(required=True, format="%Y-%m-%d")
    end_date = fields.Date(required=True, format="%Y-%m-%d")
    source = fields.Str(load_default="api", validate=validate.OneOf(["api", "db"]))


class Expiry(Schema):
    apikey = _apikey()
    symbol = fields.Str(required=True)
    exchange = fields.Str(required=True, validate=validate.OneOf(FNO_EXCHANGES))
    instrumenttype = fields.Str(required=True, validate=validate.OneOf(["futures", "options"]))


class OptionChain(Schema):
    apikey = _apikey()
    underlying = fields.Str(required=True)
    exchange = _exchange()
    expiry_date = fields.Str(required=True)
    strike_count = fields.Int(validate=validate.Range(min=1, max=100), allow_none=True)
    with_greeks = fields.Bool(load_default=False)
    interest_rate = fields.Float(validate=validate.Range(min=0, max=100), allow_none=True)
