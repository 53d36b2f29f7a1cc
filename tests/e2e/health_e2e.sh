#!/bin/sh
# HEALTH from every tool, in real pipelines: forced on in a replay, each tool's line reaches
# the journal with the common fields and its own state; by default a replay writes none; a live
# stream (times near the wall clock) turns every tool on by itself; --health-every 1 beats while
# the stream runs. Bounded: the slow stream lasts about 4 s.
set -u
bin=${SOS_BIN:?}
strategies=${SOS_STRATEGIES:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
health() { jq -c 'select(.type=="HEALTH")' "$@"; }

# 1. A replay with every tool forced on (an interval longer than the run: one last line each).
h=3600
sos-feed synth --seed 7 --days 2 --indices NIFTY --constituents 0 --from 2024-01-08 --health-every $h \
    | sos-regime --health-every $h | sos-match --strategies "$strategies" --health-every $h \
    | sos-risk --health-every $h | sos-exec --health-every $h \
    | sos-journal --db "$tmp/run.db" --health-every $h > "$tmp/out.ndjson" 2> "$tmp/err" \
    || fail "forced pipeline: $(cat "$tmp/err")"
for t in sos-feed sos-regime sos-match sos-risk sos-exec; do
    n=$(sqlite3 "$tmp/run.db" "SELECT count(*) FROM health WHERE tool='$t'")
    [ "$n" = 1 ] && pass "$t's HEALTH is in the journal" || fail "$t: $n HEALTH rows in the journal"
done
n=$(health "$tmp/out.ndjson" | jq -s 'map(.tool) | sort | join(",")')
[ "$n" = '"sos-exec,sos-feed,sos-journal,sos-match,sos-regime,sos-risk"' ] \
    && pass "every tool's HEALTH passes through to the end, sos-journal's own last" || fail "tools at the end: $n"
n=$(health "$tmp/out.ndjson" | jq -c 'select((.pid|type)!="number" or (.host|type)!="string"
        or (.started|type)!="number" or (.version|type)!="string" or (.in|type)!="number"
        or (.out|type)!="number" or (.bad|type)!="number" or (.uptime_s|type)!="number")' | wc -l)
[ "$n" = 0 ] && pass "every HEALTH has tool, pid, host, started, version, uptime_s, in, out, bad" \
    || fail "$n HEALTH lines lack a field"
[ "$(health "$tmp/out.ndjson" | jq -c 'select(.tool=="sos-risk") | select(has("open_orders") and has("breaker") and has("killed"))' | wc -l)" = 1 ] && pass "sos-risk gives open orders and its breaker" || fail "sos-risk's state missing"
[ "$(health "$tmp/out.ndjson" | jq -c 'select(.tool=="sos-exec") | select(.mode=="paper" and has("open_orders") and has("open_positions"))' | wc -l)" = 1 ] && pass "sos-exec gives its mode and open orders" || fail "sos-exec's state missing"
[ "$(health "$tmp/out.ndjson" | jq -c 'select(.tool=="sos-feed") | select(.source=="synth" and .in > 0 and .lag_s > 1e7)' | wc -l)" = 1 ] && pass "sos-feed gives its source, records, and a replay's lag" || fail "sos-feed's state missing"
[ "$(health "$tmp/out.ndjson" | jq -c 'select(.tool=="sos-regime") | select(.in > 0 and .out > .in)' | wc -l)" = 1 ] && pass "sos-regime counts lines in and out" || fail "sos-regime's counts"

# 2. The same replay by default: no HEALTH anywhere, the output as before.
sos-feed synth --seed 7 --days 2 --indices NIFTY --constituents 0 --from 2024-01-08 \
    | sos-regime | sos-match --strategies "$strategies" | sos-risk | sos-exec > "$tmp/plain.ndjson" \
    || fail "default pipeline"
n=$(grep -c '"type":"HEALTH"' "$tmp/plain.ndjson")
[ "$n" = 0 ] && pass "a replay writes no HEALTH by default" || fail "$n HEALTH lines in a default replay"
grep -v '"type":"HEALTH"' "$tmp/out.ndjson" | cmp -s - "$tmp/plain.ndjson" \
    && pass "forced HEALTH adds lines and changes nothing else" || fail "forced HEALTH changed the stream"

# 3. A live stream (candles stamped now, one every 0.5 s for about 4 s): with --health-every 1
#    each tool beats while it runs; by default each turns on by itself and says goodbye at the end.
live_candles() {
    i=0
    while [ $i -lt 8 ]; do
        t=$(date +%s)
        printf '{"type":"CANDLE","timestamp":%s,"symbol":"NIFTY","tf":"1m","o":100,"h":101,"l":99,"c":100.5,"v":10}\n' $((t - 60 + i))
        i=$((i + 1))
        sleep 0.5
    done
}
live_candles | sos-regime --health-every 1 | sos-risk --health-every 1 | sos-exec --health-every 1 \
    > "$tmp/live.ndjson" 2> "$tmp/err" || fail "live pipeline: $(cat "$tmp/err")"
for t in sos-regime sos-risk sos-exec; do
    n=$(health "$tmp/live.ndjson" | jq -c "select(.tool==\"$t\")" | wc -l)
    [ "$n" -ge 3 ] && pass "$t: $n HEALTH lines in a 4 s live run at 1 s" || fail "$t: $n HEALTH lines at 1 s"
done
n=$(health "$tmp/live.ndjson" | jq -c 'select(.tool=="sos-regime" and .lag_s != null and (.lag_s < 0 or .lag_s > 120))' | wc -l)
[ "$n" = 0 ] && pass "a live stream's lag is under two minutes" || fail "$n lines with a live lag out of range"
live_candles | sos-regime | sos-match --strategies "$strategies" | sos-risk > "$tmp/auto.ndjson" 2> "$tmp/err" \
    || fail "auto pipeline: $(cat "$tmp/err")"
n=$(health "$tmp/auto.ndjson" | jq -s 'map(.tool) | sort | join(",")')
[ "$n" = '"sos-match,sos-regime,sos-risk"' ] && pass "a live stream turns every tool's HEALTH on by default" \
    || fail "by default on a live stream: $n"

[ $fails = 0 ] && echo "all health e2e checks passed"
exit $fails
