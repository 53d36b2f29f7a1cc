#!/bin/sh
# sos-exec --live sends options structures as optionsmultiorder, against the OpenAlgo simulator
# on 127.0.0.1 (issue 15), NIFTY at 24800 on a paused market (every fill exact):
#   1. A: an iron condor (SELL legs written among BUY legs) goes out as one optionsmultiorder,
#      BUY legs first, each leg's expiry_date /expiry's nearest (26AUG25), only documented
#      fields; each leg OPEN, then FILL from the trade book; the journal's fills are the
#      simulator's trade book, leg by leg.
#   2. B: a bull put spread whose SELL leg the broker refuses after its BUY leg filled: ALERT
#      STRUCTURE_UNWOUND, the BUY leg closed at MARKET (EXIT KILL), the position book flat.
#   3. D: a strangle whose optionsmultiorder's answer is withheld (the legs placed, the
#      connection closed): both legs UNKNOWN, settled from the order book, filled, never resent
#      (one request, two orders in the simulator's request log).
#   4. CONTROL kill: every leg of A and D closed (short legs bought back before long ones are sold),
#      KILL_DONE once the position book is flat.
#   5. C, run with --leg-failed alert: the same failure leaves the BUY leg held, ALERT
#      STRUCTURE_LEG_FAILED (crit), nothing closed; the square-off (the 15:14 candle) then
#      closes it (EXIT EOD), confirmed by the position book.
#   6. --dry-run writes the optionsmultiorder it would send, key masked.
#   The dummy key appears in no output, diagnostic or state file.
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

key=sos-dummy-key-5c2e8a17d4
: > "$tmp/quiet.csv"
sim_start k --start 2025-08-22T09:15 --paused --market "$tmp/quiet.csv" --prehistory-days 0 --history-pace 0 \
    --symbols NSE_INDEX:NIFTY@24800 --api-key "$key" || exit 1
rest=$SIM_k_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_k_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON

t0=1755834300  # 2025-08-22T09:15 IST, the simulator's clock
leg() {  # SIDE RIGHT OFFSET STRIKE
    printf '{"symbol":"NIFTY26AUG25%s%s","action":"%s","option_type":"%s","offset":"%s","expiry_offset":0,"qty":65}' \
        "$4" "$2" "$1" "$2" "$3"
}
structure() {  # ID LEGS
    printf '{"type":"ORDER","timestamp":%s,"symbol":"NIFTY","id":"%s","signal_id":"%s","tf":"1m","order_type":"MARKET","product":"MIS","strategy":"%s","underlying":"NIFTY","legs":[%s],"src":"sos-risk"}\n' \
        "$t0" "$1" "$1" "$1" "$2"
}
wait_jq() {  # FILE JQ-FILTER: until some line of FILE satisfies it, at most 60 s
    _n=0
    while ! jq -e -s "any(.[]; $2)" "$1" > /dev/null 2>&1 && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
fills_of() { jq -s --arg o "$2" '[.[] | select(.type=="FILL" and .order_id==$o)] | length' "$1"; }
position_qty() {  # SYMBOL: the simulator's position book quantity
    curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/positionbook" |
        jq -r --arg s "$1" '[.data[] | select(.symbol==$s) | .quantity | tonumber] | add // 0'
}
multi_bodies() { curl -sf "$rest/_sim/requests?name=optionsmultiorder" | jq -c '.requests[].body'; }

structure A "$(leg SELL PE OTM1 24750),$(leg BUY PE OTM2 24700),$(leg SELL CE OTM1 24850),$(leg BUY CE OTM2 24900)" > "$tmp/a.in"
structure B "$(leg BUY PE OTM2 24700),$(leg SELL PE OTM1 24750)" > "$tmp/b.in"
structure D "$(leg SELL PE OTM1 24750),$(leg SELL CE OTM1 24850)" > "$tmp/d.in"
printf '{"type":"CONTROL","timestamp":%s,"command":"kill","target":"sos-exec"}\n' "$((t0 + 60))" > "$tmp/kill.ctl"

out=$tmp/run.out
: > "$out"
{
    cat "$tmp/a.in"
    wait_jq "$out" '.type=="FILL" and .order_id=="A" and .symbol=="NIFTY26AUG2524850CE"'
    wait_jq "$out" '.type=="FILL" and .order_id=="A" and .symbol=="NIFTY26AUG2524750PE"'
    sim_fault k '{"fault":"order_reject","action":"SELL","endpoints":["optionsmultiorder"],"count":1,"message":"Insufficient margin for the short leg"}'
    cat "$tmp/b.in"
    wait_jq "$out" '.type=="EXIT" and .order_id=="B"'
    sim_fault k '{"fault":"withhold","endpoints":["optionsmultiorder"],"count":1}'
    cat "$tmp/d.in"
    wait_jq "$out" '.type=="FILL" and .order_id=="D" and .symbol=="NIFTY26AUG2524750PE"'
    wait_jq "$out" '.type=="FILL" and .order_id=="D" and .symbol=="NIFTY26AUG2524850CE"'
    cat "$tmp/kill.ctl"
    wait_jq "$out" '.type=="ALERT" and .code=="KILL_DONE"'
} | SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
    --state "$tmp/run.state" --book-every 200 2> "$tmp/run.err" | tee "$out" |
    sos-journal --db "$tmp/j.db" --health-every 0 > /dev/null 2> "$tmp/journal.err"

# 1. A: one request, BUY legs first, /expiry's date, documented fields only; filled leg by leg.
body=$(multi_bodies | head -1)
echo "$body" | jq -e '[.legs[].action] == ["BUY","BUY","SELL","SELL"]
        and ([.legs[].expiry_date] | unique) == ["26AUG25"]
        and (keys == ["apikey","exchange","legs","strategy","underlying"])
        and ([.legs[] | keys] | unique) == [["action","expiry_date","offset","option_type","pricetype","product","quantity"]]' > /dev/null \
    && pass "A: one optionsmultiorder, BUY legs first, expiry 26AUG25 from /expiry, documented fields only" \
    || fail "A: the request: $body"
entry_fills=$(jq -s '(map(.type=="ALERT" and .code=="KILL_IN_PROGRESS") | index(true)) as $k
    | [.[:$k][] | select(.type=="FILL" and .order_id=="A")] | length' "$out")
[ "$entry_fills" = 4 ] && pass "A: a FILL for each of the 4 legs (trade book)" \
    || fail "A: $entry_fills fills: $(cat "$tmp/run.err")"
jq -s -e '[.[] | select(.type=="ORDER_UPDATE" and .id=="A" and .status=="OPEN")] | length == 4' "$out" > /dev/null \
    && pass "A: each leg acknowledged on its own (4 ORDER_UPDATE OPEN)" || fail "A: $(jq -c 'select(.id=="A")' "$out")"
book=$(curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/tradebook")
for bo in $(jq -r 'select(.type=="ORDER_UPDATE" and .id=="A" and .status=="OPEN") | .broker_order_id' "$out"); do
    want=$(echo "$book" | jq -r --arg o "$bo" '.data[] | select(.orderid==$o) | "\(.symbol) \(.action) \(.quantity) \(.average_price * 100 | round)"')
    sym=${want%% *}; side=${want#* }; side=${side%% *}
    got=$(sqlite3 "$tmp/j.db" "SELECT symbol, side, qty, price_paise FROM fills WHERE order_id='A' AND symbol='$sym' AND side='$side'" | tr '|' ' ')
    [ -n "$want" ] && [ "$got" = "$want" ] && pass "A: the journal's fill is the trade book's ($want)" \
        || fail "A: journal '$got', trade book '$want' (order $bo)"
done

# 2. B: the SELL leg refused after the BUY leg filled: unwound.
jq -s -e 'any(.[]; .type=="ALERT" and .code=="STRUCTURE_UNWOUND" and (.message | contains("SELL NIFTY26AUG2524750PE")))' "$out" > /dev/null \
    && pass "B: ALERT STRUCTURE_UNWOUND names the failed SELL leg" || fail "B: alerts $(jq -c 'select(.type=="ALERT")' "$out")"
# The leg is a part of B, whose BUY leg filled: its REJECTED carries its part id, never B's, which
# sos-risk would read as the end of the whole ORDER (event/order_parts.hpp).
jq -s -e 'any(.[]; .type=="ORDER_UPDATE" and (.id | startswith("B/part-")) and .status=="REJECTED" and (.message | contains("Insufficient margin")))
          and all(.[]; .type!="ORDER_UPDATE" or .id!="B" or .status!="REJECTED")' "$out" > /dev/null \
    && pass "B: the SELL leg's own result: REJECTED with the broker's message, under its part id" || fail "B: $(jq -c 'select(.type=="ORDER_UPDATE" and .status=="REJECTED")' "$out")"
jq -s -e 'any(.[]; .type=="EXIT" and .order_id=="B" and .reason=="KILL" and .qty==65)' "$out" > /dev/null \
    && pass "B: the filled BUY leg closed at MARKET (EXIT KILL 65)" || fail "B: $(jq -c 'select(.order_id=="B" or .id=="B" or .id=="B/exit")' "$out")"

# 3. D: unanswered, settled from the books, placed once.
d=$(jq -r 'select(.rec=="intent" and .order_id=="D") | .request.strategy' "$tmp/run.state" | head -1)
jq -s -e '[.[] | select(.type=="ORDER_UPDATE" and .id=="D" and .status=="UNKNOWN")] | length == 2' "$out" > /dev/null \
    && [ "$(jq -s '(map(.type=="ALERT" and .code=="KILL_IN_PROGRESS") | index(true)) as $k
                   | [.[:$k][] | select(.type=="FILL" and .order_id=="D")] | length' "$out")" = 2 ] \
    && pass "D: the answer withheld: both legs UNKNOWN, then settled from the books and filled" \
    || fail "D: $(jq -c 'select(.id=="D" or .order_id=="D")' "$out")"
reqs=$(curl -sf "$rest/_sim/placements?by=strategy" | jq -r --arg v "$d" '"\(.placements[$v].requests // 0) \(.placements[$v].orders // 0)"')
[ "$reqs" = "1 2" ] && pass "D: one request, its two legs placed once each (request log)" || fail "D: requests and orders: $reqs ($d)"

# 4. The kill closed every leg of A and D, short legs first; the position book is flat.
jq -s -e 'any(.[]; .type=="EXIT" and .order_id=="A" and .reason=="KILL" and .qty==260)
          and any(.[]; .type=="EXIT" and .order_id=="D" and .reason=="KILL" and .qty==130)' "$out" > /dev/null \
    && pass "kill: A's 4 legs and D's 2 closed (EXIT KILL 260, 130)" || fail "kill: $(jq -c 'select(.type=="EXIT")' "$out")"
order=$(jq -r 'select(.type=="ORDER_UPDATE" and .id=="A/exit" and (.message | startswith("INTENT"))) | .symbol' "$out" | tr '\n' ' ')
shorts=$(jq -r 'select(.type=="ORDER_UPDATE" and .id=="A/exit" and (.message | startswith("INTENT"))) | .symbol' "$out" | head -2 | sort | tr '\n' ' ')
[ "$shorts" = "NIFTY26AUG2524750PE NIFTY26AUG2524850CE " ] \
    && pass "kill: the short legs' exits went first ($order)" || fail "kill: exits in the order $order"
flat=1
for s in NIFTY26AUG2524700PE NIFTY26AUG2524750PE NIFTY26AUG2524850CE NIFTY26AUG2524900CE; do
    [ "$(position_qty "$s")" = 0 ] || flat=0
done
[ $flat = 1 ] && jq -s -e 'any(.[]; .type=="ALERT" and .code=="KILL_DONE")' "$out" > /dev/null \
    && pass "kill: KILL_DONE, the position book flat on every leg" || fail "kill: not flat or not done"

# 5. C with --leg-failed alert: left as it stands, alerted.
sim_fault k '{"fault":"order_reject","action":"SELL","endpoints":["optionsmultiorder"],"count":1}'
structure C "$(leg BUY PE OTM2 24700),$(leg SELL PE OTM1 24750)" > "$tmp/c.in"
: > "$tmp/c.out"
sq=1755855840  # 2025-08-22 15:14 IST: the 1-minute candle closing at the square-off (15:15)
{
    cat "$tmp/c.in"
    wait_jq "$tmp/c.out" '.type=="ALERT" and .code=="STRUCTURE_LEG_FAILED"'
    sleep 0.5
    position_qty NIFTY26AUG2524700PE > "$tmp/c.held"
    printf '{"type":"CANDLE","timestamp":%s,"symbol":"NIFTY","exchange":"NSE_INDEX","tf":"1m","o":24800,"h":24800,"l":24800,"c":24800,"v":0}\n' "$sq"
    wait_jq "$tmp/c.out" '.type=="ALERT" and .code=="SQUARE_OFF_DONE"'
} |
    SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha --leg-failed alert \
        --state "$tmp/run.state" --book-every 200 > "$tmp/c.out" 2> "$tmp/c.err"
jq -s -e '(map(.type=="ALERT" and .code=="STRUCTURE_LEG_FAILED" and .level=="crit") | index(true)) as $a
          | (map(.type=="ALERT" and .code=="SQUARE_OFF_IN_PROGRESS") | index(true)) as $q
          | $a != null and $q != null and $a < $q and ([.[:$q][] | select(.id=="C/exit")] | length) == 0' "$tmp/c.out" > /dev/null \
    && [ "$(cat "$tmp/c.held")" = 65 ] \
    && pass "C: ALERT STRUCTURE_LEG_FAILED (crit), the BUY leg left held (65), nothing closed" \
    || fail "C: held $(cat "$tmp/c.held"): $(jq -c 'select(.type=="ALERT" or .type=="EXIT")' "$tmp/c.out") $(cat "$tmp/c.err")"
jq -s -e 'any(.[]; .type=="EXIT" and .order_id=="C" and .reason=="EOD" and .qty==65)
          and any(.[]; .type=="ALERT" and .code=="SQUARE_OFF_DONE")' "$tmp/c.out" > /dev/null \
    && [ "$(position_qty NIFTY26AUG2524700PE)" = 0 ] \
    && pass "C: the square-off closed the held leg (EXIT EOD 65), SQUARE_OFF_DONE, the position book flat" \
    || fail "C: square-off: $(jq -c 'select(.type=="ALERT" or .type=="EXIT")' "$tmp/c.out")"

# 6. The dry run's line.
sos-exec --dry-run --brokers "$tmp/brokers.json" --broker zerodha < "$tmp/a.in" > "$tmp/dry.out" 2> "$tmp/dry.err"
jq -s -e 'map(select(.type=="REQUEST")) | length == 1 and .[0].endpoint == "optionsmultiorder" and .[0].body.apikey == "***"
          and ([.[0].body.legs[].action] == ["BUY","BUY","SELL","SELL"]) and .[0].mode == "dry-run"' "$tmp/dry.out" > /dev/null \
    && pass "dry run: the optionsmultiorder it would send, key masked" || fail "dry run: $(cat "$tmp/dry.out" "$tmp/dry.err")"

if grep -rl "$key" "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state > /dev/null 2>&1; then
    fail "the key appears in $(grep -rl "$key" "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state | tr '\n' ' ')"
else
    pass "the dummy key appears in no output, diagnostic or state file"
fi

[ "$fails" = 0 ] || { echo "stderr:"; cat "$tmp/run.err"; }
exit "$fails"
