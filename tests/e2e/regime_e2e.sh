#!/bin/sh
# Sentiment and regimes through the real binaries: sos-feed synth and replay writing a
# SENTIMENT_UPDATE after each chain, sos-regime passing every line through and adding
# REGIME lines, the calibration the shipped defaults must meet on the synthetic market,
# the state file across runs, determinism, and the usual endings (reader gone, SIGTERM).
set -u
bin=${SOS_BIN:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

sos-feed synth --seed 5 --days 2 --constituents 5 > "$tmp/synth.ndjson" 2> "$tmp/err" || fail "synth"

# 1. Each chain is followed by its SENTIMENT_UPDATE: same underlying, same time, with the
#    contract's fields.
chains=$(grep -c '"type":"OPTION_CHAIN"' "$tmp/synth.ndjson")
follow=$(jq -c -s '[range(0; length - 1) as $i | select(.[$i].type == "OPTION_CHAIN")
          | [.[$i + 1].type, .[$i + 1].symbol == .[$i].symbol, .[$i + 1].timestamp == .[$i].timestamp]]
          | unique' "$tmp/synth.ndjson")
[ "$chains" -gt 0 ] && [ "$follow" = '[["SENTIMENT_UPDATE",true,true]]' ] && pass "$chains chains, each followed by its update" \
    || fail "chains not followed by their updates: $follow"
# (The front expiry's own close, 15:30 on its last day, leaves no time to solve an IV on.)
fields=$(grep '"type":"SENTIMENT_UPDATE"' "$tmp/synth.ndjson" | jq -c 'select(.timestamp % 86400 != 36000)
          | [has("pcr"), has("pcr_volume"), has("pcr_velocity"),
          has("breadth"), has("oi_wall_above"), has("oi_wall_below"), has("max_pain"), has("iv"), has("skew"), has("vix")]' | sort -u)
[ "$fields" = '[true,true,true,true,true,true,true,true,true,true]' ] && pass "updates carry PCR, velocity, breadth, walls, max pain, IV, skew, VIX" \
    || fail "update fields: $fields"
[ "$(grep '"type":"SENTIMENT_UPDATE"' "$tmp/synth.ndjson" | jq -c 'select(has("term"))' | wc -l)" -gt 0 ] \
    && pass "term structure where two expiries are present" || fail "no term structure"

# 2. sos-regime passes every line through unchanged and adds REGIME lines after bars.
sos-regime < "$tmp/synth.ndjson" > "$tmp/regime.ndjson" 2> "$tmp/err" || fail "sos-regime exit $?"
grep -v '"type":"REGIME"' "$tmp/regime.ndjson" | cmp -s - "$tmp/synth.ndjson" && [ ! -s "$tmp/err" ] \
    && pass "sos-regime passes the stream through byte for byte" || fail "pass-through changed the stream"
n=$(grep -c '"type":"REGIME"' "$tmp/regime.ndjson")
syms=$(grep '"type":"REGIME"' "$tmp/regime.ndjson" | jq -r .symbol | sort -u | tr '\n' ' ')
[ "$syms" = "BANKNIFTY NIFTY " ] && [ "$n" -gt 1400 ] && pass "$n REGIME lines for $syms" || fail "REGIME lines: $n for $syms"
bad=$(grep '"type":"REGIME"' "$tmp/regime.ndjson" | jq -c 'select((.regime | IN("COMPLETE_BULLISH","BULLISH","SIDEWAYS_BULLISH",
        "SIDEWAYS","SIDEWAYS_BEARISH","BEARISH","COMPLETE_BEARISH") | not) or (.score | type) != "number"
        or (.flags | type) != "array" or (.changed | type) != "boolean" or (.inputs | type) != "object")' | wc -l)
[ "$bad" = 0 ] && pass "every REGIME has regime, score, flags, changed and inputs" || fail "$bad malformed REGIME lines"

# 3. Deterministic: the same input gives the same bytes, for each model.
for model in blend sos tomic; do
    sos-regime --model $model < "$tmp/synth.ndjson" > "$tmp/a.ndjson"
    sos-regime --model $model < "$tmp/synth.ndjson" > "$tmp/b.ndjson"
    cmp -s "$tmp/a.ndjson" "$tmp/b.ndjson" && pass "$model: byte-identical on a second run" || fail "$model not deterministic"
done

# 4. The shipped blend on the synthetic market: trending-up minutes mostly in the bullish
#    half, trending-down mostly in the bearish half, a few switches an hour at most.
sos-feed synth --seed 11 --days 20 --constituents 10 | sos-regime --report-json > "$tmp/report.json" || fail "report exit $?"
up=$(jq '.all.agreement.TRENDING_UP.bullish' "$tmp/report.json")
down=$(jq '.all.agreement.TRENDING_DOWN.bearish' "$tmp/report.json")
sw=$(jq '.all.switches_per_hour' "$tmp/report.json")
if jq -e '.all.agreement.TRENDING_UP.bullish > 0.6 and .all.agreement.TRENDING_DOWN.bearish > 0.6
          and .all.switches_per_hour < 4' "$tmp/report.json" > /dev/null; then
    pass "calibration: up->bullish $up, down->bearish $down, $sw switches per hour"
else
    fail "calibration: up->bullish $up, down->bearish $down, $sw switches per hour"
fi
sos-feed synth --seed 11 --days 2 | sos-regime --report > "$tmp/report.txt"
grep -q '^NIFTY: .* switches, .* per hour' "$tmp/report.txt" && grep -q 'fwd 15m bp' "$tmp/report.txt" \
    && grep -q '^  TRENDING_UP ' "$tmp/report.txt" && pass "text report" || fail "text report: $(head -5 "$tmp/report.txt")"

# 5. Replay: a recording without sentiment gets it back, the same as synth wrote it.
grep -v '"type":"SENTIMENT_UPDATE"' "$tmp/synth.ndjson" > "$tmp/bare.ndjson"
sos-feed replay "$tmp/bare.ndjson" > "$tmp/replayed.ndjson" 2> "$tmp/err" || fail "replay exit $?"
sed 's/"src":"replay"/"src":"synth"/' "$tmp/replayed.ndjson" | cmp -s - "$tmp/synth.ndjson" \
    && pass "replay adds the same updates synth wrote" || fail "replayed updates differ"
sos-feed replay < "$tmp/bare.ndjson" | sed 's/"src":"replay"/"src":"synth"/' | cmp -s - "$tmp/synth.ndjson" \
    && pass "replay from standard input does too" || fail "stdin replay differs"
sos-feed sentiment < "$tmp/bare.ndjson" | sed 's/"src":"sentiment"/"src":"synth"/' | cmp -s - "$tmp/synth.ndjson" \
    && pass "sos-feed sentiment does too" || fail "sentiment filter differs"
sos-feed replay "$tmp/synth.ndjson" | cmp -s - "$tmp/synth.ndjson" && pass "a recording that has them is not doubled" \
    || fail "replay doubled the updates"
sos-feed replay "$tmp/bare.ndjson" --no-sentiment | cmp -s - "$tmp/bare.ndjson" && pass "--no-sentiment" || fail "--no-sentiment"
sos-feed replay "$tmp/bare.ndjson" | sos-regime --only REGIME > "$tmp/replay-regime.ndjson"
grep '"type":"REGIME"' "$tmp/regime.ndjson" | cmp -s - "$tmp/replay-regime.ndjson" \
    && pass "sos-feed replay | sos-regime gives the regimes of the original" || fail "replayed regimes differ"

# 6. The state file: IV rank and historical volatility from earlier runs.
echo '{"iv_rank": {"min_days": 5}, "hv": {"days": 5, "min_returns": 5}}' > "$tmp/sent.json"
sos-feed synth --seed 5 --from 2024-01-01 --days 8 --constituents 0 --sentiment-config "$tmp/sent.json" \
    --sentiment-state "$tmp/state.json" > /dev/null || fail "synth with a state file"
days=$(jq '.underlyings.NIFTY.atm_iv | length' "$tmp/state.json")
sos-feed synth --seed 6 --from 2024-01-15 --days 1 --constituents 0 --sentiment-config "$tmp/sent.json" \
    --sentiment-state "$tmp/state.json" | grep -m1 '"type":"SENTIMENT_UPDATE"' > "$tmp/first.json"
[ "$days" = 8 ] && jq -e 'has("iv_rank") and has("iv_percentile") and has("hv")' "$tmp/first.json" > /dev/null \
    && pass "state file: $days days kept, rank and HV from the first chain of the next run" \
    || fail "state file: $days days, first update $(cat "$tmp/first.json")"
echo '{not json' > "$tmp/broken.json"
sos-feed synth --days 1 --sentiment-state "$tmp/broken.json" > /dev/null 2> "$tmp/err"
[ $? = 78 ] && grep -q 'broken.json: not valid JSON' "$tmp/err" && pass "a broken state file is refused (78)" \
    || fail "broken state file: $(cat "$tmp/err")"

# 7. Endings: the reader going away, SIGTERM.
{ sos-regime < "$tmp/synth.ndjson" 2> "$tmp/err"; echo $? > "$tmp/status"; } | head -n 3 > /dev/null
[ "$(cat "$tmp/status")" = 0 ] && [ ! -s "$tmp/err" ] && pass "quiet exit when the reader goes away" \
    || fail "reader gone: status $(cat "$tmp/status")"
mkfifo "$tmp/fifo"
sos-regime < "$tmp/fifo" > "$tmp/term.ndjson" 2> "$tmp/err" &
pid=$!
exec 3> "$tmp/fifo"
head -n 200 "$tmp/synth.ndjson" >&3
# Lines go out as soon as input pauses; a loaded machine may take a while to get there (10 s
# at most), and the signal must come after, not race it.
for _ in $(seq 100); do
    [ "$(grep -vc '"type":"REGIME"' "$tmp/term.ndjson")" = 200 ] && break
    sleep 0.1
done
kill -TERM $pid
wait $pid
status=$?
exec 3>&-
[ $status = 143 ] && [ "$(grep -vc '"type":"REGIME"' "$tmp/term.ndjson")" = 200 ] \
    && pass "SIGTERM: what was read is written, status 143" || fail "SIGTERM: status $status"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
