#!/bin/sh
# Usage: after-close.sh BROKERS NAME [JOURNAL]
# After the close, once the day's pipeline has stopped: is the executing account NAME flat at
# the broker, with no order still working? Reads the instance's position book and order book
# (through openalgo-call.sh, keys as the brokers file names them) and lists what is left, one
# line each; with JOURNAL, also prints sos-journal status's verdict (STOPPED once the pipeline
# has ended) and the positions sos itself still counts open.
#
# Why a check and not a square-off: sos-exec --live does not yet close positions at the exchange
# (docs/live.md, "Not live yet"). Intraday (MIS) positions are squared off by the broker's own
# RMS after 15:15-15:20; what this finds open afterwards is yours to close, at the broker.
# Orders never go around sos-exec, whose state file keeps every intent.
#
# Exit status: 0 flat and nothing working; 1 something is open (named on standard error); the
# broker's failures as openalgo-call.sh gives them (69 no answer, 77 key refused, 78 a wrong
# brokers file or missing key).
set -u
here=$(dirname "$0")
brokers=${1:?usage: after-close.sh BROKERS NAME [JOURNAL]}
name=${2:?usage: after-close.sh BROKERS NAME [JOURNAL]}
db=${3:-}
if [ -n "$db" ]; then
    sos-journal status --db "$db" --json \
        | jq -r '"journal: \(.verdict.activity) \(.verdict.reason // "")  \(.verdict.evidence // "")",
                 (.positions[]? | "journal: open in sos: \(.symbol) \(.qty // .quantity // "")")' \
        || echo "journal: sos-journal status could not read $db" >&2
fi
positions=$(sh "$here/openalgo-call.sh" "$brokers" "$name" positionbook) || exit $?
orders=$(sh "$here/openalgo-call.sh" "$brokers" "$name" orderbook) || exit $?
open=$(printf '%s' "$positions" \
    | jq -r '.data[]? | select((.quantity | tonumber) != 0) | "position \(.symbol) \(.exchange) \(.product): quantity \(.quantity), P&L \(.pnl)"')
working=$(printf '%s' "$orders" \
    | jq -r '.data.orders[]? | select(.order_status == "open" or .order_status == "trigger pending")
             | "order \(.orderid) \(.action) \(.quantity) \(.symbol) \(.exchange) \(.pricetype): \(.order_status)"')
if [ -z "$open$working" ]; then
    echo "ok: $name is flat, no order working"
    exit 0
fi
{
    echo "$name is NOT flat after the close: close these at the broker"
    [ -z "$open" ] || printf '%s\n' "$open"
    [ -z "$working" ] || printf '%s\n' "$working"
} >&2
exit 1
