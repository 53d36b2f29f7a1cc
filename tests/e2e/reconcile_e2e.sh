#!/bin/sh
# sos-exec --live reconciles with the broker at every start (issue 15), against the OpenAlgo
# simulator on 127.0.0.1:
#   1. A clean start: a state file whose fills agree with the position book: no ALERT, POSITION
#      adopted, and the next ORDER is placed and filled.
#   2. A position placed directly at the simulator (its REST placeorder, with the key) before
#      sos-exec starts: ALERT RECONCILE_MISMATCH naming it (symbol, exchange, product, broker
#      qty vs sos qty); an entry is refused with a line and never reaches the simulator (its
#      request log); an exit of a position sos knows still goes.
#   3. sos-exec reconcile --accept-broker records the broker's positions; the next start adopts
#      them (no alert) and trades.
#   4. A CONTROL resume for sos-exec, after a mismatch, accepts in the running executor: entries
#      go again.
#   5. A fresh state file beside the journal's history (hist lines): the history's live fills are
#      what sos knows (adopted); a paper fill is not (a mismatch).
#   6. The dummy key appears in no output, diagnostic or state file.
# Bounded: each run's input ends once its output shows what is awaited, or after 60 s.
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

key=sos-dummy-key-reconcile-8f21b6
sim_start z --broker zerodha --start 2025-08-22T10:00 --speed 1 --session always --history-pace 0 \
    --seed 5 --api-key "$key" || exit 1
rest=$SIM_z_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_z_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON
state="$tmp/account.state"

t0=1755837000  # 2025-08-22T10:00 IST: the ORDERs' time (the stream's)
order() {  # ID SYMBOL SIDE QTY
    printf '{"type":"ORDER","timestamp":%s,"symbol":"%s","id":"%s","signal_id":"%s","tf":"1m","side":"%s","qty":%s,"order_type":"MARKET","product":"MIS","strategy":"E2E","underlying":"%s","signal_side":"%s","src":"sos-risk"}\n' \
        "$t0" "$2" "$1" "$1" "$3" "$4" "$2" "$3"
}
wait_for() {  # FILE TEXT: until FILE holds TEXT, at most 60 s
    _n=0
    while ! grep -qF "$2" "$1" 2>/dev/null && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
# run NAME STEP...: sos-exec --live on the account's state file; each STEP is a file of lines
# to write then a text to wait for in the output ("FILE=>TEXT"). Output $tmp/NAME.out.
run() {
    _name=$1
    shift
    : > "$tmp/$_name.out"
    for _step in "$@"; do
        cat "${_step%%=>*}"
        wait_for "$tmp/$_name.out" "${_step#*=>}"
    done | SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
        --state "$state" --book-every 300 > "$tmp/$_name.out" 2> "$tmp/$_name.err"
}
placeorders() {  # how many placeorder requests the simulator has seen
    curl -sf "$rest/_sim/requests?kind=rest&name=placeorder" | jq '.requests | length'
}
has() {  # NAME JQ-CONDITION: some line of NAME's output satisfies it
    jq -s -e "any(.[]; $2)" "$tmp/$1.out" > /dev/null
}

# 1. A clean start: SBIN bought through sos, then a restart that agrees and trades again.
order C1 SBIN BUY 10 > "$tmp/c1.in"
run first "$tmp/c1.in=>\"status\":\"COMPLETE\""
has first '.type=="FILL" and .qty==10' && pass "first run: SBIN 10 bought and filled" \
    || fail "first run: $(cat "$tmp/first.err") $(jq -c 'select(.type!="ORDER")' "$tmp/first.out")"
order C2 HDFCBANK BUY 5 > "$tmp/c2.in"
run clean "$tmp/c2.in=>\"status\":\"COMPLETE\""
if has clean '.type=="ALERT"'; then
    fail "clean start: an alert: $(jq -c 'select(.type=="ALERT")' "$tmp/clean.out")"
else
    pass "clean start: no alert"
fi
has clean '.type=="POSITION" and .symbol=="SBIN" and .qty==10 and .sos_qty==10 and .reconcile=="adopted" and .product=="MIS"' \
    && pass "clean start: POSITION SBIN 10 adopted from the position book" \
    || fail "clean start: no POSITION SBIN adopted: $(jq -c 'select(.type=="POSITION")' "$tmp/clean.out")"
has clean '.type=="FILL" and .qty==5' && pass "clean start: the next ORDER placed and filled" \
    || fail "clean start: no fill: $(jq -c 'select(.type=="ORDER_UPDATE")' "$tmp/clean.out")"

# 2. A position placed by hand at the broker: a mismatch; entries refused, the exit goes.
curl -sf -X POST -H 'Content-Type: application/json' "$rest/api/v1/placeorder" \
    -d "{\"apikey\":\"$key\",\"strategy\":\"manual\",\"exchange\":\"NSE\",\"symbol\":\"RELIANCE\",\"action\":\"BUY\",\"quantity\":\"5\",\"pricetype\":\"MARKET\",\"product\":\"MIS\"}" \
    > "$tmp/manual.json" || fail "the manual order was not taken"
sleep 1
before=$(placeorders)
{ order E1 INFY BUY 10; order X1 SBIN SELL 10; } > "$tmp/m.in"
run mismatch "$tmp/m.in=>\"status\":\"COMPLETE\""
after=$(placeorders)
has mismatch '.type=="ALERT" and .code=="RECONCILE_MISMATCH" and .level=="crit" and (.message | test("RELIANCE NSE MIS: broker \\+5, sos 0"))' \
    && pass "mismatch: ALERT RECONCILE_MISMATCH names RELIANCE NSE MIS, broker +5, sos 0" \
    || fail "mismatch: no such alert: $(jq -c 'select(.type=="ALERT")' "$tmp/mismatch.out") $(cat "$tmp/mismatch.err")"
has mismatch '.type=="POSITION" and .symbol=="RELIANCE" and .qty==5 and .sos_qty==0 and .reconcile=="mismatch"' \
    && pass "mismatch: POSITION RELIANCE 5 from the position book, marked mismatch" \
    || fail "mismatch: no POSITION RELIANCE: $(jq -c 'select(.type=="POSITION")' "$tmp/mismatch.out")"
has mismatch '.type=="ORDER_UPDATE" and .id=="E1" and .status=="REJECTED" and (.message | startswith("RECONCILE_MISMATCH"))' \
    && pass "mismatch: the entry E1 refused with a line" \
    || fail "mismatch: E1 not refused: $(jq -c 'select(.type=="ORDER_UPDATE")' "$tmp/mismatch.out")"
has mismatch '.type=="FILL" and .order_id=="X1" and .qty==10' \
    && pass "mismatch: the exit X1 of the known SBIN position still goes (filled)" \
    || fail "mismatch: X1 not filled: $(jq -c 'select(.type=="ORDER_UPDATE")' "$tmp/mismatch.out")"
[ "$((after - before))" = 1 ] && pass "mismatch: one placeorder reached the simulator (the exit), none for the entry" \
    || fail "mismatch: $((after - before)) placeorder requests (1 expected: the exit)"

# 3. The operator accepts the broker's truth; the next start adopts it and trades.
SOS_TEST_KEY=$key sos-exec reconcile --accept-broker --brokers "$tmp/brokers.json" --broker zerodha \
    --state "$state" > "$tmp/accept.out" 2> "$tmp/accept.err"
st=$?
[ $st = 0 ] && has accept '.type=="POSITION" and .symbol=="RELIANCE" and .qty==5 and .reconcile=="accepted"' \
    && jq -s -e 'any(.[]; .rec=="accept")' "$state" > /dev/null \
    && pass "reconcile --accept-broker: exit 0, POSITION RELIANCE 5 accepted, recorded in the state file" \
    || fail "reconcile --accept-broker: status $st: $(cat "$tmp/accept.err") $(cat "$tmp/accept.out")"
order E2 INFY BUY 10 > "$tmp/e2.in"
run adopted "$tmp/e2.in=>\"status\":\"COMPLETE\""
if has adopted '.type=="ALERT" and .code=="RECONCILE_MISMATCH"'; then
    fail "after acceptance: still a mismatch: $(jq -c 'select(.type=="ALERT")' "$tmp/adopted.out")"
else
    pass "after acceptance: no mismatch"
fi
has adopted '.type=="POSITION" and .symbol=="RELIANCE" and .qty==5 and .sos_qty==5 and .reconcile=="adopted"' \
    && pass "after acceptance: RELIANCE 5 adopted" || fail "after acceptance: $(jq -c 'select(.type=="POSITION")' "$tmp/adopted.out")"
has adopted '.type=="FILL" and .order_id=="E2" and .qty==10' && pass "after acceptance: the entry E2 placed and filled" \
    || fail "after acceptance: E2: $(jq -c 'select(.type=="ORDER_UPDATE")' "$tmp/adopted.out")"

# 4. Another position by hand; accepted in the running executor with a CONTROL line.
curl -sf -X POST -H 'Content-Type: application/json' "$rest/api/v1/placeorder" \
    -d "{\"apikey\":\"$key\",\"strategy\":\"manual\",\"exchange\":\"NSE\",\"symbol\":\"TCS\",\"action\":\"BUY\",\"quantity\":\"1\",\"pricetype\":\"MARKET\",\"product\":\"MIS\"}" \
    > /dev/null || fail "the second manual order was not taken"
sleep 1
order E3 ICICIBANK BUY 1 > "$tmp/e3.in"
printf '{"type":"CONTROL","timestamp":%s,"command":"resume","target":"sos-exec"}\n' "$t0" > "$tmp/resume.in"
order E4 ICICIBANK BUY 2 > "$tmp/e4.in"
run control "$tmp/e3.in=>RECONCILE_MISMATCH" "$tmp/resume.in=>RECONCILE_ACCEPTED" "$tmp/e4.in=>\"status\":\"COMPLETE\""
has control '.type=="ORDER_UPDATE" and .id=="E3" and .status=="REJECTED"' && pass "control: E3 refused while the mismatch stands" \
    || fail "control: E3: $(jq -c 'select(.type=="ORDER_UPDATE")' "$tmp/control.out")"
has control '.type=="ALERT" and .code=="RECONCILE_ACCEPTED" and .level=="info"' \
    && has control '.type=="POSITION" and .symbol=="TCS" and .reconcile=="accepted"' \
    && pass "control: CONTROL resume for sos-exec accepted the broker's positions (TCS)" \
    || fail "control: not accepted: $(jq -c 'select(.type=="ALERT" or .type=="POSITION")' "$tmp/control.out")"
has control '.type=="FILL" and .order_id=="E4" and .qty==2' && pass "control: E4 placed and filled after acceptance" \
    || fail "control: E4: $(jq -c 'select(.type=="ORDER_UPDATE")' "$tmp/control.out") $(cat "$tmp/control.err")"
printf '{"type":"CANDLE","timestamp":%s,"symbol":"SBIN","exchange":"NSE","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1}\n' "$t0" > "$tmp/noop.in"
run control2 "$tmp/noop.in=>\"reconcile\":\"adopted\""
has control2 '.type=="POSITION" and .symbol=="TCS" and .reconcile=="adopted"' || fail "control: the next start wrote no POSITION TCS adopted"
has control2 '.type=="ALERT" and .code=="RECONCILE_MISMATCH"' \
    && fail "control: the acceptance was not recorded: $(jq -c 'select(.type=="ALERT")' "$tmp/control2.out")" \
    || pass "control: the acceptance is in the state file: the next start agrees"

# 5. A state file started afresh beside the journal's history (hist ORDER and live FILL lines,
#    as sos-journal replay --as-hist gives them): the history is what sos knows; a paper fill is
#    not a position at the broker.
hist_order() {  # ID SYMBOL QTY: a bought position, as the journal replays it
    order "$1" "$2" BUY "$3" | sed 's/}$/,"hist":true}/'
    printf '{"type":"FILL","timestamp":%s,"symbol":"%s","order_id":"%s","side":"BUY","qty":%s,"price":1,"src":"sos-exec","mode":"%s","hist":true}\n' \
        "$t0" "$2" "$1" "$3" "${4:-live}"
}
{ hist_order H1 RELIANCE 5; hist_order H2 HDFCBANK 5; hist_order H3 INFY 10; hist_order H4 TCS 1
  hist_order H5 ICICIBANK 2; cat "$tmp/noop.in"; } > "$tmp/hist.in"
state="$tmp/fresh.state"
run history "$tmp/hist.in=>\"reconcile\""
if has history '.type=="ALERT"'; then
    fail "history: an alert: $(jq -c 'select(.type=="ALERT")' "$tmp/history.out")"
else
    has history '.type=="POSITION" and .symbol=="TCS" and .sos_qty==1 and .reconcile=="adopted"' \
        && pass "history: a fresh state file, the journal's history agrees: adopted, no alert" \
        || fail "history: $(jq -c 'select(.type=="POSITION")' "$tmp/history.out")"
fi
{ hist_order H1 RELIANCE 5; hist_order H2 HDFCBANK 5; hist_order H3 INFY 10; hist_order H4 TCS 1 paper
  hist_order H5 ICICIBANK 2; cat "$tmp/noop.in"; } > "$tmp/hist2.in"
state="$tmp/fresh2.state"
run history2 "$tmp/hist2.in=>RECONCILE_MISMATCH"
has history2 '.type=="ALERT" and .code=="RECONCILE_MISMATCH" and (.message | test("TCS NSE MIS: broker \\+1, sos 0"))' \
    && pass "history: a paper fill in the history is not a position: TCS a mismatch" \
    || fail "history2: $(jq -c 'select(.type=="ALERT" or .type=="POSITION")' "$tmp/history2.out")"
state="$tmp/account.state"

# 6. The dummy key.
if cat "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state | grep -qF "$key"; then
    fail "the dummy key appears in an output, a diagnostic or the state file"
else
    pass "the dummy key appears nowhere ($(cat "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state | wc -l) lines looked at)"
fi

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
