#!/bin/sh
# sos-exec --live's order_update stream against the OpenAlgo simulator on 127.0.0.1 (issue 15):
#   1. The books are read every 30 s only: a MARKET order's fill arrives on the stream, seconds
#      after the placement (long before the next book read), each update doubled by the fault
#      duplicate_update: one FILL at the trade book's price, in the journal once, COMPLETE said by
#      the stream, HEALTH order_stream up.
#   2. An update lost (the fault session_expired while the second half of a partial fill fills):
#      the books settle it once the session is back; the two halves are two FILLs, 10 in all,
#      the second from the trade book.
# The dummy key appears in no output. Bounded: each run's input ends once its output shows what
# is awaited, or after 30 s.
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

key=sos-dummy-key-0rd3rw5
sim_start z --broker zerodha --start 2025-08-22T10:00 --speed 1 --session always --history-pace 0 \
    --seed 3 --api-key "$key" || exit 1
rest=$SIM_z_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_z_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON

t0=1755837000
order() {  # ID SYMBOL SIDE QTY
    printf '{"type":"ORDER","timestamp":%s,"symbol":"%s","id":"%s","signal_id":"%s","tf":"1m","side":"%s","qty":%s,"order_type":"MARKET","product":"MIS","strategy":"E2E","underlying":"%s","signal_side":"%s","src":"sos-risk"}\n' \
        "$t0" "$2" "$1" "$1" "$3" "$4" "$2" "$3"
}
# wait_for FILE TEXT: until FILE holds TEXT, at most 30 s.
wait_for() {
    _n=0
    while ! grep -qF "$2" "$1" 2>/dev/null && [ $_n -lt 150 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
# live NAME BOOK-EVERY-MS TEXT [ACTION]: sos-exec --live | sos-journal on $tmp/NAME.in until its
# output holds TEXT (ACTION run once the output holds its first FILL); the journal in $tmp/NAME.db.
# With FIRST set, the input waits until the output holds it.
live() {
    : > "$tmp/$1.out"
    [ -f "$tmp/chain.state" ] && cp "$tmp/chain.state" "$tmp/$1.state"
    { [ -n "${FIRST:-}" ] && wait_for "$tmp/$1.out" "$FIRST"; cat "$tmp/$1.in"; [ -n "${4:-}" ] && wait_for "$tmp/$1.out" '"type":"FILL"' && $4; wait_for "$tmp/$1.out" "$3"; } |
        SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
            --state "$tmp/$1.state" --book-every "$2" --health-every 1 2> "$tmp/$1.err" |
        sos-journal --db "$tmp/$1.db" --health-every 0 > "$tmp/$1.out" 2> "$tmp/$1.jerr"
    cp "$tmp/$1.state" "$tmp/chain.state"
}
journal_fills() {  # NAME: the FILL lines the journal holds, as "qty@price" words
    sos-journal replay --db "$tmp/$1.db" 2>/dev/null | jq -r 'select(.type=="FILL") | "\(.qty)@\(.price)"' | tr '\n' ' '
}

# 1. The fill on the stream, doubled, long before the books are read again. The ORDER goes in
# once HEALTH says the stream is up: the server replays nothing to a late subscriber (§2.3), and
# the start's reconciliation, woken by each answer, may be done before the subscription is.
sim_fault z '{"fault":"duplicate_update","count":4}'
order S1 SBIN BUY 10 > "$tmp/stream.in"
start=$(date +%s)
FIRST='"order_stream":"up"'
live stream 30000 '"status":"COMPLETE"'
FIRST=
took=$(($(date +%s) - start))
f=$(journal_fills stream)
bo=$(jq -r 'select(.type=="ORDER_UPDATE" and .status=="OPEN") | .broker_order_id' "$tmp/stream.out" | head -1)
book_px=$(curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/tradebook" |
    jq -r --arg o "$bo" '.data[] | select(.orderid==$o) | .average_price' | head -1)
[ "$f" = "10@$book_px " ] && pass "stream: one FILL in the journal, 10 at the trade book's price ($book_px)" \
    || fail "stream: journal fills '$f', trade book $book_px: $(cat "$tmp/stream.err")"
[ "$took" -lt 25 ] && grep -q '"status":"COMPLETE".*the order_update stream says COMPLETE' "$tmp/stream.out" \
    && pass "stream: COMPLETE from the stream in ${took} s (the books every 30 s)" \
    || fail "stream: $took s; $(jq -c 'select(.type=="ORDER_UPDATE") | .message' "$tmp/stream.out")"
[ "$(jq -s '[.[] | select(.type=="ORDER_UPDATE" and .status=="COMPLETE")] | length' "$tmp/stream.out")" = 1 ] \
    && pass "stream: the doubled updates wrote one COMPLETE" || fail "stream: COMPLETE lines doubled"
jq -s -e 'any(.[]; .type=="HEALTH" and .tool=="sos-exec" and .order_stream=="up")' "$tmp/stream.out" > /dev/null \
    && pass "stream: HEALTH says order_stream up" || fail "stream: no HEALTH with order_stream up"

# 2. The second half's update lost while the broker session is expired: the books settle it.
# The second half fills 3 s after the first; the session expires once the first FILL is out,
# for 4 s: the second half's update is lost, the books fail meanwhile, then settle it.
sim_fault z '{"fault":"partial_fill","symbols":["INFY"],"parts":2,"interval_s":3,"count":1}'
expire() { sim_fault z '{"fault":"session_expired","seconds":4}'; }
order L1 INFY BUY 10 > "$tmp/lost.in"
live lost 500 '"status":"COMPLETE"' expire
f=$(journal_fills lost)
qty=$(sos-journal replay --db "$tmp/lost.db" 2>/dev/null | jq -s '[.[] | select(.type=="FILL") | .qty] | add // 0')
[ "$qty" = 10 ] && [ "$(echo "$f" | wc -w)" = 2 ] && pass "lost: two FILLs, 10 in all ($f)" \
    || fail "lost: journal fills '$f': $(cat "$tmp/lost.err")"
grep -q '"status":"COMPLETE".*the order book says COMPLETE' "$tmp/lost.out" \
    && pass "lost: COMPLETE settled by the books after the update was lost" \
    || fail "lost: $(jq -c 'select(.type=="ORDER_UPDATE" or .type=="ALERT") | .message' "$tmp/lost.out")"

if grep -rqF "$key" "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state 2>/dev/null; then
    fail "the dummy key appears in an output, diagnostic or state file"
else
    pass "the dummy key appears nowhere"
fi
[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "all passed"
