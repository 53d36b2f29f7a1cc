#!/bin/sh
# Real processes in real pipelines: pass-through identity, a reader going away, signals,
# Unix sockets, flushing when input pauses, and bounded memory.
set -u
bin=${SOS_BIN:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# No option chains: sos-feed adds a SENTIMENT_UPDATE after each chain, which is not pass-through.
sos-feed synth --seed 3 --days 2 --constituents 5 --chain-every 0 > "$tmp/day.ndjson" || fail "synth"

# Waits up to 30 s for a file to hold at least N lines (the machine may be busy).
# The file may not exist yet: a background job's redirection is opened by the child.
wait_lines() {
    i=0
    while [ "$(cat "$1" 2>/dev/null | wc -l)" -lt "$2" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
}

# 1. A validated pass-through changes nothing, through two hops.
sos-feed replay < "$tmp/day.ndjson" | sos-feed replay > "$tmp/out.ndjson" 2> "$tmp/err"
cmp -s "$tmp/day.ndjson" "$tmp/out.ndjson" && [ ! -s "$tmp/err" ] && pass "pass-through is byte-identical" \
    || fail "pass-through changed the stream"

# 2. The reader going away (head) ends the tool quietly with status 0.
{ sos-feed synth --seed 3 --days 20 2> "$tmp/err"; echo $? > "$tmp/status"; } | head -n 3 > /dev/null
[ "$(cat "$tmp/status")" = 0 ] && [ ! -s "$tmp/err" ] && pass "quiet exit when the reader goes away" \
    || fail "reader gone: status $(cat "$tmp/status"), stderr: $(head -c 200 "$tmp/err")"
{ sos-feed replay < "$tmp/day.ndjson" 2> "$tmp/err"; echo $? > "$tmp/status"; } | head -n 3 > /dev/null
[ "$(cat "$tmp/status")" = 0 ] && [ ! -s "$tmp/err" ] && pass "filter exits quietly when the reader goes away" \
    || fail "filter reader gone: status $(cat "$tmp/status"), stderr: $(head -c 200 "$tmp/err")"

# 3. SIGTERM: finish the line in hand, flush, exit 143; every line written is whole.
sos-feed synth --seed 3 --days 30 --speed 2000 > "$tmp/term.ndjson" 2> "$tmp/err" &
pid=$!
wait_lines "$tmp/term.ndjson" 1
kill -TERM $pid
wait $pid
status=$?
lines=$(wc -l < "$tmp/term.ndjson")
if [ $status = 143 ] && [ "$lines" -gt 0 ] && [ "$(tail -c 1 "$tmp/term.ndjson" | od -An -c | tr -d ' ')" = '\n' ] \
    && jq -e . "$tmp/term.ndjson" > /dev/null 2>&1; then
    pass "SIGTERM stops cleanly ($lines whole lines, status 143)"
else
    fail "SIGTERM: status $status, $lines lines"
fi

# 4. SIGINT on a filter waiting for input: what it read goes out, status 130.
mkfifo "$tmp/fifo"
sos-feed replay < "$tmp/fifo" > "$tmp/int.ndjson" 2> "$tmp/err" &
pid=$!
exec 3> "$tmp/fifo"
head -n 5 "$tmp/day.ndjson" >&3
wait_lines "$tmp/int.ndjson" 5
kill -INT $pid
wait $pid
status=$?
exec 3>&-
[ $status = 130 ] && [ "$(wc -l < "$tmp/int.ndjson")" = 5 ] && pass "SIGINT: lines read are written, status 130" \
    || fail "SIGINT: status $status, $(wc -l < "$tmp/int.ndjson") lines"

# 5. Output goes out as soon as input pauses (the writer keeps the pipe open).
rm -f "$tmp/fifo"
mkfifo "$tmp/fifo"
sos-feed replay < "$tmp/fifo" > "$tmp/live.ndjson" &
pid=$!
exec 3> "$tmp/fifo"
head -n 1 "$tmp/day.ndjson" >&3
wait_lines "$tmp/live.ndjson" 1
[ "$(wc -l < "$tmp/live.ndjson")" = 1 ] && pass "a lone line is flushed while input stays open" \
    || fail "a lone line was held back"
exec 3>&-
wait $pid

# 6. Unix sockets: a producer listening, a consumer connecting.
sos-feed synth --seed 3 --days 2 --constituents 5 --chain-every 0 --out "unix:$tmp/feed.sock" &
sos-feed replay "unix:$tmp/feed.sock" > "$tmp/sock.ndjson"
wait
cmp -s "$tmp/day.ndjson" "$tmp/sock.ndjson" && pass "a stream over a Unix socket arrives whole" \
    || fail "Unix socket stream differs"

# 7. A three-tool pipeline into the journal: everything passed on and recorded.
sos-feed replay "$tmp/day.ndjson" --tf 1m,5m | sos-feed replay | sos-journal --db "$tmp/j.db" > "$tmp/j.ndjson"
n=$(wc -l < "$tmp/j.ndjson")
total=$(sos-journal summary --db "$tmp/j.db" --json | jq '.lines')
[ "$n" -gt "$(wc -l < "$tmp/day.ndjson")" ] && [ "$n" = "$total" ] && pass "feed | feed | journal: $n lines, all journaled" \
    || fail "pipeline: $n lines out, $total journaled"

# 8. Memory stays flat: peak resident size of a pass-through over 20 days stays small.
sos-feed synth --seed 4 --days 20 --constituents 10 > "$tmp/big.ndjson"
sos-feed replay < "$tmp/big.ndjson" > /dev/null &
pid=$!
peak=0
while kill -0 $pid 2> /dev/null; do
    kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2> /dev/null)
    [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
    sleep 0.05
done
# AddressSanitizer's shadow memory and quarantine add a fixed few hundred MB of their own.
limit=150000
[ "${SOS_SANITIZED:-0}" = 1 ] && limit=600000
[ "$peak" -lt $limit ] && pass "peak resident $((peak / 1024)) MB over $(($(wc -c < "$tmp/big.ndjson") / 1000000)) MB of input" \
    || fail "peak resident $((peak / 1024)) MB"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
