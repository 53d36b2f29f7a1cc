#!/bin/sh
# The shell helpers e2e scripts use: three instances at once in TOMIC's layout (on free ports),
# each answering as its broker; a fault through sim_fault; all stopped by sim_stop_all.
# Then the round-trip baseline script prints its two figures.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
SIM_BIN=$here/openalgo-sim
. "$here/sim-env.sh"
trap sim_stop_all EXIT
fail() { echo "sim_env_test: $*" >&2; exit 1; }

common="--prehistory-days 0 --symbols NSE_INDEX:NIFTY --start 2025-08-22T09:15:00"
# shellcheck disable=SC2086
sim_start kotak --broker kotak $common
# shellcheck disable=SC2086
sim_start dhan --broker dhan $common
# shellcheck disable=SC2086
sim_start zerodha --broker zerodha $common
for b in kotak dhan zerodha; do
    eval "rest=\$SIM_${b}_REST"
    got=$(curl -sf -X POST -H 'Content-Type: application/json' \
        -d '{"apikey":"openalgo-sim-key"}' "$rest/api/v1/ping" | jq -r .data.broker)
    [ "$got" = "$b" ] || fail "$b answered as '$got'"
done
[ "$SIM_kotak_REST" != "$SIM_dhan_REST" ] || fail "two instances on one port"
sim_fault zerodha '{"fault":"rate_limit","count":1}'
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"apikey":"openalgo-sim-key"}' "$SIM_zerodha_REST/api/v1/intervals")
[ "$code" = 429 ] || fail "the fault did not take: $code"
# An order whose answer never comes is still counted as placed, once.
sim_fault kotak '{"fault":"withhold","endpoints":["placeorder"],"count":1}'
order='{"apikey":"openalgo-sim-key","strategy":"e2e-1","exchange":"NFO","symbol":"NIFTY26AUG2524800CE","action":"BUY","quantity":65}'
if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "$order" "$SIM_kotak_REST/api/v1/placeorder"; then
    fail "the answer was not withheld"
fi
[ "$(sim_placed kotak e2e-1)" = 1 ] || fail "sim_placed: $(sim_placed kotak e2e-1), not 1"
[ "$(sim_placed kotak nosuch)" = 0 ] || fail "sim_placed counted a strategy never used"
pid=$SIM_dhan_PID
sim_stop dhan
! kill -0 "$pid" 2>/dev/null || fail "sim_stop left $pid running"

out=$("$here/openalgo-sim-rtt" --count 20)
[ "$(echo "$out" | jq -r .figure | tr '\n' ' ')" = "sim_rest_rtt sim_order_rtt sim_ws_rtt " ] || fail "rtt printed: $out"
echo "$out" | jq -e 'select(.p50_us > 0 and .n == 20)' >/dev/null || fail "rtt figures: $out"
echo "sim_env_test: ok"
