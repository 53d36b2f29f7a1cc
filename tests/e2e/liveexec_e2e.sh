#!/bin/sh
# sos-exec --live against the OpenAlgo simulator on 127.0.0.1 (issue 15's placement path), one
# scenario per symbol on one simulator, each with its own state file:
#   1. SBIN: a MARKET order acknowledged (OPEN, not a fill), then FILLED, its FILL (the stream's
#      or the trade book's, once) at the trade book's price; the intent is in the state file, the key is not.
#   2. RELIANCE: the placement's answer withheld: UNKNOWN, settled from the order book, FILL,
#      and the simulator's request log shows it placed exactly once.
#   3. HDFCBANK: a partial fill; at the entry's expiry (a candle past it) the rest is cancelled
#      with cancelorder, the filled part kept (CANCELLED with filled_qty).
#   4. ICICIBANK: acknowledged, then rejected by RMS: REJECTED and an ALERT, no FILL.
#   5. INFY: a 429 on placeorder: sent again after retry_after, placed once, filled.
#   6. The dummy key appears in no output, diagnostic or state file, error paths included.
# One state file for the account, carried from run to run: every start reconciles with the
# position book (reconcile_e2e.sh tests that), and agrees.
# Every line sos-exec writes carries mode live. Bounded: each run's input ends once its output
# shows what is awaited, or after 60 s.
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

key=sos-dummy-key-5e1c7a93d2
sim_start z --broker zerodha --start 2025-08-22T10:00 --speed 1 --session always --history-pace 0 \
    --seed 3 --api-key "$key" || exit 1
rest=$SIM_z_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_z_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON

t0=1755837000  # 2025-08-22T10:00 IST: the ORDERs' time (the stream's, not the simulator's)
order() {  # ID SYMBOL SIDE QTY
    printf '{"type":"ORDER","timestamp":%s,"symbol":"%s","id":"%s","signal_id":"%s","tf":"1m","side":"%s","qty":%s,"order_type":"MARKET","product":"MIS","strategy":"E2E","underlying":"%s","signal_side":"%s","src":"sos-risk"}\n' \
        "$t0" "$2" "$1" "$1" "$3" "$4" "$2" "$3"
}
candle() {  # SYMBOL SECONDS-AFTER-t0
    printf '{"type":"CANDLE","timestamp":%s,"symbol":"%s","exchange":"NSE","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1}\n' \
        "$((t0 + $2))" "$1"
}
# wait_for FILE TEXT: until FILE holds TEXT, at most 60 s (a loaded machine is slow; a
# passing run waits only as long as the broker takes).
wait_for() {
    _n=0
    while ! grep -qF "$2" "$1" 2>/dev/null && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
# live NAME TEXT [LATER-LINES-FILE LATER-TEXT]: sos-exec --live on $tmp/NAME.in, input held open
# until its output holds TEXT (or for TEXT seconds, a number), then LATER-LINES-FILE until LATER-TEXT; output $tmp/NAME.out,
# diagnostics $tmp/NAME.err.
# Every run starts from the state file the run before left (one account, one state file, as
# in use): each start reconciles with the simulator's position book, and a fresh state file
# beside the positions earlier scenarios left would be a mismatch that refuses entries.
live() {
    : > "$tmp/$1.out"
    [ -f "$tmp/$1.state" ] || { [ -f "$tmp/chain.state" ] && cp "$tmp/chain.state" "$tmp/$1.state"; }
    { cat "$tmp/$1.in"; case $2 in [0-9]*) sleep "$2" ;; *) wait_for "$tmp/$1.out" "$2" ;; esac; [ -n "${3:-}" ] && cat "$3" && wait_for "$tmp/$1.out" "$4"; } |
        SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
            --state "$tmp/$1.state" --book-every 300 > "$tmp/$1.out" 2> "$tmp/$1.err"
    echo $? > "$tmp/$1.status"
    cp "$tmp/$1.state" "$tmp/chain.state"
}
client_id() {  # NAME: the client id of its last intent (the run's own: the ones before are copied)
    jq -r 'select(.rec=="intent") | .client_id' "$tmp/$1.state" | tail -1
}
updates() {  # NAME: ORDER_UPDATE statuses in order, one line
    jq -r 'select(.type=="ORDER_UPDATE") | .status' "$tmp/$1.out" | tr '\n' ' '
}
fills() {  # NAME: total FILL quantity
    jq -s '[.[] | select(.type=="FILL") | .qty] | add // 0' "$tmp/$1.out"
}
all_live() {  # NAME: every line sos-exec derived carries mode live
    jq -e -s '[.[] | select(.src=="sos-exec") | .mode == "live"] | all' "$tmp/$1.out" > /dev/null
}

# 1. A MARKET order placed and filled.
order M1 SBIN BUY 10 > "$tmp/market.in"
live market '"status":"COMPLETE"'
cid=$(client_id market)
st=$(updates market)
case "$st" in
*"PENDING PENDING OPEN COMPLETE"*) pass "market: ORDER_UPDATE PENDING (intent), PENDING (sent), OPEN (ack), COMPLETE" ;;
*) fail "market: updates $st: $(cat "$tmp/market.err")" ;;
esac
[ "$(fills market)" = 10 ] && pass "market: FILL 10, once (the order_update stream or the trade book, whichever came first)" || fail "market: fills $(fills market)"
bo=$(jq -r 'select(.type=="ORDER_UPDATE" and .status=="OPEN") | .broker_order_id' "$tmp/market.out" | head -1)
fill_px=$(jq -r 'select(.type=="FILL") | .price' "$tmp/market.out" | head -1)
book_px=$(curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/tradebook" |
    jq -r --arg o "$bo" '.data[] | select(.orderid==$o) | .average_price' | head -1)
[ -n "$bo" ] && [ "$fill_px" = "$book_px" ] && pass "market: the FILL's price is the trade book's ($book_px, order $bo)" \
    || fail "market: FILL price $fill_px, trade book $book_px (order $bo)"
[ "$(sim_placed z "$cid")" = 1 ] && pass "market: placed once" || fail "market: placed $(sim_placed z "$cid")"
all_live market && pass "market: every line carries mode live" || fail "market: a line without mode live"
jq -s -e 'any(.[]; .rec=="intent") and (.[0].rec=="intent")' "$tmp/market.state" > /dev/null && pass "market: the intent is in the state file" \
    || fail "market: no intent in the state file"

# 2. The answer withheld after placement: UNKNOWN, settled, placed once.
sim_fault z '{"fault":"withhold","endpoints":["placeorder"],"count":1}'
order W1 RELIANCE BUY 5 > "$tmp/withheld.in"
live withheld '"status":"COMPLETE"'
cid=$(client_id withheld)
st=$(updates withheld)
case "$st" in
*"UNKNOWN"*"COMPLETE"*) pass "withheld: UNKNOWN, then COMPLETE from the books ($st)" ;;
*) fail "withheld: updates $st: $(cat "$tmp/withheld.err")" ;;
esac
[ "$(fills withheld)" = 5 ] && pass "withheld: FILL 5" || fail "withheld: fills $(fills withheld)"
n=$(sim_placed z "$cid")
reqs=$(curl -sf "$rest/_sim/placements?by=strategy" | jq -r --arg v "$cid" '.placements[$v].requests // 0')
[ "$n" = 1 ] && [ "$reqs" = 1 ] && pass "withheld: placed exactly once, one request (request log)" \
    || fail "withheld: $n orders from $reqs requests"
# ... and while the order book refuses (the session expired), ALERT BOOKS_FAILED, still settled after.
sim_fault z '{"fault":"withhold","endpoints":["placeorder"],"count":1}'
sim_fault z '{"fault":"http_error","endpoints":["orderbook"],"status":500,"count":2}'
order W2 RELIANCE SELL 5 > "$tmp/withheld2.in"
live withheld2 '"status":"COMPLETE"'
jq -s -e 'any(.[]; .type=="ALERT" and .code=="BOOKS_FAILED")' "$tmp/withheld2.out" > /dev/null \
    && [ "$(fills withheld2)" = 5 ] && [ "$(sim_placed z "$(client_id withheld2)")" = 1 ] \
    && pass "withheld, books failing: ALERT BOOKS_FAILED, then settled, FILL 5, placed once" \
    || fail "withheld, books failing: $(updates withheld2), fills $(fills withheld2), placed $(sim_placed z "$(client_id withheld2)")"

# 3. A partial fill, the rest cancelled at the entry's expiry (3 candles of 1m).
sim_fault z '{"fault":"partial_fill","symbols":["HDFCBANK"],"parts":2,"fill_parts":1,"count":1}'
order P1 HDFCBANK BUY 10 > "$tmp/partial.in"
candle HDFCBANK 240 > "$tmp/partial.later"
live partial '"filled_qty":5' "$tmp/partial.later" '"status":"CANCELLED"'
st=$(updates partial)
case "$st" in
*OPEN*CANCELLED*) pass "partial: OPEN (partly filled), then CANCELLED at expiry ($st)" ;;
*) fail "partial: updates $st: $(cat "$tmp/partial.err")" ;;
esac
[ "$(fills partial)" = 5 ] && pass "partial: FILL 5 of 10" || fail "partial: fills $(fills partial)"
jq -s -e 'any(.[]; .type=="ORDER_UPDATE" and .status=="CANCELLED" and .filled_qty==5)' "$tmp/partial.out" > /dev/null \
    && pass "partial: CANCELLED with filled_qty 5" || fail "partial: no CANCELLED with filled_qty 5"
grep -q '"name": *"cancelorder"\|cancelorder' "$tmp/partial.out" && pass "partial: cancelorder said" \
    || fail "partial: no cancelorder"

# 4. Rejected by RMS after acknowledgement.
sim_fault z '{"fault":"rms_reject","symbols":["ICICIBANK"],"count":1,"reason":"RMS:Margin Exceeds"}'
order R1 ICICIBANK BUY 10 > "$tmp/rms.in"
live rms '"code":"ORDER_REJECTED"'
st=$(updates rms)
case "$st" in
*OPEN*REJECTED*) pass "rms: OPEN, then REJECTED ($st)" ;;
*) fail "rms: updates $st: $(cat "$tmp/rms.err")" ;;
esac
[ "$(fills rms)" = 0 ] && pass "rms: no FILL" || fail "rms: fills $(fills rms)"
jq -s -e 'any(.[]; .type=="ALERT" and .code=="ORDER_REJECTED")' "$tmp/rms.out" > /dev/null \
    && pass "rms: ALERT ORDER_REJECTED" || fail "rms: no ALERT ORDER_REJECTED"

# 5. A 429 on placeorder: sent again after retry_after, placed once, filled.
sim_fault z '{"fault":"rate_limit","endpoints":["placeorder"],"count":1,"retry_after":1}'
order L1 INFY BUY 10 > "$tmp/limited.in"
live limited '"status":"COMPLETE"'
cid=$(client_id limited)
st=$(updates limited)
case "$st" in
*"PENDING PENDING PENDING PENDING OPEN COMPLETE"*) pass "429: intent, sent, 429 (back to intent), sent, OPEN, COMPLETE" ;;
*) fail "429: updates $st: $(cat "$tmp/limited.err")" ;;
esac
grep -q 'rate limited (HTTP 429), sent again after 1000 ms' "$tmp/limited.out" \
    && pass "429: waited retry_after (1 s)" || fail "429: no retry_after said"
[ "$(fills limited)" = 10 ] && pass "429: FILL 10" || fail "429: fills $(fills limited)"
reqs=$(curl -sf "$rest/_sim/placements?by=strategy" | jq -r --arg v "$cid" '.placements[$v].requests // 0')
[ "$(sim_placed z "$cid")" = 1 ] && [ "$reqs" = 2 ] && pass "429: two requests, placed once" \
    || fail "429: placed $(sim_placed z "$cid") from $reqs requests"

# A restart with the same ORDER and the account's state file places nothing again.
cp "$tmp/market.in" "$tmp/restart.in"
live restart 2
[ "$(sim_placed z "$(client_id market)")" = 1 ] && ! grep -q ORDER_UPDATE "$tmp/restart.out" \
    && pass "restart: the same ORDER is not placed again" \
    || fail "restart: placed $(sim_placed z "$(client_id market)"): $(updates restart)"

# 6. Error paths with the dummy key: a refused key (403), no key variable, an unreachable broker.
# The fault is injected once the start's reconciliation has read the books (auth_fail takes the
# next REST request, whatever its endpoint): the placement meets it.
order K1 TCS BUY 1 > "$tmp/authfail.later"
candle TCS 0 > "$tmp/authfail.in"
cp "$tmp/chain.state" "$tmp/authfail.state"
: > "$tmp/authfail.out"
{ cat "$tmp/authfail.in"; wait_for "$tmp/authfail.out" '"reconcile":"adopted"'
  sim_fault z '{"fault":"auth_fail","target":"rest","count":1}'
  cat "$tmp/authfail.later"; wait_for "$tmp/authfail.out" '"status":"REJECTED"'; } |
    SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
        --state "$tmp/authfail.state" --book-every 300 > "$tmp/authfail.out" 2> "$tmp/authfail.err"
grep -q REJECTED "$tmp/authfail.out" && pass "a refused key: REJECTED" || fail "a refused key: $(updates authfail)"
order K2 TCS BUY 1 | sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha --state "$tmp/nokey.state" \
    > "$tmp/nokey.out" 2> "$tmp/nokey.err"
[ $? = 78 ] && grep -q SOS_TEST_KEY "$tmp/nokey.err" && [ ! -e "$tmp/nokey.state" ] \
    && pass "no key: exit 78 naming the variable, no state file" || fail "no key: $(cat "$tmp/nokey.err")"
sed "s|$rest|http://127.0.0.1:9|" "$tmp/brokers.json" > "$tmp/down.json"
order K3 TCS BUY 1 > "$tmp/down.in"
{ cat "$tmp/down.in"; wait_for "$tmp/down.out" 'BOOKS_FAILED'; } | SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/down.json" --broker zerodha \
    --state "$tmp/down.state" > "$tmp/down.out" 2> "$tmp/down.err"
grep -q 'BOOKS_FAILED' "$tmp/down.out" && grep -q '"status":"PENDING".*held' "$tmp/down.out" \
    && ! jq -s -e 'any(.[]; .rec=="intent")' "$tmp/down.state" > /dev/null \
    && pass "a broker not listening: ALERT BOOKS_FAILED, the ORDER held before reconciliation, nothing sent" \
    || fail "a broker down: $(updates down) $(cat "$tmp/down.out")"
SOS_TEST_KEY=$key sos-exec --help > "$tmp/help.out" 2>&1
if cat "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state | grep -qF "$key"; then
    fail "the dummy key appears in an output, a diagnostic or a state file"
else
    pass "the dummy key appears nowhere ($(cat "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state | wc -l) lines looked at)"
fi

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
