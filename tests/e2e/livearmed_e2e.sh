#!/bin/sh
# sos-exec --live: an option's stop entry triggered on its index, against the OpenAlgo simulator
# on 127.0.0.1 (issue 15), on a quiet market the script moves (POST /_sim/trade), the clock
# paused:
#   1. A SELL signal on NIFTY bought as its ATM put (stop entry at 24450 on the index) is ARMED:
#      nothing reaches the simulator while NIFTY's candles stay above it. NIFTY trades through:
#      exactly one optionsorder reaches the simulator (its request log), ATM at that moment (the
#      strike OpenAlgo resolves from NIFTY's price then, not the signal's), its fill comes from
#      the trade book and is in the journal, and the state file records the option placed.
#   2. A second one armed, then sos-exec killed (SIGKILL) while it waits: the next start re-arms
#      it from the state file; NIFTY trades through; exactly one order for it, and a third start
#      with the same candle again sends nothing more.
#   3. A third one's optionsorder placed but its answer withheld: UNKNOWN, then settled from the
#      order book (a row of the signal's series, at the strike placed), never resent.
# Bounded: every wait ends after 60 s.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
trap 'sim_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

key=sos-dummy-key-5e07a9c1d3
: > "$tmp/quiet.csv"
sim_start a --start 2025-08-22T09:15 --paused --market "$tmp/quiet.csv" --prehistory-days 0 --history-pace 0 \
    --symbols NSE_INDEX:NIFTY@24500 --api-key "$key" || exit 1
rest=$SIM_a_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_a_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON

t0=1755834300  # 2025-08-22T09:15 IST, the simulator's clock; NIFTY's weekly expiry is Tue 26 Aug
put() {  # ID AT TRIGGER: a SELL signal on NIFTY, bought as the 24500 put, a stop entry on the index
    printf '{"type":"ORDER","timestamp":%s,"symbol":"NIFTY26AUG2524500PE","id":"%s","signal_id":"%s","tf":"1m","side":"BUY","qty":65,"order_type":"SL-M","trigger_price":%s,"product":"MIS","sl":%s,"strategy":"ORB","underlying":"NIFTY","signal_side":"SELL","src":"sos-risk"}\n' \
        "$2" "$1" "$1" "$3" "$(($3 + 100))"
}
candle() {  # OPEN-EPOCH O H L C: a NIFTY candle
    printf '{"type":"CANDLE","timestamp":%s,"symbol":"NIFTY","exchange":"NSE_INDEX","tf":"1m","o":%s,"h":%s,"l":%s,"c":%s,"v":0}\n' \
        "$1" "$2" "$3" "$4" "$5"
}
trade() {  # LTP: NIFTY trades there at the simulator
    curl -sf -X POST -H 'Content-Type: application/json' \
        -d "{\"symbol\":\"NIFTY\",\"exchange\":\"NSE_INDEX\",\"ltp\":$1}" "$rest/_sim/trade" > /dev/null
}
out=$tmp/armed.out
wait_jq() {  # JQ-FILTER: until some line of the output satisfies it, at most 60 s
    _n=0
    while ! jq -e -s "any(.[]; $1)" "$out" > /dev/null 2>&1 && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
has() { jq -e -s "any(.[]; $1)" "$out" > /dev/null; }
cid() { jq -r --arg o "$1" 'select(.rec=="intent" and .order_id==$o) | .client_id' "$tmp/armed.state" | head -1; }
options_requests() { curl -sf "$rest/_sim/state" | jq '.requests.rest.optionsorder // 0'; }
exec_live() {  # STDERR-FILE: sos-exec --live on the state file, the output into $out
    SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
        --state "$tmp/armed.state" --book-every 200 > "$out" 2> "$1"
}

# 1. Armed; candles above the trigger; then NIFTY through it.
: > "$out"
{
    put A "$t0" 24450
    wait_jq '.type=="ORDER_UPDATE" and .id=="A" and .status=="TRIGGER_PENDING" and (.message | startswith("ARMED"))'
    candle "$t0" 24500 24520 24470 24480
    sleep 0.6
    echo "$(options_requests)" > "$tmp/before"
    trade 24440
    candle $((t0 + 60)) 24480 24490 24440 24445
    wait_jq '.type=="FILL" and .order_id=="A"'
} | exec_live "$tmp/a.err"
cp "$out" "$tmp/a.out"
[ "$(cat "$tmp/before")" = 0 ] && pass "armed: nothing sent while NIFTY stays above the trigger" \
    || fail "armed: $(cat "$tmp/before") optionsorder request(s) before the trigger"
a=$(cid A)
[ "$(sim_placed a "$a")" = 1 ] && [ "$(options_requests)" = 1 ] \
    && pass "triggered: exactly one optionsorder reached the simulator, one order" \
    || fail "triggered: $(sim_placed a "$a") order(s), $(options_requests) optionsorder request(s)"
sym=$(curl -sf "$rest/_sim/orders?strategy=$a" | jq -r '.orders[0].symbol')
[ "$sym" = NIFTY26AUG2524450PE ] && has '.type=="ORDER_UPDATE" and .id=="A" and (.message | contains("optionsorder placed NIFTY26AUG2524450PE"))' \
    && pass "the put at the money when NIFTY went through (24450), not the signal's 24500" \
    || fail "placed '$sym': $(jq -c 'select(.id=="A")' "$out")"
has '.type=="ORDER_UPDATE" and .id=="A" and (.message | startswith("TRIGGERED: NIFTY traded at or below 24450.00 (low 24440.00)"))' \
    && pass "ORDER_UPDATE: ARMED, then TRIGGERED" || fail "no TRIGGERED update"
grep -q "\"client_id\":\"$a\",\"state\":\"OPEN\",.*\"symbol\":\"NIFTY26AUG2524450PE\"" "$tmp/armed.state" \
    && pass "the state file records the option placed" || fail "state file: $(grep "$a" "$tmp/armed.state")"
sos-journal --db "$tmp/j.db" --health-every 0 < "$out" > /dev/null 2> "$tmp/j.err"
f=$(sos-journal replay --db "$tmp/j.db" --types FILL | jq -c 'select(.order_id=="A") | [.symbol, .qty]')
[ "$f" = '["NIFTY26AUG2524450PE",65]' ] && pass "its fill, from the trade book, is in the journal" \
    || fail "journal FILL: '$f' $(cat "$tmp/j.err")"

# 2. Armed, SIGKILL, restart: re-armed, one order.
: > "$out"
mkfifo "$tmp/in2"
SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
    --state "$tmp/armed.state" --book-every 200 < "$tmp/in2" > "$out" 2> "$tmp/dead.err" &
pid=$!
exec 3> "$tmp/in2"
put B $((t0 + 120)) 24400 >&3
wait_jq '.type=="ORDER_UPDATE" and .id=="B" and (.message | startswith("ARMED"))'
kill -9 "$pid"
wait "$pid" 2> /dev/null
exec 3>&-
b=$(cid B)
[ -n "$b" ] && [ "$(sim_placed a "$b")" = 0 ] && pass "SIGKILL while armed: nothing sent" || fail "before restart: B '$b'"
: > "$out"
{
    candle $((t0 + 60)) 24480 24490 24440 24445  # before B's time: never B's; the start's first line
    wait_jq '.type=="ORDER_UPDATE" and .id=="B" and (.message | contains("re-armed from the state file"))'
    trade 24390
    candle $((t0 + 120)) 24440 24445 24390 24395
    wait_jq '.type=="FILL" and .order_id=="B"'
} | exec_live "$tmp/b.err"
has '.type=="ORDER_UPDATE" and .id=="B" and .status=="TRIGGER_PENDING" and (.message | contains("re-armed from the state file"))' \
    && pass "restart: re-armed from the state file" || fail "restart: $(jq -c 'select(.id=="B")' "$out") $(cat "$tmp/b.err")"
: > "$out"
{ candle $((t0 + 120)) 24440 24445 24390 24395; sleep 1.5; } | exec_live "$tmp/c.err"
[ "$(sim_placed a "$b")" = 1 ] && [ "$(options_requests)" = 2 ] \
    && pass "restart: exactly one order for it, and none after a third start on the same candle" \
    || fail "B: $(sim_placed a "$b") order(s), $(options_requests) optionsorder request(s)"
[ "$(grep -c "\"rec\":\"intent\",\"client_id\":\"$b\"" "$tmp/armed.state")" = 1 ] \
    && pass "one intent for it in the state file" || fail "intents: $(grep -c "$b" "$tmp/armed.state")"
# 3. The optionsorder placed but its answer withheld: UNKNOWN, settled from the order book at the
#    strike placed (24400: NIFTY is at 24390 now), never resent.
: > "$out"
{
    sim_fault a '{"fault":"withhold","endpoints":["optionsorder"],"count":1}'
    put C $((t0 + 180)) 24400
    wait_jq '.type=="ORDER_UPDATE" and .id=="C" and (.message | startswith("ARMED"))'
    candle $((t0 + 180)) 24395 24399 24380 24390
    wait_jq '.type=="FILL" and .order_id=="C"'
} | SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
    --state "$tmp/armed.state" --book-every 200 --order-timeout 1000 > "$out" 2> "$tmp/w.err"
c=$(cid C)
has '.type=="ORDER_UPDATE" and .id=="C" and .status=="UNKNOWN"' \
    && has '.type=="FILL" and .order_id=="C" and .symbol=="NIFTY26AUG2524400PE"' \
    && [ "$(sim_placed a "$c")" = 1 ] && [ "$(options_requests)" = 3 ] \
    && grep -q "\"client_id\":\"$c\",.*\"symbol\":\"NIFTY26AUG2524400PE\"" "$tmp/armed.state" \
    && pass "answer withheld: UNKNOWN, settled from the book at the strike placed, placed once" \
    || fail "withheld: $(jq -c 'select(.id=="C" or .order_id=="C")' "$out") placed $(sim_placed a "$c")"
! grep -rq "$key" "$tmp"/*.out "$tmp"/*.err "$tmp/armed.state" && pass "the dummy key appears nowhere" \
    || fail "the key leaked"

echo "$fails failure(s)"
[ "$fails" = 0 ]
