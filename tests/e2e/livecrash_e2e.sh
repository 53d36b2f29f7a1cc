#!/bin/sh
# sos-exec --live killed with SIGKILL mid-order, against the OpenAlgo simulator on 127.0.0.1
# (issue 15's Tests: "kill sos-exec with SIGKILL between intent and acknowledgement, and between
# acknowledgement and fill, then restart: 0 duplicate orders in the simulator's request log, 0
# lost fills"), on a quiet market the script moves (POST /_sim/trade), one account, one state file:
#   1. SBIN, MARKET: the placement reaches the simulator, which places it and holds the answer
#      (fault slow, phase after); sos-exec is killed while the request is in flight (its state
#      file says SENT, no acknowledgement). The restart with the same --state takes it as UNKNOWN
#      and settles it from the books (COMPLETE from the order book, its FILL from the trade book):
#      one placeorder request, one order, one FILL of 10 at the trade book's price.
#   2. INFY, LIMIT 990 below the market: acknowledged (OPEN, resting); sos-exec is killed; the
#      market trades through the limit while nothing runs and the simulator fills it. The restart
#      recovers the fill from the trade book once (FILL 10 at 990, COMPLETE), places nothing.
#   3. A third start with the same state file writes no FILL again and sends nothing: the
#      simulator's request log holds exactly one placeorder per ORDER, and the position book
#      agrees with the fills sos wrote (no RECONCILE_MISMATCH).
#   The dummy key appears in no output, diagnostic or state file.
# (liveexits_e2e.sh 8 kills sos-exec after a fill, with its exchange stop working; livekill_e2e.sh
# and liveexec_e2e.sh 2 withhold an answer without a kill.) Bounded: every wait ends after 60 s.
# shellcheck disable=SC2154 # SIM_* are set by sim_start
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; sim_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

key=sos-dummy-key-crash-4a7e90c1
: > "$tmp/quiet.csv"
sim_start c --start 2025-08-22T09:15 --market "$tmp/quiet.csv" --prehistory-days 0 --history-pace 0 \
    --symbols NSE:SBIN@1000,NSE:INFY@1000 --api-key "$key" || exit 1
rest=$SIM_c_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_c_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON
state=$tmp/account.state

t0=1755834300  # 2025-08-22T09:15 IST, the simulator's start
order() {  # ID SYMBOL SIDE QTY TYPE EXTRA-FIELDS
    printf '{"type":"ORDER","timestamp":%s,"symbol":"%s","id":"%s","signal_id":"%s","tf":"1m","side":"%s","qty":%s,"order_type":"%s","product":"MIS","strategy":"C%s","underlying":"%s"%s,"src":"sos-risk"}\n' \
        "$t0" "$2" "$1" "$1" "$3" "$4" "$5" "$1" "$2" "$6"
}
trade() {  # SYMBOL LTP: a trade at the simulator, the market moves there
    curl -sf -X POST -H 'Content-Type: application/json' \
        -d "{\"symbol\":\"$1\",\"exchange\":\"NSE\",\"ltp\":$2,\"qty\":1}" "$rest/_sim/trade" > /dev/null
}
wait_jq() {  # FILE JQ-FILTER: until some line of FILE satisfies it, at most 60 s
    _n=0
    while ! jq -e -s "any(.[]; $2)" "$1" > /dev/null 2>&1 && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
placeorders() {  # CLIENT-ID: placeorder requests the simulator received with it
    curl -sf "$rest/_sim/requests?kind=rest&name=placeorder" | jq --arg c "$1" '[.requests[] | select(.body.strategy==$c)] | length'
}
cid() { jq -r --arg o "$1" 'select(.rec=="intent" and .order_id==$o) | .client_id' "$state" | head -1; }
last_state() { jq -r --arg c "$1" 'select(.client_id==$c) | .state // empty' "$state" | tail -1; }
has() { jq -e -s "any(.[]; $2)" "$1" > /dev/null; }
tradebook() {  # CLIENT-ID's broker order id ORDER-ID: its trade book rows "qty@price"
    curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/tradebook" |
        jq -r --arg o "$1" '[.data[] | select(.orderid==$o) | "\(.quantity)@\(.average_price)"] | join(" ")'
}
fills() {  # FILE ORDER-ID: its FILL lines "qty@price"
    jq -r --arg o "$2" 'select(.type=="FILL" and .order_id==$o) | "\(.qty)@\(.price)"' "$1" | tr '\n' ' ' | sed 's/ $//'
}
# start NAME: sos-exec --live on the account's state file, in the background, its input the fifo
# $tmp/NAME.in held open on descriptor 3 (a candle written first); output $tmp/NAME.out.
start() {
    : > "$tmp/$1.out"
    rm -f "$tmp/$1.in"
    mkfifo "$tmp/$1.in"
    SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha --state "$state" \
        --book-every 200 --order-timeout 60000 < "$tmp/$1.in" > "$tmp/$1.out" 2> "$tmp/$1.err" &
    pid=$!
    exec 3> "$tmp/$1.in"
    # the first line of the stream starts the reconciliation with the books
    printf '{"type":"CANDLE","timestamp":%s,"symbol":"SBIN","exchange":"NSE","tf":"1m","o":1000,"h":1000,"l":1000,"c":1000,"v":1}\n' "$t0" >&3
}
crash() {  # SIGKILL, nothing flushed or closed by sos-exec
    kill -9 "$pid"
    wait "$pid" 2> /dev/null
    pid=""
    exec 3>&-
}
finish() {  # the input ends; sos-exec drains and exits
    exec 3>&-
    wait "$pid"
    echo $? > "$tmp/$1.status"
    pid=""
}

# 1. Killed between intent and acknowledgement: the request is at the simulator, its answer held.
start one
sim_fault c '{"fault":"slow","target":"rest","endpoints":["placeorder"],"phase":"after","delay_ms":30000,"count":1}'
order A SBIN BUY 10 MARKET '' >&3
a=""
_n=0
while [ $_n -lt 300 ]; do
    a=$(cid A 2> /dev/null)
    [ -n "$a" ] && [ "$(placeorders "$a")" = 1 ] && break
    sleep 0.2
    _n=$((_n + 1))
done
[ -n "$a" ] && [ "$(last_state "$a")" = SENT ] && ! has "$tmp/one.out" '.status=="OPEN" or .type=="FILL"' \
    && pass "SBIN: the request at the simulator, no answer yet: the state file says SENT, no OPEN, no FILL" \
    || fail "SBIN before the kill: client id '$a', state '$(last_state "$a")', $(placeorders "$a") requests: $(cat "$tmp/one.err")"
crash
start two
wait_jq "$tmp/two.out" '.id=="A" and .status=="COMPLETE"'
has "$tmp/two.out" '.id=="A" and .status=="COMPLETE" and (.message | test("settled from the order book"))' \
    && pass "SBIN after the restart: settled from the books (its placement unanswered), COMPLETE" \
    || fail "SBIN after the restart: $(jq -c 'select(.id=="A" or .order_id=="A")' "$tmp/two.out") $(cat "$tmp/two.err")"
bo=$(jq -r 'select(.id=="A" and .broker_order_id != null and .broker_order_id != "") | .broker_order_id' "$tmp/two.out" | head -1)
book=$(tradebook "$bo")
[ -n "$book" ] && [ "$(fills "$tmp/two.out" A)" = "$book" ] \
    && pass "SBIN: one FILL, the trade book's ($book, order $bo)" \
    || fail "SBIN: FILLs '$(fills "$tmp/two.out" A)', trade book '$book' (order $bo)"
[ "$(placeorders "$a")" = 1 ] && [ "$(sim_placed c "$a")" = 1 ] \
    && pass "SBIN: one placeorder request in the simulator's log, one order" \
    || fail "SBIN: $(placeorders "$a") requests, $(sim_placed c "$a") orders"

# 2. Killed between acknowledgement and fill: a LIMIT resting at the broker.
order B INFY BUY 10 LIMIT ',"price":990' >&3
wait_jq "$tmp/two.out" '.id=="B" and .status=="OPEN"'
b=$(cid B)
has "$tmp/two.out" '.id=="B" and .status=="OPEN"' && ! has "$tmp/two.out" '.type=="FILL" and .order_id=="B"' \
    && pass "INFY: acknowledged (OPEN), not filled" || fail "INFY: $(jq -c 'select(.id=="B")' "$tmp/two.out")"
crash
cp "$tmp/two.out" "$tmp/two.dead"
trade INFY 985
_n=0
while [ "$(curl -sf "$rest/_sim/orders" | jq -r --arg c "$b" '.orders[] | select(.strategy==$c) | .order_status')" != complete ] && [ $_n -lt 100 ]; do
    sleep 0.2
    _n=$((_n + 1))
done
start three
wait_jq "$tmp/three.out" '.id=="B" and .status=="COMPLETE"'
bo=$(jq -r 'select(.id=="B" and .broker_order_id != null and .broker_order_id != "") | .broker_order_id' "$tmp/two.dead" | head -1)
book=$(tradebook "$bo")
[ -n "$book" ] && [ "$(fills "$tmp/three.out" B)" = "$book" ] && has "$tmp/three.out" '.id=="B" and .status=="COMPLETE"' \
    && pass "INFY: the fill made while sos-exec was dead recovered once at restart (FILL $book as the trade book, COMPLETE)" \
    || fail "INFY after the restart: FILLs '$(fills "$tmp/three.out" B)', trade book '$book': $(jq -c 'select(.id=="B" or .order_id=="B")' "$tmp/three.out") $(cat "$tmp/three.err")"
[ "$(placeorders "$b")" = 1 ] && [ "$(sim_placed c "$b")" = 1 ] \
    && pass "INFY: one placeorder request, one order" || fail "INFY: $(placeorders "$b") requests, $(sim_placed c "$b") orders"
finish three

# 3. A third start: nothing written again, nothing sent, the position book agrees.
before=$(curl -sf "$rest/_sim/requests?kind=rest&name=placeorder" | jq '.requests | length')
start four
wait_jq "$tmp/four.out" '.symbol=="INFY" and .reconcile'
sleep 1
finish four
after=$(curl -sf "$rest/_sim/requests?kind=rest&name=placeorder" | jq '.requests | length')
! has "$tmp/four.out" '.type=="FILL" or .type=="ORDER_UPDATE" or (.type=="ALERT" and .code=="RECONCILE_MISMATCH")' \
    && [ "$before" = "$after" ] && [ "$after" = 2 ] \
    && has "$tmp/four.out" '.type=="POSITION" and .symbol=="SBIN" and .qty==10 and .sos_qty==10' \
    && has "$tmp/four.out" '.type=="POSITION" and .symbol=="INFY" and .qty==10 and .sos_qty==10' \
    && pass "a third start: no FILL again, nothing sent (2 placeorder requests in all), SBIN 10 and INFY 10 adopted" \
    || fail "a third start: $before then $after requests: $(jq -c 'select(.type!="HEALTH")' "$tmp/four.out")"

if cat "$tmp"/*.out "$tmp"/*.err "$state" | grep -qF "$key"; then
    fail "the dummy key appears in an output, a diagnostic or the state file"
else
    pass "the dummy key appears nowhere"
fi
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
