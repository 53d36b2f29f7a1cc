#!/bin/sh
# sos-exec --live's kill switch against the OpenAlgo simulator on 127.0.0.1 (issue 15, Exits
# live), on a scripted market (every price 1000, the clock paused: every fill exact):
#   - SBIN long 10 and RELIANCE short 5 fill; each gets its exchange stop (SL-M) from the fill;
#   - INFY: a LIMIT entry far below the market rests at the broker;
#   - WIPRO: half filled, the rest working, its stop for the half;
#   - ITC: a LIMIT entry whose answer is withheld: UNKNOWN at the kill;
#   - TCS: an entry meets a 429 and waits in the order queue;
#   then CONTROL kill: TCS is withdrawn (never placed, WITHDRAWN in the state file), INFY is
#   cancelled (cancelorder), so is the rest of WIPRO's, and SBIN, RELIANCE and WIPRO's half are closed through their exchange stops modified
#   to MARKET (EXIT reason KILL), ITC is cancelled once the order book has settled it, and the kill is in progress until the position book confirms
#   (ALERT KILL_IN_PROGRESS, then KILL_DONE); the simulator's book agrees: flat, nothing working.
#   A restart with the same state file does not send TCS. The dummy key appears nowhere.
# Bounded: the input ends once the output shows what is awaited, or after 60 s.
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

key=sos-dummy-key-3b9d1f60aa
: > "$tmp/quiet.csv"
sim_start k --start 2025-08-22T09:15 --paused --market "$tmp/quiet.csv" --prehistory-days 0 --history-pace 0 \
    --symbols NSE:SBIN@1000,NSE:RELIANCE@1000,NSE:INFY@1000,NSE:TCS@1000,NSE:WIPRO@1000,NSE:ITC@1000 --api-key "$key" || exit 1
rest=$SIM_k_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_k_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON

t0=1755834300  # 2025-08-22T09:15 IST, the simulator's clock
order() {  # ID SYMBOL SIDE QTY TYPE EXTRA-FIELDS
    printf '{"type":"ORDER","timestamp":%s,"symbol":"%s","id":"%s","signal_id":"%s","tf":"1m","side":"%s","qty":%s,"order_type":"%s","product":"MIS","strategy":"K%s","underlying":"%s"%s,"src":"sos-risk"}\n' \
        "$t0" "$2" "$1" "$1" "$3" "$4" "$5" "$1" "$2" "$6"
}
wait_for() {  # FILE TEXT: until FILE holds TEXT, at most 60 s
    _n=0
    while ! grep -qF "$2" "$1" 2>/dev/null && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
wait_jq() {  # FILE JQ-FILTER: until some line of FILE satisfies it, at most 60 s
    _n=0
    while ! jq -e -s "any(.[]; $2)" "$1" > /dev/null 2>&1 && [ $_n -lt 300 ]; do
        sleep 0.2
        _n=$((_n + 1))
    done
}
cid() { jq -r --arg o "$1" 'select(.rec=="intent" and .order_id==$o and (.role // "ENTRY")=="ENTRY") | .client_id' "$tmp/kill.state" | head -1; }
sim_orders() { curl -sf "$rest/_sim/orders"; }
position_qty() {  # SYMBOL: the simulator's position book quantity
    curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/positionbook" |
        jq -r --arg s "$1" '[.data[] | select(.symbol==$s) | .quantity | tonumber] | add // 0'
}

order A SBIN BUY 10 MARKET ',"sl":950,"tp":1100' > "$tmp/part1"
order B RELIANCE SELL 5 MARKET ',"sl":1050,"tp":900' >> "$tmp/part1"
order C INFY BUY 10 LIMIT ',"price":900,"sl":850' >> "$tmp/part1"
order E WIPRO BUY 10 MARKET ',"sl":950' >> "$tmp/part1"
order F ITC BUY 10 LIMIT ',"price":900' > "$tmp/unknown"
order D TCS BUY 10 MARKET ',"sl":950' > "$tmp/part2"
printf '{"type":"CONTROL","timestamp":%s,"command":"kill","target":"sos-exec"}\n' "$((t0 + 60))" > "$tmp/kill.ctl"

out=$tmp/kill.out
: > "$out"
{
    sim_fault k '{"fault":"partial_fill","symbols":["WIPRO"],"parts":2,"fill_parts":1,"count":1}' > /dev/null
    cat "$tmp/part1"
    wait_jq "$out" '.id=="E/stop" and .status=="TRIGGER_PENDING"'
    wait_jq "$out" '.id=="A/stop" and .status=="TRIGGER_PENDING"'
    wait_jq "$out" '.id=="B/stop" and .status=="TRIGGER_PENDING"'
    # an entry whose answer never comes: UNKNOWN until the order book settles it
    sim_fault k '{"fault":"withhold","endpoints":["placeorder"],"count":1}' > /dev/null
    # and the order book silent for a while, so the kill comes before it is settled
    sim_fault k '{"fault":"http_error","endpoints":["orderbook"],"status":500,"seconds":5}' > /dev/null
    cat "$tmp/unknown"
    wait_jq "$out" '.id=="F" and .status=="UNKNOWN"'
    # the stops acknowledged; now a 429 holds the next placement in the queue
    sim_fault k '{"fault":"rate_limit","endpoints":["placeorder"],"count":1,"retry_after":8}' > /dev/null
    cat "$tmp/part2"
    wait_for "$out" 'rate limited (HTTP 429)'
    cat "$tmp/kill.ctl"
    wait_for "$out" '"code":"KILL_DONE"'
    sleep 1.5  # a HEALTH line after the kill is done
} | SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
    --state "$tmp/kill.state" --book-every 200 --health-every 1 > "$out" 2> "$tmp/kill.err"
echo "sos-exec: $?" >> "$tmp/kill.err"

# The stops came from the fills, at the exchange, before the kill.
jq -s -e '[.[] | select(.type=="ORDER_UPDATE" and .id=="A/stop" and .status=="TRIGGER_PENDING")] | length >= 1' "$out" > /dev/null \
    && pass "SBIN's fill put its stop at the exchange (SL-M, TRIGGER_PENDING)" || fail "no exchange stop for SBIN: $(cat "$tmp/kill.err")"
jq -s -e 'any(.[]; .rec=="intent" and .role=="STOP" and .request.pricetype=="SL-M" and .request.trigger_price==950)' "$tmp/kill.state" > /dev/null \
    && pass "the stop's intent is in the state file (SL-M, trigger 950)" || fail "no stop intent in the state file"

# TCS: withdrawn, never placed, recorded.
d=$(cid D)
jq -s -e 'any(.[]; .type=="ORDER_UPDATE" and .id=="D" and .status=="CANCELLED" and (.message | startswith("WITHDRAWN (KILL)")))' "$out" > /dev/null \
    && pass "TCS: withdrawn from the queue (CANCELLED, WITHDRAWN (KILL))" || fail "TCS: $(jq -c 'select(.id=="D")' "$out")"
[ "$(sim_placed k "$d")" = 0 ] && pass "TCS: never placed at the broker" || fail "TCS: placed $(sim_placed k "$d")"
jq -s -e --arg c "$d" 'any(.[]; .rec=="state" and .client_id==$c and .state=="WITHDRAWN" and .reason=="KILL")' "$tmp/kill.state" > /dev/null \
    && pass "TCS: WITHDRAWN (KILL) in the state file" || fail "TCS: not withdrawn in the state file"

# INFY: the working entry cancelled at the broker.
st=$(sim_orders | jq -r --arg c "$(cid C)" '.orders[] | select(.strategy==$c) | .order_status')
[ "$st" = cancelled ] && pass "INFY: the working entry cancelled (cancelorder)" || fail "INFY: the broker says '$st'"

# ITC: unanswered at the kill, cancelled once the book showed it working; placed once.
st=$(sim_orders | jq -r --arg c "$(cid F)" '.orders[] | select(.strategy==$c) | .order_status')
[ "$st" = cancelled ] && [ "$(sim_placed k "$(cid F)")" = 1 ] \
    && jq -s -e '(map(.id=="F" and .status=="UNKNOWN") | index(true)) as $u
                 | (map(.type=="ALERT" and .code=="KILL_IN_PROGRESS") | index(true)) as $k
                 | (map(.id=="F" and .status=="OPEN") | index(true)) as $o
                 | $u < $k and $k < $o and any(.[]; .id=="F" and .status=="CANCELLED")' "$out" > /dev/null \
    && pass "ITC: UNKNOWN at the kill, settled from the book, then cancelled; placed once" \
    || fail "ITC: the broker says '$st', placed $(sim_placed k "$(cid F)"): $(jq -c 'select(.id=="F")' "$out")"

# SBIN and RELIANCE closed by their stops used as the exit, KILL, once each.
for s in A:SBIN:10 B:RELIANCE:5; do
    id=${s%%:*}; rest_=${s#*:}; sym=${rest_%%:*}; qty=${rest_#*:}
    jq -s -e --arg i "$id" --argjson q "$qty" 'any(.[]; .type=="EXIT" and .order_id==$i and .reason=="KILL" and .qty==$q)' "$out" > /dev/null \
        && pass "$sym: EXIT KILL of $qty" || fail "$sym: no EXIT KILL: $(jq -c 'select(.type=="EXIT")' "$out")"
    grep -q "\"id\":\"$id/stop\".*modified by the broker: $qty MARKET" "$out" \
        && pass "$sym: its exchange stop modified to MARKET is the exit" || fail "$sym: the stop was not used"
    [ "$(position_qty "$sym")" = 0 ] && pass "$sym: the position book is flat" || fail "$sym: position book $(position_qty "$sym")"
    n=$(sim_orders | jq --arg s "$sym" '[.orders[] | select(.symbol==$s and .action!=(if $s=="SBIN" then "BUY" else "SELL" end) and .order_status=="complete")] | length')
    [ "$n" = 1 ] && pass "$sym: one closing order at the broker" || fail "$sym: $n closing orders"
done
# WIPRO: the working rest cancelled, the filled half closed through its stop.
jq -s -e 'any(.[]; .type=="EXIT" and .order_id=="E" and .reason=="KILL" and .qty==5)' "$out" > /dev/null \
    && pass "WIPRO: EXIT KILL of the 5 filled" || fail "WIPRO: $(jq -c 'select(.order_id=="E" or .id=="E" or .id=="E/stop")' "$out")"
st=$(sim_orders | jq -r --arg c "$(cid E)" '.orders[] | select(.strategy==$c) | "\(.order_status) \(.filled_quantity)"')
[ "$st" = "cancelled 5" ] && [ "$(position_qty WIPRO)" = 0 ] \
    && pass "WIPRO: the entry's rest cancelled (5 of 10 filled), the position book flat" \
    || fail "WIPRO: the entry is '$st', position $(position_qty WIPRO)"
working=$(sim_orders | jq '[.orders[] | select(.order_status=="open" or .order_status=="trigger pending")] | length')
[ "$working" = 0 ] && pass "nothing works at the broker after the kill" || fail "$working orders still working"

# In progress until the position book confirmed it.
jq -r 'select(.type=="ALERT") | .code' "$out" | tr '\n' ' ' > "$tmp/codes"
case "$(cat "$tmp/codes")" in
*KILL_IN_PROGRESS*KILL_DONE*) pass "ALERT KILL_IN_PROGRESS, then KILL_DONE once the position book agreed" ;;
*) fail "kill alerts: $(cat "$tmp/codes")" ;;
esac

jq -r 'select(.type=="HEALTH" and .tool=="sos-exec") | .kill // "none"' "$out" | uniq | tr '\n' ' ' > "$tmp/health"
case "$(cat "$tmp/health")" in
*in_progress*done*) pass "HEALTH's kill: in_progress, then done ($(cat "$tmp/health"))" ;;
*) fail "HEALTH's kill: $(cat "$tmp/health")" ;;
esac

# A restart with the same state file and TCS's ORDER again: nothing sent for it.
: > "$tmp/again.out"
{ cat "$tmp/part2"; sleep 2; } | SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
    --state "$tmp/kill.state" --book-every 200 > "$tmp/again.out" 2> "$tmp/again.err"
[ "$(sim_placed k "$d")" = 0 ] && ! grep -q '"status":"OPEN"' "$tmp/again.out" \
    && pass "restart: the withdrawn TCS entry is not sent" || fail "restart: TCS placed $(sim_placed k "$d")"

# The dummy key is nowhere sos wrote.
if grep -rl "$key" "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state > /dev/null 2>&1; then
    fail "the key appears in $(grep -rl "$key" "$tmp"/*.out "$tmp"/*.err "$tmp"/*.state | tr '\n' ' ')"
else
    pass "the dummy key appears in no output, diagnostic or state file"
fi

[ "$fails" = 0 ] || { echo "stderr:"; cat "$tmp/kill.err"; }
exit "$fails"
