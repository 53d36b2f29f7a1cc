#!/bin/sh
# sos-risk and sos-exec as real processes: settings refused before the first line, the whole
# loop deterministic, the feedback channel, a restart from history giving the same trades,
# a look-ahead cheat that cannot profit, the kill file, and the journal across a restart and a
# SIGKILL.
set -u
bin=${SOS_BIN:?}
strategies=${SOS_STRATEGIES:?}
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# 1. Wrong settings are refused before any line is read: exit 78, nothing written, the file
#    and the key named.
echo '{"max_lots": -3}' > "$tmp/neg.json"
echo '{"instruments": {"RELIANCE": {"freeze_qty": 100}}}' > "$tmp/nolot.json"
echo '{"options": null}' > "$tmp/nofees.json"
check_refused() {  # tool args... ; expected message fragment in $expect
    printf '{"type":"CANDLE","timestamp":1704685500,"symbol":"X","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1}\n' \
        | "$@" > "$tmp/out" 2> "$tmp/err"
    status=$?
    if [ $status = 78 ] && [ ! -s "$tmp/out" ] && grep -qF "$expect" "$tmp/err"; then
        pass "refused: $expect"
    else
        fail "$* -> status $status, stdout $(wc -c < "$tmp/out") bytes, stderr: $(cat "$tmp/err")"
    fi
}
expect="$tmp/neg.json: max_lots: must be between" check_refused sos-risk --config "$tmp/neg.json"
expect="$tmp/nolot.json: instruments.RELIANCE.lot_size: missing" check_refused sos-risk --config "$tmp/nolot.json"
expect="$tmp/nofees.json: options: missing" check_refused sos-exec --fees "$tmp/nofees.json"
for t in sos-risk sos-exec; do
    $t --help | grep -q "Usage: $t" && $t --version | grep -q "$t" && pass "$t --help and --version" \
        || fail "$t --help or --version"
done

# 2. The six tools (the journal aside) on five synthetic days: orders, fills and exits, every
#    executor line in paper mode, no SYNC left in the stream, and the same bytes every run.
sos-feed synth --seed 7 --days 5 --indices NIFTY,BANKNIFTY --constituents 0 --from 2024-01-08 \
    | sos-regime | sos-match --strategies "$strategies" > "$tmp/up.ndjson" || fail "upstream tools"
loop() {  # feedback socket name, input, output
    sos-risk --feedback "$tmp/$1.sock" < "$2" | sos-exec --feedback "$tmp/$1.sock" > "$3"
}
loop a "$tmp/up.ndjson" "$tmp/run1.ndjson" & loop b "$tmp/up.ndjson" "$tmp/run2.ndjson" & wait
cmp -s "$tmp/run1.ndjson" "$tmp/run2.ndjson" && pass "same input, byte-identical output" \
    || fail "two runs differ"
for type in ORDER FILL EXIT POSITION; do
    n=$(grep -c "\"type\":\"$type\"" "$tmp/run1.ndjson")
    [ "$n" -gt 0 ] && pass "$n $type lines" || fail "no $type line"
done
n=$(grep '"src":"sos-exec"' "$tmp/run1.ndjson" | grep -vc '"mode":"paper"')
[ "$n" = 0 ] && pass "every sos-exec line says mode paper" || fail "$n sos-exec lines without mode paper"
grep -q '"type":"SYNC"' "$tmp/run1.ndjson" && fail "a SYNC line leaked" || pass "no SYNC line leaks"
grep -v '"src":"sos-risk"' "$tmp/run1.ndjson" | grep -v '"src":"sos-exec"' | cmp -s - "$tmp/up.ndjson" \
    && pass "every upstream line passes through unchanged, in order" || fail "upstream lines changed"

# 3. Without sos-exec's feedback, sos-risk cannot see losses: the daily loss limit and the
#    losing-streak breaker only fire with it.
sos-risk < "$tmp/up.ndjson" | sos-exec > "$tmp/blind.ndjson"
with=$(grep -c '"reason":"DAILY_LOSS"\|"reason":"CIRCUIT_OPEN"' "$tmp/run1.ndjson")
without=$(grep -c '"reason":"DAILY_LOSS"\|"reason":"CIRCUIT_OPEN"' "$tmp/blind.ndjson")
[ "$with" -gt 0 ] && [ "$without" = 0 ] && pass "loss limits fire with feedback ($with) and not blind" \
    || fail "loss rejections: $with with feedback, $without without"

# 4. A restart in the middle: the first three days' output comes back as history, then the
#    last two days; what follows is exactly what the uninterrupted run wrote.
# 2024-01-11 00:00 IST: the fourth day.
cut=$(jq -c 'select(.timestamp >= 1704911400) | 1' "$tmp/up.ndjson" | wc -l)
cut=$(($(wc -l < "$tmp/up.ndjson") - cut + 1))
head -n $((cut - 1)) "$tmp/up.ndjson" > "$tmp/up1.ndjson"
tail -n +"$cut" "$tmp/up.ndjson" > "$tmp/up2.ndjson"
loop c "$tmp/up1.ndjson" "$tmp/part1.ndjson"
{ jq -c '.hist = true' "$tmp/part1.ndjson"; cat "$tmp/up2.ndjson"; } > "$tmp/resume.ndjson"
loop d "$tmp/resume.ndjson" "$tmp/part2.ndjson"
grep -v '"hist":true' "$tmp/part2.ndjson" > "$tmp/part2.live"
tail -n +$(($(wc -l < "$tmp/part1.ndjson") + 1)) "$tmp/run1.ndjson" > "$tmp/run1.tail"
[ -s "$tmp/run1.tail" ] && cmp -s "$tmp/run1.tail" "$tmp/part2.live" \
    && pass "a restart from history continues exactly like the uninterrupted run" \
    || fail "restart differs: $(diff "$tmp/run1.tail" "$tmp/part2.live" | head -n 3)"
again=$(grep -v '"hist":true' "$tmp/part2.ndjson" | grep -c '"type":"FILL"')
first=$(grep -c '"type":"FILL"' "$tmp/run1.tail")
[ "$again" = "$first" ] && pass "history placed and filled nothing again" \
    || fail "after the restart $again fills, uninterrupted $first"

# 5. Look-ahead: a strategy that sees the next candle must not profit. Every entry fills
#    after its signal bar, no target is taken on the entry bar, and the cheat loses its fees.
sos-feed synth --seed 11 --days 3 --indices NIFTY --constituents 3 --chain-every 0 --only CANDLE \
    | python3 "$here/peeking_signals.py" > "$tmp/peek.ndjson"
cat > "$tmp/peek.json" <<'JSON'
{"cooldown_seconds": 0, "pyramiding": true, "max_positions": 100000, "max_trades_per_day": 100000,
 "daily_loss_limit": 0, "kill_loss": 0, "max_underlying_exposure": 1000, "gross_notional_limit": 1000,
 "breakers": {"losing_streak": 1000, "orders_per_minute": 100000}}
JSON
sos-risk --config "$tmp/peek.json" --feedback "$tmp/p.sock" < "$tmp/peek.ndjson" \
    | sos-exec --feedback "$tmp/p.sock" > "$tmp/peeked.ndjson"
python3 - "$tmp/peeked.ndjson" <<'PY' && pass "the look-ahead cheat cannot profit" || fail "look-ahead"
import json, sys
orders, entry_fill, problems = {}, {}, []
pnl, trades = 0.0, 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    t = e["type"]
    if t == "ORDER":
        orders[e["id"]] = e["timestamp"]
    elif t == "FILL" and e["order_id"] not in entry_fill:
        entry_fill[e["order_id"]] = e["timestamp"]
        # The order is stamped at its signal bar's close; a fill is stamped at the close of
        # the candle that made it, which must open at or after the order.
        if e["timestamp"] < orders[e["order_id"]] + 60:
            problems.append(f"fill on the signal bar: {line.strip()}")
    elif t == "EXIT":
        trades += 1
        pnl += e["pnl"]
        if e["reason"] == "TP" and e["timestamp"] == entry_fill.get(e["order_id"]):
            problems.append(f"target on the entry bar: {line.strip()}")
if trades < 500:
    problems.append(f"only {trades} trades: the test lost its power")
if pnl >= 0:
    problems.append(f"the cheat made {pnl:.2f} over {trades} trades")
print(f"   {trades} peeking trades, net {pnl:.2f} after charges")
for p in problems[:5]:
    print("  ", p)
sys.exit(1 if problems else 0)
PY

# 6. The kill file: while it exists, no order.
touch "$tmp/KILL"
sos-risk --kill-file "$tmp/KILL" < "$tmp/up.ndjson" > "$tmp/killed.ndjson"
orders=$(grep -c '"type":"ORDER"' "$tmp/killed.ndjson")
kills=$(grep -c '"reason":"KILL_SWITCH"' "$tmp/killed.ndjson")
[ "$orders" = 0 ] && [ "$kills" -gt 0 ] && pass "kill file: $kills signals refused, no order" \
    || fail "kill file: $orders orders, $kills KILL_SWITCH rejects"

# 7. The journal across a restart: the first three days journaled as run "live"; the pipeline
#    restarted on the journal's own lines as history (sos-journal replay --as-hist) and the last
#    two days, journaled into the same run. The run then holds exactly the uninterrupted run's
#    lines, each once, and reports like it.
journaled() {  # feedback socket name, input, journal, run
    sos-risk --feedback "$tmp/$1.sock" < "$2" | sos-exec --feedback "$tmp/$1.sock" \
        | sos-journal --db "$3" --run "$4" --sync batch > /dev/null
}
journaled e "$tmp/up.ndjson" "$tmp/full.db" whole
journaled f "$tmp/up1.ndjson" "$tmp/restart.db" live
sos-journal replay --db "$tmp/restart.db" --run live --as-hist > "$tmp/hist.ndjson"
grep -vc '"hist":true' "$tmp/hist.ndjson" > "$tmp/n"
cat "$tmp/hist.ndjson" "$tmp/up2.ndjson" > "$tmp/resume2.ndjson"
journaled g "$tmp/resume2.ndjson" "$tmp/restart.db" live
sos-journal replay --db "$tmp/restart.db" --run live > "$tmp/live.replayed"
[ "$(cat "$tmp/n")" = 0 ] && cmp -s "$tmp/live.replayed" "$tmp/run1.ndjson" \
    && pass "journal across a restart: the run holds the uninterrupted run's $(wc -l < "$tmp/run1.ndjson") lines, each once" \
    || fail "journal restart: $(diff "$tmp/run1.ndjson" "$tmp/live.replayed" | head -n 3)"
sos-journal report --db "$tmp/full.db" --run whole --json | jq -S '.overall' > "$tmp/r1" 2> /dev/null
sos-journal report --db "$tmp/restart.db" --run live --json | jq -S '.overall' > "$tmp/r2" 2> /dev/null
[ -s "$tmp/r1" ] && [ "$(cat "$tmp/r1")" != null ] && cmp -s "$tmp/r1" "$tmp/r2" \
    && pass "the restarted run reports like the uninterrupted one ($(jq .trades "$tmp/r1") trades)" \
    || fail "reports differ: $(diff "$tmp/r1" "$tmp/r2" | head -n 4)"

# 8. sos-journal killed with SIGKILL mid-run keeps what it committed; the same backtest run
#    again into the same run name skips what is there and appends the rest once.
mkfifo "$tmp/jfifo"
sos-journal --db "$tmp/killed.db" --run k --sync batch < "$tmp/jfifo" > /dev/null &
jpid=$!
exec 4> "$tmp/jfifo"
half=$(($(wc -l < "$tmp/run1.ndjson") / 2))
head -n "$half" "$tmp/run1.ndjson" >&4
i=0  # it commits when its input pauses
# The journal's lines: text lines in raw, market lines in blocks.
stored='select (select count(*) from raw) + (select coalesce(sum(lines), 0) from market_blocks)'
while [ "$(sqlite3 "$tmp/killed.db" "$stored" 2> /dev/null || echo 0)" -lt "$half" ] && [ $i -lt 600 ]; do
    sleep 0.05
    i=$((i + 1))
done
kill -KILL $jpid
wait $jpid 2> /dev/null
exec 4>&-
kept=$(sqlite3 "$tmp/killed.db" "$stored")
sos-journal --db "$tmp/killed.db" --run k --sync batch < "$tmp/run1.ndjson" > /dev/null 2> "$tmp/err"
sos-journal replay --db "$tmp/killed.db" --run k > "$tmp/k.replayed"
[ "$kept" = "$half" ] && cmp -s "$tmp/k.replayed" "$tmp/run1.ndjson" \
    && pass "SIGKILL: $kept lines kept, the rerun completed the run without doubling a line" \
    || fail "SIGKILL: kept $kept of $half, rerun: $(diff "$tmp/run1.ndjson" "$tmp/k.replayed" | head -n 3) $(head -c 200 "$tmp/err")"

[ $fails = 0 ] && echo "all trading e2e checks passed" || { echo "$fails failed"; exit 1; }
