#!/bin/sh
# sos-match end to end through the real binaries: synthetic and replayed markets, pass-through
# identity, determinism with threads, --check, --state across a restart (and refused for a
# changed strategy), history rebuilding state, --watch reloading good files and refusing bad
# ones, --explain read with jq, a bad line, and SIGTERM saving the state.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
wait_for() {  # wait_for FILE PATTERN: up to 30 s for a line matching PATTERN
    i=0
    while ! grep -q "$2" "$1" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
    grep -q "$2" "$1" 2>/dev/null
}

# 1. sos-feed synth | sos-match: every input line passes through unchanged, in order, and the
#    playbook decides something.
sos-feed synth --seed 11 --days 3 --constituents 4 --chain-every 0 > "$tmp/synth.ndjson" || fail "synth"
sos-feed synth --seed 11 --days 3 --constituents 4 --chain-every 0 | sos-match --strategies "$src/strategies" \
    > "$tmp/out.ndjson" 2> "$tmp/err"
grep -v -e '"type":"SIGNAL"' -e '"type":"REJECT"' "$tmp/out.ndjson" | cmp -s - "$tmp/synth.ndjson" \
    && [ ! -s "$tmp/err" ] && pass "synth | sos-match passes every line through" || fail "pass-through changed the stream"
n=$(grep -c '"type":"SIGNAL"' "$tmp/out.ndjson")
[ "$n" -gt 10 ] && pass "synth | sos-match: $n signals" || fail "only $n signals from three synthetic days"
jq -e -s '[.[] | select(.type == "SIGNAL")] | all(.id == "\(.pattern_id):\(.symbol):\(.tf):\(.candle_ts)")' \
    "$tmp/out.ndjson" > /dev/null && pass "signal ids are PATTERN:SYMBOL:TF:CANDLE_TS" || fail "signal ids"

# 2. The same input gives the same bytes on every run and with any number of threads.
for t in 1 2 4; do
    sos-match --strategies "$src/strategies" --threads $t < "$tmp/synth.ndjson" | cmp -s - "$tmp/out.ndjson" \
        || fail "--threads $t differs"
done
pass "byte-identical output with 1, 2 and 4 threads"

# 3. A replayed file in the seed's forms, through sos-feed replay and sos-match.
cat > "$tmp/seed.ndjson" <<'JSON'
{"type":"SENTIMENT_UPDATE","timestamp":1704685400,"pcr":0.9,"velocity":-0.02,"regime":"BEARISH"}
JSON
i=0
while [ $i -lt 15 ]; do
    echo "{\"type\":\"MARKET_UPDATE\",\"symbol\":\"NIFTY\",\"timestamp\":$((1704685500 + 60 * i)),\"data\":{\"candle\":{\"o\":100,\"h\":101,\"l\":99,\"c\":100,\"v\":1000}}}"
    i=$((i + 1))
done >> "$tmp/seed.ndjson"
cat >> "$tmp/seed.ndjson" <<'JSON'
{"type":"CANDLE_UPDATE","symbol":"NIFTY","timestamp":1704686400,"1m":{"o":100,"h":104,"l":98,"c":99,"v":1000}}
{"type":"CANDLE_UPDATE","symbol":"NIFTY","timestamp":1704686460,"1m":{"o":98.5,"h":99,"l":96.5,"c":97,"v":1000}}
{"type":"CANDLE_UPDATE","symbol":"NIFTY","timestamp":1704686520,"1m":{"o":97.5,"h":98.5,"l":96.5,"c":97.6,"v":1000}}
JSON
sos-feed replay "$tmp/seed.ndjson" | sos-match --strategies "$src/strategies" > "$tmp/seed.out" 2> "$tmp/err"
sig=$(jq -c 'select(.type == "SIGNAL") | [.pattern_id, .side, .regime, .tp_mult, .entry, .sl]' "$tmp/seed.out")
[ "$sig" = '["BRF_SHORT","SELL","BEARISH",2.5,97.9,104]' ] && pass "replayed seed forms: BRF_SHORT fires with the bearish target" \
    || fail "replayed seed forms: got '$sig' $(head -c 300 "$tmp/err")"

# 4. --check lists every error of every file and exits 1; a good folder exits 0.
mkdir "$tmp/bad"
printf '{"pattern_id":"A","phases":[{"conditions":["candle.clsoe > 1"]}],"execution":{"entry":"close","sl":"low","tp":"high"}}' > "$tmp/bad/a.json"
printf '{"pattern_id":"B","sidee":"BUY","phases":[],"execution":{"entry":"close","sl":"low","tp":"high"}}' > "$tmp/bad/b.json"
sos-match --check "$tmp/bad" > "$tmp/check.out" 2> "$tmp/check.err"
status=$?
[ $status = 1 ] && [ "$(grep -c '^sos-match: ' "$tmp/check.err")" = 3 ] \
    && grep -q "a.json: phases\[0\].conditions\[0\]: column 8: unknown candle field 'clsoe'" "$tmp/check.err" \
    && grep -q '^           \^' "$tmp/check.err" && pass "--check lists every error with a caret" \
    || fail "--check: status $status: $(cat "$tmp/check.err")"
sos-match --check "$src/strategies" > /dev/null 2>&1 && pass "--check of the playbook: 0" || fail "--check of the playbook"
sos-match --strategies "$tmp/bad" < /dev/null > /dev/null 2> "$tmp/err"
[ $? = 78 ] && pass "running broken strategies refuses to start (78)" || fail "broken strategies started"

# 5. --state: a run cut in two with a restart gives what one run gives, nothing twice.
lines=$(wc -l < "$tmp/synth.ndjson")
half=$((lines / 2))
head -n $half "$tmp/synth.ndjson" > "$tmp/a.ndjson"
tail -n +$((half + 1)) "$tmp/synth.ndjson" > "$tmp/b.ndjson"
sos-match --strategies "$src/strategies" --state "$tmp/st" < "$tmp/a.ndjson" > "$tmp/s1" 2> "$tmp/err"
sos-match --strategies "$src/strategies" --state "$tmp/st" < "$tmp/b.ndjson" > "$tmp/s2" 2>> "$tmp/err"
cat "$tmp/s1" "$tmp/s2" | cmp -s - "$tmp/out.ndjson" && [ ! -s "$tmp/err" ] \
    && pass "--state: a restart mid-stream loses nothing and fires nothing twice" || fail "--state restart differs"
# Replaying everything again after the state: nothing already taken in fires again.
sos-match --strategies "$src/strategies" --state "$tmp/st" < "$tmp/synth.ndjson" | grep -c '"type":"SIGNAL"' > "$tmp/n"
[ "$(cat "$tmp/n")" = 0 ] && pass "--state: replayed lines already in the state fire nothing" || fail "replay after state fired $(cat "$tmp/n")"

# 6. History instead of state: the first half as hist rebuilds the trackers; its signals carry hist.
sed 's/"tf":/"hist":true,"tf":/' "$tmp/a.ndjson" > "$tmp/ah.ndjson"
cat "$tmp/ah.ndjson" "$tmp/b.ndjson" | sos-match --strategies "$src/strategies" > "$tmp/h.out"
live_h=$(grep -v '"hist":true' "$tmp/h.out" | grep '"type":"SIGNAL"' | jq -c '[.id,.entry,.sl,.tp]')
live_s=$(grep '"type":"SIGNAL"' "$tmp/s2" | jq -c '[.id,.entry,.sl,.tp]')
[ -n "$live_s" ] && [ "$live_h" = "$live_s" ] && grep -q '"type":"SIGNAL".*"hist":true' "$tmp/h.out" \
    && pass "history rebuilds the state: the live signals are the same" || fail "history rebuild differs"

# 7. A state written for another version of a strategy is refused with a message; history is used.
mkdir "$tmp/pb"
cp "$src/strategies/"*.json "$tmp/pb/"
sos-match --strategies "$tmp/pb" --state "$tmp/st2" < "$tmp/a.ndjson" > /dev/null
sed -i 's/"candle.range > atr"/"candle.range > atr * 1.1"/' "$tmp/pb/mother_candle_breakout.json"
sos-match --strategies "$tmp/pb" --state "$tmp/st2" < "$tmp/b.ndjson" > /dev/null 2> "$tmp/err"
grep -q "strategy MOTHER_BREAKOUT_LONG (.*mother_candle_breakout.json) changed since the state was saved: its trackers start empty and are rebuilt from history" "$tmp/err" \
    && pass "a state for another strategy version is refused with a clear message" || fail "state refusal: $(cat "$tmp/err")"

# 8. --explain: TRACE lines a jq filter can read, for the strategy and symbol asked.
sos-match --strategies "$src/strategies" --explain 'MOTHER*@NIFTY' < "$tmp/synth.ndjson" > "$tmp/x.out"
jq -e -s '[.[] | select(.type == "TRACE")] | length > 0 and all(.pattern_id == "MOTHER_BREAKOUT_LONG" and .symbol == "NIFTY")' \
    "$tmp/x.out" > /dev/null && pass "--explain STRATEGY@SYMBOL writes TRACE lines for that pair only" || fail "--explain"
jq -e -s '[.[] | select(.type == "TRACE" and .event == "PHASE" and .to == 1)][0].values | has("candle.range") and has("atr")' \
    "$tmp/x.out" > /dev/null && pass "--explain shows the deciding values" || fail "--explain values"
grep -v '"type":"TRACE"' "$tmp/x.out" | cmp -s - "$tmp/out.ndjson" && pass "--explain changes nothing else" || fail "--explain changed the output"

# 9. A bad line is reported with its number and skipped; the rest goes through.
sed '3s/"h":[0-9.]*/"h":1/' "$tmp/synth.ndjson" | sos-match --strategies "$src/strategies" > "$tmp/bad.out" 2> "$tmp/err"
grep -q '^sos-match: line 3: CANDLE: h < l' "$tmp/err" && [ "$(wc -l < "$tmp/bad.out")" -ge "$(($(wc -l < "$tmp/synth.ndjson") - 1))" ] \
    && pass "a bad line is reported and skipped" || fail "bad line: $(head -c 200 "$tmp/err")"

# 10. --watch: a good change applies from the next candle, a broken file is refused and the old
#     version keeps running, a removed file stops.
mkdir "$tmp/w"
cat > "$tmp/w/every.json" <<'JSON'
{"pattern_id":"EVERY","phases":[{"conditions":["candle.close > 0"]}],"execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}}
JSON
mkfifo "$tmp/fifo"
sos-match --strategies "$tmp/w" --watch < "$tmp/fifo" > "$tmp/w.out" 2> "$tmp/w.err" &
wpid=$!
exec 3> "$tmp/fifo"
c() { echo "{\"type\":\"CANDLE\",\"timestamp\":$((1704685500 + 60 * $1)),\"symbol\":\"NIFTY\",\"tf\":\"1m\",\"o\":$2,\"h\":$(($2 + 1)),\"l\":$(($2 - 1)),\"c\":$2,\"v\":1}" >&3; }
c 0 100
wait_for "$tmp/w.out" '"EVERY:NIFTY:1m:1704685500"' || fail "--watch: first signal"
sed 's/candle.close > 0/candle.close > 150/' "$tmp/w/every.json" > "$tmp/w/.tmp" && mv "$tmp/w/.tmp" "$tmp/w/every.json"
wait_for "$tmp/w.err" 'reloaded EVERY' || fail "--watch: reload not reported"
c 1 100
echo 'not json' > "$tmp/w/broken.json"
wait_for "$tmp/w.err" 'broken.json: not valid JSON' || fail "--watch: broken file not reported"
c 2 200
wait_for "$tmp/w.out" '"EVERY:NIFTY:1m:1704685620"' || fail "--watch: old version stopped after a broken file"
rm "$tmp/w/every.json"
wait_for "$tmp/w.err" 'removed: EVERY stops' || fail "--watch: removal not reported"
c 3 200
exec 3>&-
wait $wpid
status=$?
[ $status = 0 ] && [ "$(grep -c '"type":"SIGNAL"' "$tmp/w.out")" = 2 ] && ! grep -q 'EVERY:NIFTY:1m:1704685560' "$tmp/w.out" \
    && [ "$(grep -c '"type":"CANDLE"' "$tmp/w.out")" = 4 ] \
    && pass "--watch: change applied, broken file refused, removal honoured, no line lost" \
    || fail "--watch: status $status, $(grep -c SIGNAL "$tmp/w.out") signals: $(cat "$tmp/w.err")"

# 11. SIGTERM: the state is saved at exit.
mkfifo "$tmp/fifo2"
sos-match --strategies "$src/strategies" --state "$tmp/st3" < "$tmp/fifo2" > "$tmp/t.out" &
tpid=$!
exec 4> "$tmp/fifo2"
head -n 200 "$tmp/synth.ndjson" >&4
wait_for "$tmp/t.out" "$(sed -n 200p "$tmp/synth.ndjson" | cut -c1-60)"
kill -TERM $tpid
wait $tpid
status=$?
exec 4>&-
[ $status = 143 ] && [ -s "$tmp/st3" ] && pass "SIGTERM: exit 143 with the state saved" || fail "SIGTERM: status $status"

[ $fails = 0 ] && echo "match_e2e: all passed" && exit 0
echo "match_e2e: $fails failed"
exit 1
