#!/bin/sh
# The whole live pipeline against the OpenAlgo simulator on 127.0.0.1 (issue 15's first Test):
#   sos-feed live | sos-regime | sos-match | sos-risk | sos-exec --live | sos-journal
# trades a simulated session (a synthetic market at 60 market seconds a second: a minute bar
# each second; a strategy that enters over every up candle's high with its stop under the low,
# so entries, exchange stops and exits come within seconds; sos-risk learns of fills through
# --feedback, so each symbol trades again once flat). Then the market is paused, the books
# settle, the feed is stopped, and the journal must agree with the simulator:
#   - every fill of the trade book is a FILL in the journal and the other way round: symbol,
#     side, quantity and price in paise (a multiset: two equal fills count twice);
#   - the position book's net quantity of each symbol is the journal's fills' sum;
#   - every placed order's client id was placed once (the request log);
#   - every line sos-exec wrote carries mode live, and the dummy key appears nowhere.
# Bounded: the session runs 14 s, each wait ends after 30 s.
# shellcheck disable=SC2154 # SIM_* are set by sim_start
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR" "$tmp/strategies"
. "$src/tests/openalgo-sim/sim-env.sh"
feed=""
trap '[ -n "$feed" ] && kill "$feed" 2>/dev/null; sim_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

key=sos-dummy-key-pipeline-2f6e81
symbols=NSE:SBIN,NSE:RELIANCE,NSE:INFY,NSE:TCS
sim_start p --broker zerodha --start 2025-08-22T10:00 --speed 60 --session always --history-pace 0 \
    --prehistory-days 0 --seed 7 --symbols "$symbols" --api-key "$key" || exit 1
rest=$SIM_p_REST
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$rest", "ws": "$SIM_p_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON
cat > "$tmp/strategies/every_up.json" <<'JSON'
{
  "pattern_id": "EVERY_UP",
  "comment": "A test's strategy: over every up candle's high, the stop under its low, the target one risk away.",
  "phases": [{ "conditions": ["candle.close > candle.open"] }],
  "execution": { "entry": "candle.high + 0.05", "sl": "candle.low - 0.05", "tp": "entry + risk" }
}
JSON
api() {  # ENDPOINT: the simulator's REST answer, with the key
    curl -sf -X POST -H 'Content-Type: application/json' -d "{\"apikey\":\"$key\"}" "$rest/api/v1/$1"
}
out=$tmp/stream.ndjson
fills_seen() { jq -s '[.[] | select(.type=="FILL")] | length' "$out" 2> /dev/null || echo 0; }
trades_booked() { api tradebook | jq '.data | length'; }

# The pipeline, as docs/live.md runs it (sos-risk on the stream's clock: the simulator's market
# time is 2025's, which sos-risk --live would find stale against the wall clock).
mkfifo "$tmp/feed"
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha --symbols "$symbols" --tf 1m \
    --session always --chain-every 0 --control off > "$tmp/feed" 2> "$tmp/feed.err" &
feed=$!
sos-regime < "$tmp/feed" 2> "$tmp/regime.err" |
    sos-match --strategies "$tmp/strategies" 2> "$tmp/match.err" |
    sos-risk --feedback "$tmp/fb.sock" 2> "$tmp/risk.err" |
    SOS_TEST_KEY=$key sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha --state "$tmp/account.state" \
        --book-every 200 --feedback "$tmp/fb.sock" 2> "$tmp/exec.err" |
    sos-journal --db "$tmp/journal.db" --run live > "$out" 2> "$tmp/journal.err" &
pipeline=$!

sleep 14
curl -sf -X POST -H 'Content-Type: application/json' -d '{"paused":true}' "$rest/_sim/clock" > /dev/null \
    || fail "the simulator's clock was not paused"
# Settled: every trade of the book is on the stream, and stays so for a second.
_n=0 _stable=0
while [ $_n -lt 150 ] && [ $_stable -lt 5 ]; do
    if [ "$(fills_seen)" = "$(trades_booked)" ]; then _stable=$((_stable + 1)); else _stable=0; fi
    sleep 0.2
    _n=$((_n + 1))
done
kill -TERM "$feed"
wait "$feed" 2> /dev/null
feed=""
wait "$pipeline"
status=$?
[ $status = 0 ] && pass "the pipeline ended with status 0 once the feed was stopped" \
    || fail "the pipeline: status $status: $(cat "$tmp"/*.err | head -c 600)"

sos-journal replay --db "$tmp/journal.db" --run live > "$tmp/journal.ndjson" 2> "$tmp/replay.err" \
    || fail "sos-journal replay: $(cat "$tmp/replay.err")"
n_fills=$(jq -s '[.[] | select(.type=="FILL")] | length' "$tmp/journal.ndjson")
n_exits=$(jq -s '[.[] | select(.type=="EXIT")] | length' "$tmp/journal.ndjson")
[ "$n_fills" -ge 4 ] && [ "$n_exits" -ge 1 ] && pass "the session traded: $n_fills fills, $n_exits exits in the journal" \
    || fail "too little traded to compare: $n_fills fills, $n_exits exits: $(jq -c 'select(.type=="REJECT" or .type=="ALERT")' "$tmp/journal.ndjson" | head -5)"

# Every fill, quantity and price in paise, both ways.
jq -r 'select(.type=="FILL") | "\(.symbol) \(.side) \(.qty) \((.price * 100) | round)"' "$tmp/journal.ndjson" | sort > "$tmp/j.fills"
api tradebook | jq -r '.data[] | "\(.symbol) \(.action) \(.quantity | tonumber) \((.average_price | tonumber) * 100 | round)"' | sort > "$tmp/b.fills"
if [ -s "$tmp/b.fills" ] && cmp -s "$tmp/j.fills" "$tmp/b.fills"; then
    pass "the journal's $(wc -l < "$tmp/j.fills") FILLs are the trade book's, quantity and price in paise"
else
    fail "journal and trade book differ: $(diff "$tmp/j.fills" "$tmp/b.fills" | head -10 | tr '\n' ';')"
fi
# Positions: the position book's net quantity per symbol is the journal's.
jq -r 'select(.type=="FILL") | "\(.symbol) \(if .side=="BUY" then .qty else -.qty end)"' "$tmp/journal.ndjson" |
    awk '{q[$1] += $2} END {for (s in q) if (q[s] != 0) print s, q[s]}' | sort > "$tmp/j.pos"
api positionbook | jq -r '.data[] | select((.quantity | tonumber) != 0) | "\(.symbol) \(.quantity | tonumber)"' | sort > "$tmp/b.pos"
cmp -s "$tmp/j.pos" "$tmp/b.pos" \
    && pass "the position book agrees with the journal ($(wc -l < "$tmp/b.pos") symbol(s) held: $(tr '\n' ' ' < "$tmp/b.pos"))" \
    || fail "positions differ: journal '$(tr '\n' ' ' < "$tmp/j.pos")', position book '$(tr '\n' ' ' < "$tmp/b.pos")'"
# Each client id placed once.
twice=$(curl -sf "$rest/_sim/placements?by=strategy" | jq '[.placements[] | select(.orders > 1)] | length')
[ "$twice" = 0 ] && pass "no order placed twice (the simulator's request log)" || fail "$twice client ids placed more than once"
jq -e -s '[.[] | select(.src=="sos-exec") | .mode == "live"] | all' "$tmp/journal.ndjson" > /dev/null \
    && pass "every line of sos-exec's carries mode live" || fail "a line of sos-exec's without mode live"
if cat "$tmp"/*.err "$out" "$tmp/journal.ndjson" "$tmp/account.state" | grep -qF "$key"; then
    fail "the dummy key appears in an output, a diagnostic, the journal or the state file"
else
    pass "the dummy key appears nowhere"
fi
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
