#!/bin/sh
# sos-journal status and quality read a journal while a real pipeline writes it: a live-like
# stream (candles and signals stamped near the wall clock, one every 0.2 s for about 8 s, a
# CONTROL kill after 5 s; slower when the reads are slow, so that ten reads happen beside the
# writer on a loaded or sanitized machine too) through sos-regime, sos-risk and sos-exec into
# sos-journal, every tool
# beating HEALTH each second, while `status` and `quality` are called over and over beside it.
# Every call answers (status 0, within 5 s: a reader never waits for the writer), each sees the
# journal grow, the tools' HEALTH fresh, the verdict READY or TRADING while data flows, KILLED
# once the kill has passed, and STOPPED when the pipeline has ended; the writer loses nothing.
# Bounded: the stream lasts about 8 s (60 s at most); no network.
set -u
bin=${SOS_BIN:?set SOS_BIN to the directory holding the sos tools}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
pipeline=
trap '[ -n "$pipeline" ] && kill "$pipeline" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
for tool in jq python3; do
    command -v $tool >/dev/null 2>&1 || { echo "journal_status_e2e: $tool not found"; exit 1; }
done

lines=40 kill_at=25
# Candles of NIFTY 1m, each closing near now, and a SIGNAL every fifth bar; the kill after kill_at.
cat > "$tmp/live.py" <<'PY'
import json, sys, time
lines, kill_at, reads = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
t0 = int(time.time()) - 60
def answered():
    try:
        with open(reads) as f:
            return sum(1 for line in f if line.split()[1:3] == ["0", "0"])
    except OSError:
        return 0
def pace(i):
    # Candle i waits (1.5 s at most) for (i + 4) // 4 answered reads: ten by the last candle.
    deadline = time.time() + 1.5
    while answered() < (i + 4) // 4 and time.time() < deadline:
        time.sleep(0.05)
def out(d):
    sys.stdout.write(json.dumps(d, separators=(",", ":")) + "\n")
    sys.stdout.flush()
for i in range(lines):
    ts = t0 + i
    pace(i)
    out({"type": "CANDLE", "timestamp": ts, "symbol": "NIFTY", "tf": "1m", "o": 100, "h": 101, "l": 99,
         "c": 100.5, "v": 10, "src": "e2e-feed"})
    if i % 5 == 2:
        out({"type": "SIGNAL", "timestamp": ts + 60, "symbol": "NIFTY", "id": "e2e:NIFTY:1m:%d" % ts,
             "pattern_id": "e2e", "kind": "pattern", "side": "BUY", "tf": "1m", "candle_ts": ts, "entry": 101,
             "sl": 99, "tp": 105, "risk": 2, "tp_mult": 2, "quantity_mod": 1, "regime": "SIDEWAYS", "vars": {}})
    if i == kill_at:
        out({"type": "CONTROL", "timestamp": ts + 60, "command": "kill", "src": "e2e"})
    time.sleep(0.2)
PY

db="$tmp/live.db"
( python3 "$tmp/live.py" $lines $kill_at "$tmp/reads" | sos-regime --health-every 1 | sos-risk --health-every 1 \
    | sos-exec --health-every 1 | sos-journal --db "$db" --run live --health-every 1 --out /dev/null ) \
    2> "$tmp/pipeline.err" &
pipeline=$!

# Read beside it until it ends (and 60 s at most).
i=0
started=$(date +%s)
while kill -0 "$pipeline" 2>/dev/null && [ $(($(date +%s) - started)) -lt 60 ]; do
    t=$(date +%s%N)
    sos-journal status --db "$db" --json --session always > "$tmp/status.$i" 2> "$tmp/err.$i"
    rc=$?
    sos-journal quality --db "$db" --json > "$tmp/quality.$i" 2>> "$tmp/err.$i"
    qrc=$?
    echo "$i $rc $qrc $((($(date +%s%N) - t) / 1000000))" >> "$tmp/reads"
    i=$((i + 1))
    sleep 0.2
done
wait "$pipeline"
prc=$?
pipeline=
[ $prc = 0 ] && pass "the pipeline ran to its end" || fail "pipeline status $prc: $(head -5 "$tmp/pipeline.err")"

# Calls before the journal had its first run answer 66 (no file yet, or no run): the ones after
# the first answer must all be answers.
first=$(awk '$2 == 0 { print $1; exit }' "$tmp/reads")
[ -n "$first" ] || { fail "no status call answered: $(cat "$tmp/err.0")"; exit $fails; }
answered=$(awk -v f="$first" '$1 >= f && $2 == 0 && $3 == 0' "$tmp/reads" | wc -l)
late=$(awk -v f="$first" '$1 >= f && ($2 != 0 || $3 != 0)' "$tmp/reads" | wc -l)
[ "$late" = 0 ] && pass "every status and quality call after the first answered ($answered while it was written)" \
    || fail "$late calls failed after the first: $(awk -v f="$first" '$1 >= f && $2 != 0 { print $1; exit }' "$tmp/reads" | xargs -I{} cat "$tmp/err.{}")"
[ "$answered" -ge 10 ] && pass "$answered reads while the journal was written" || fail "only $answered reads beside the writer"
slow=$(awk '$4 > 5000' "$tmp/reads" | wc -l)
[ "$slow" = 0 ] && pass "every read took under 5 s (slowest $(sort -k4 -n "$tmp/reads" | tail -1 | cut -d' ' -f4) ms)" \
    || fail "$slow reads took over 5 s (a reader waiting on the writer: its busy timeout is 10 s)"

# What the reads saw: the journal growing, the tools beating, the verdict following the stream.
seen() { for k in $(seq "$first" $((i - 1))); do [ -s "$tmp/status.$k" ] && jq -c "$1" "$tmp/status.$k"; done; }
growth=$(seen '[.feed.sources[] | select(.src == "e2e-feed") | .lines] | add // 0' | awk 'NR == 1 { a = $1 } { if ($1 < p) d = 1; p = $1 } END { print (d ? "shrank" : p - a) }')
case $growth in
    shrank) fail "the candles seen went down between reads" ;;
    0) fail "no read saw the journal grow" ;;
    *) pass "reads saw the journal grow by $growth candles, never shrink" ;;
esac
fresh=$(seen 'select([.tools[] | select(.tool == "sos-risk" or .tool == "sos-exec" or .tool == "sos-regime") | select(.age_s < 5)] | length == 3) | 1' | wc -l)
[ "$fresh" -ge 3 ] && pass "$fresh reads saw sos-regime, sos-risk and sos-exec beat within 5 s" \
    || fail "the tools' HEALTH was fresh in $fresh reads"
ready=$(seen 'select(.verdict.activity == "READY" or .verdict.activity == "TRADING") | 1' | wc -l)
[ "$ready" -ge 1 ] && pass "$ready reads said READY or TRADING while data flowed" || fail "no read said READY or TRADING: $(seen .verdict | sort | uniq -c | head -5)"
killed=$(seen 'select(.verdict.reason == "KILLED") | .verdict.evidence' | tail -1)
[ -n "$killed" ] && pass "after the kill: KILLED, $killed" || fail "no read said KILLED: $(seen .verdict.reason | sort | uniq -c)"
order=$(seen '.verdict.reason' | awk '/KILLED/ { k = 1 } k && !/KILLED|STOPPED/ { bad = 1 } END { print bad ? "bad" : "ok" }')
[ "$order" = ok ] && pass "once killed, every later read said KILLED (or STOPPED)" || fail "a read after KILLED said otherwise"

# After the end: STOPPED, and the journal holds every line the stream carried.
after=$(sos-journal status --db "$db" --json --session always | jq -r '.verdict.reason')
[ "$after" = STOPPED ] && pass "after the end: STOPPED" || fail "after the end: $after"
candles=$(sos-journal replay --db "$db" --types CANDLE | wc -l)
[ "$candles" = $lines ] && pass "the writer journaled all $lines candles" || fail "$candles of $lines candles journaled"
n=$(sos-journal quality --db "$db" --json | jq '.total.signals')
[ "$n" = 8 ] && pass "quality counts the 8 signals" || fail "quality counts $n signals"

[ $fails = 0 ] && echo "all journal status e2e checks passed"
exit $fails
