"""openalgo-sim's command line."""

import argparse
import datetime as dt
import os

from . import VERSION
from .calendar import DEFAULT_CALENDAR
from .clock import IST, parse_clock, parse_instant
from .profiles import PROFILES

DEFAULT_KEY = "openalgo-sim-key"

EPILOG = """\
Ports: 0 takes a free port; with --ready-file the simulator writes
{"pid","rest","ws","broker","market_ms"} there once it listens (tests wait for that file).
Fault at a market time: --fault-at '09:20=JSON', e.g. --fault-at '09:20={"fault":"stall","seconds":10}'.
Admin API on the REST port: GET /_sim/state, POST|DELETE /_sim/fault, GET /_sim/faults,
GET /_sim/requests, GET /_sim/bars, GET /_sim/ticks, POST /_sim/clock, POST /_sim/stop;
orders: GET /_sim/orders, GET /_sim/trades, GET /_sim/placements, POST /_sim/order_mode.
See tests/openalgo-sim/README.md.
Exit status: 0 stopped cleanly (SIGINT, SIGTERM, /_sim/stop); 64 bad command line;
69 a port could not be opened; 78 a market or calendar file is wrong."""


def _api_keys(args):
    keys = list(args.api_key or [])
    if args.api_key_file:
        with open(os.path.expanduser(args.api_key_file), encoding="utf-8") as f:
            keys.append(f.read().strip())
    env = os.environ.get("OPENALGO_SIM_API_KEY")
    if env:
        keys.append(env)
    return keys or [DEFAULT_KEY]


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage()
        self.exit(64, f"{self.prog}: {message}\n")


def parse_args(argv=None):
    p = _Parser(
        prog="openalgo-sim", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="OpenAlgo's REST and WebSocket protocol on 127.0.0.1 over a simulated NSE "
                    "market on its own clock, with faults on command: the sos project's test "
                    "server for live market data and orders.")
    p.add_argument("--version", action="version", version=f"openalgo-sim {VERSION}")
    net = p.add_argument_group("listening")
    net.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    net.add_argument("--rest-port", type=int, default=5000, help="REST port (default 5000; 0: any free)")
    net.add_argument("--ws-port", type=int, default=8765, help="WebSocket port (default 8765; 0: any free)")
    net.add_argument("--ready-file", help="write the listening addresses here (JSON) once ready")
    net.add_argument("--quiet", action="store_true", help="print nothing on start")
    who = p.add_argument_group("instance")
    who.add_argument("--broker", choices=sorted(PROFILES), default="zerodha",
                     help="the broker adapter to behave as (default zerodha)")
    who.add_argument("--api-key", action="append", metavar="KEY",
                     help=f"an accepted API key (repeatable; also OPENALGO_SIM_API_KEY; default {DEFAULT_KEY})")
    who.add_argument("--api-key-file", metavar="FILE", help="read an accepted API key from FILE")
    who.add_argument("--user-id", default="simuser")
    mkt = p.add_argument_group("market")
    mkt.add_argument("--start", help="market time at start: ISO 8601 (IST without a zone) or epoch; "
                                     "default today 09:15 IST")
    mkt.add_argument("--speed", type=float, default=1.0, help="market seconds per wall second (default 1)")
    mkt.add_argument("--paused", action="store_true",
                     help="start with the market clock paused (POST /_sim/clock moves it)")
    mkt.add_argument("--market", metavar="FILE", help="play this recorded file (NDJSON or CSV of ticks "
                                                      "or 1-minute candles) instead of a synthetic market")
    mkt.add_argument("--seed", type=int, default=1, help="synthetic market seed (default 1)")
    mkt.add_argument("--tick-interval", type=float, default=1.0,
                     help="mean market seconds between an instrument's synthetic ticks (default 1)")
    mkt.add_argument("--symbols", type=lambda s: [x for x in s.split(",") if x],
                     help="instruments instead of the default set: EXCHANGE:SYMBOL[@PRICE],... "
                          "(indices on NSE_INDEX have options)")
    mkt.add_argument("--prehistory-days", type=int, default=1,
                     help="synthetic trading days played before the start day (default 1)")
    mkt.add_argument("--calendar", default=DEFAULT_CALENDAR, help="trading calendar (default the project's)")
    mkt.add_argument("--session", choices=["calendar", "always"], default="calendar",
                     help="'always' trades round the clock, every day")
    proto = p.add_argument_group("protocol")
    proto.add_argument("--ltt-unit", choices=["ms", "s"], help="ltt unit in every mode (default: the broker's)")
    proto.add_argument("--api-rate-limit", default="50 per second",
                       help="OpenAlgo's API_RATE_LIMIT (default '50 per second'; '' for none)")
    proto.add_argument("--order-rate-limit", default="10 per second",
                       help="OpenAlgo's ORDER_RATE_LIMIT (default '10 per second')")
    proto.add_argument("--history-pace", type=float, default=0.35,
                       help="seconds between /history calls, as OpenAlgo paces them (default 0.35)")
    proto.add_argument("--no-history-forming", dest="history_forming", action="store_false",
                       help="/history leaves out the bar still forming (brokers include it)")
    proto.add_argument("--ws-ping-interval", type=float, default=20.0)
    proto.add_argument("--ws-ping-timeout", type=float, default=20.0)
    proto.add_argument("--ws-auth-grace", type=float, default=15.0)
    acct = p.add_argument_group("orders")
    acct.add_argument("--funds", type=float, default=10_000_000.0,
                      help="the account's opening cash in rupees (default 10000000, OpenAlgo's sandbox)")
    acct.add_argument("--order-mode", choices=["auto", "semi_auto"], default="auto",
                      help="semi_auto queues placements in OpenAlgo's Action Center (default auto)")
    acct.add_argument("--mis-squareoff", metavar="HH:MM",
                      help="square off MIS positions (and cancel MIS orders) at this time each day")
    test = p.add_argument_group("testing")
    test.add_argument("--fault-at", action="append", default=[], metavar="HH:MM[:SS]=JSON",
                      help="inject a fault when the market clock reaches that time on the start day")
    test.add_argument("--bars-out", metavar="FILE",
                      help="append each closed 1-minute bar of the market as a CANDLE line")
    args = p.parse_args(argv)
    from .app import check_loopback, parse_fault_at
    try:
        check_loopback(args.host)
    except ValueError as e:
        p.error(str(e))
    if args.speed <= 0:
        p.error("--speed must be positive")
    if args.start:
        try:
            args.start_ms = parse_instant(args.start)
        except ValueError:
            p.error(f"--start {args.start!r}: not a time")
    else:
        today = dt.datetime.now(IST).date()
        args.start_ms = int(dt.datetime.combine(today, dt.time(9, 15), IST).timestamp() * 1000)
    try:
        args.api_keys = _api_keys(args)
    except OSError as e:
        p.error(f"--api-key-file: {e}")
    if args.funds < 0:
        p.error("--funds must not be negative")
    try:
        args.mis_squareoff = parse_clock(args.mis_squareoff) if args.mis_squareoff else None
    except ValueError as e:
        p.error(f"--mis-squareoff: {e}")
    try:
        args.fault_at = [parse_fault_at(x, args.start_ms) for x in args.fault_at]
    except ValueError as e:
        p.error(str(e))
    return args
