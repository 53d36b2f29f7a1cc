#!/bin/sh
# sos-journal end to end: the real binary in a pipeline passes every line through byte for
# byte, reports and skips a bad line, journals what it read (and replays it byte for byte),
# answers `summary`, refuses a file that is not a journal, and commits what it has when
# stopped by SIGTERM.
set -eu

bin=${SOS_BIN:?set SOS_BIN to the directory holding sos-journal}/sos-journal
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
    echo "journal_e2e: $*" >&2
    exit 1
}
# The journal is read back with these (scripts/install-deps.sh installs both): without them the
# test fails rather than passing unchecked.
for tool in jq sqlite3; do
    command -v $tool >/dev/null 2>&1 || fail "$tool not found: install Debian's $tool (sh scripts/install-deps.sh)"
done

cat >"$tmp/in.ndjson" <<'EOF'
{"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685440,"symbol":"NIFTY","tf":"1m","o":21990,"h":22001,"l":21985,"c":22000,"v":900}]}
{"type":"TICK","timestamp":1704685500.25,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":22000.5}
{"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"1m","o":22000,"h":22010,"l":21995,"c":22005,"v":1200}
{"type":"CANDLE","timestamp":1704685500,"symbol":"BANKNIFTY","tf":"1m","o":48000,"h":48020,"l":47990,"c":48010,"v":800}
{"type":"OPTION_CHAIN","timestamp":1704685500,"symbol":"NIFTY","expiry":"2024-01-11","spot":22005,"strikes":[{"strike":22000,"ce":{"ltp":120,"oi":5000},"pe":{"ltp":110,"oi":6000}}]}
{"type":"SENTIMENT_UPDATE","timestamp":1704685500,"pcr":0.95,"velocity":0.01}
{"type":"SIGNAL","timestamp":1704685560,"symbol":"NIFTY","id":"P1:NIFTY:1m:1704685500","pattern_id":"P1","side":"BUY","tf":"1m","candle_ts":1704685500,"entry":22005,"sl":21990,"tp":22035,"risk":15,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH","vars":{"x":1}}
{"type":"ORDER","timestamp":1704685560,"symbol":"NIFTY","id":"o-P1-1","signal_id":"P1:NIFTY:1m:1704685500","side":"BUY","qty":65,"order_type":"MARKET","product":"MIS"}
{"type":"ALERT","level":"info","code":"TEST","message":"hello","tool":"e2e"}
{"type":"SOMETHING_NEW","timestamp":1704685570,"payload":[1,2,3]}
EOF

# 1. Byte-identical pass-through, every line journaled.
"$bin" --db "$tmp/j.db" --run first <"$tmp/in.ndjson" >"$tmp/out.ndjson" 2>"$tmp/err" || fail "exit $? on valid input"
cmp "$tmp/in.ndjson" "$tmp/out.ndjson" || fail "output differs from input"
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"

# 2. A bad line (h < l) is reported with its line number and skipped; the rest goes through.
sed '3s/"h":22010/"h":1/' "$tmp/in.ndjson" >"$tmp/bad.ndjson"
"$bin" --db "$tmp/j.db" --run second <"$tmp/bad.ndjson" >"$tmp/out2.ndjson" 2>"$tmp/err2" || fail "exit $? on a bad line"
grep -q '^sos-journal: line 3: CANDLE: h < l' "$tmp/err2" || fail "bad line not reported: $(cat "$tmp/err2")"
sed '3d' "$tmp/in.ndjson" | cmp - "$tmp/out2.ndjson" || fail "bad line not skipped alone"

# 3. summary: per run and for all runs, as a table and as JSON.
"$bin" summary --db "$tmp/j.db" >"$tmp/sum.txt" || fail "summary exit $?"
grep -q '2 runs, 19 lines' "$tmp/sum.txt" || fail "summary header: $(head -1 "$tmp/sum.txt")"
grep -Eq '^CANDLE +\(all\) +5 +2 ' "$tmp/sum.txt" || fail "summary CANDLE row: $(cat "$tmp/sum.txt")"
grep -Eq '^SOMETHING_NEW +- +2 ' "$tmp/sum.txt" || fail "summary unknown type row"
"$bin" summary --db "$tmp/j.db" --run second --json >"$tmp/sum.json" || fail "summary --json exit $?"
[ "$(jq -c '[.lines, (.types[] | select(.type == "CANDLE") | .events), .option_quotes]' "$tmp/sum.json")" = "[9,2,2]" ] ||
    fail "summary --json: $(cat "$tmp/sum.json")"
[ "$(sqlite3 "$tmp/j.db" "SELECT count(*) FROM candles WHERE hist = 1")" = 2 ] || fail "hist candles"
# Order flow is text in raw; market lines are in blocks (replayed below).
[ "$(sqlite3 "$tmp/j.db" "SELECT line FROM raw WHERE seq = 8 AND run_id = 1")" = "$(sed -n 8p "$tmp/in.ndjson")" ] ||
    fail "raw line differs"
"$bin" replay --db "$tmp/j.db" --run first | cmp - "$tmp/in.ndjson" || fail "replay differs from the input"

# 4. Refusals: a missing file and a file that is not a journal give 66 and name the file.
set +e
"$bin" summary --db "$tmp/absent.db" 2>"$tmp/err3"
rc=$?
set -e
[ "$rc" = 66 ] || fail "missing db: exit $rc, want 66"
grep -q "absent.db" "$tmp/err3" || fail "missing db not named: $(cat "$tmp/err3")"
set +e
"$bin" summary --db "$tmp/in.ndjson" 2>"$tmp/err4"
rc=$?
"$bin" --db "$tmp/in.ndjson" </dev/null >/dev/null 2>"$tmp/err5"
rc5=$?
set -e
[ "$rc" = 66 ] || fail "text file as db: exit $rc, want 66"
grep -q "in.ndjson: not an sos journal" "$tmp/err4" || fail "text file as db: $(cat "$tmp/err4")"
[ "$rc5" = 73 ] || fail "recording into a text file: exit $rc5, want 73"

# 5. A live input: what arrives is committed moments later; SIGTERM: what was received is
#    committed, and the exit status says why it stopped.
mkfifo "$tmp/fifo"
"$bin" --db "$tmp/j.db" --run live <"$tmp/fifo" >"$tmp/out3.ndjson" 2>"$tmp/err6" &
pid=$!
exec 3>"$tmp/fifo"
# Two lines, and two more as soon as they are through: the second idle moment comes sooner
# after the first commit than the journal commits again, so its lines wait for the next tick.
head -2 "$tmp/in.ndjson" >&3
n=0
until [ "$(wc -l <"$tmp/out3.ndjson")" -ge 2 ] || [ $n -ge 1000 ]; do
    sleep 0.005
    n=$((n + 1))
done
sed -n 3,4p "$tmp/in.ndjson" >&3
n=0
until [ "$(wc -l <"$tmp/out3.ndjson")" -ge 4 ] || [ $n -ge 100 ]; do
    sleep 0.05
    n=$((n + 1))
done
n=0
until "$bin" summary --db "$tmp/j.db" --run live --json 2>/dev/null | grep -q '"lines":4,' || [ $n -ge 100 ]; do
    sleep 0.05
    n=$((n + 1))
done
[ $n -lt 100 ] || fail "lines of an open input not committed within 5 s"
kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
set -e
exec 3>&-
[ "$rc" = 143 ] || fail "SIGTERM: exit $rc, want 143 ($(cat "$tmp/err6"))"
"$bin" summary --db "$tmp/j.db" --run live --json >"$tmp/sum3.json"
grep -q '"lines":4,' "$tmp/sum3.json" || fail "lines received before SIGTERM not journaled: $(cat "$tmp/sum3.json")"

# 6. The real outputs of every tool: two synthetic sessions through all six, the journal's input
#    kept beside it. The run replays byte for byte, and every market line is in a block (none
#    fell back to text), so the compact form holds what the tools really write.
root=$(cd "$(dirname "$0")/../.." && pwd)
bins=$(dirname "$bin")
"$bins/sos-feed" synth --seed 3 --from 2024-01-01 --days 2 --indices NIFTY,BANKNIFTY --constituents 4 --chain-every 1 |
    "$bins/sos-regime" |
    "$bins/sos-match" --strategies "$root/strategies" |
    "$bins/sos-risk" --config "$root/examples/backtest-risk.json" --feedback "$tmp/fb" |
    "$bins/sos-exec" --feedback "$tmp/fb" |
    tee "$tmp/loop.ndjson" |
    "$bin" --db "$tmp/loop.db" --run loop --sync batch >/dev/null || fail "the six-tool loop failed"
for type in CANDLE OPTION_CHAIN SENTIMENT_UPDATE REGIME SIGNAL ORDER FILL POSITION; do
    grep -q "^{\"type\":\"$type\"" "$tmp/loop.ndjson" || fail "the loop wrote no $type"
done
"$bin" replay --db "$tmp/loop.db" --run loop | cmp - "$tmp/loop.ndjson" || fail "the loop's run replays differently"
if command -v sqlite3 >/dev/null 2>&1; then
    market=$(grep -Ec '^\{"type":"(TICK|CANDLE|OPTION_CHAIN|BREADTH|SENTIMENT_UPDATE|REGIME)"' "$tmp/loop.ndjson")
    [ "$(sqlite3 "$tmp/loop.db" "SELECT sum(lines) FROM market_blocks")" = "$market" ] ||
        fail "market lines outside blocks: $market lines, $(sqlite3 "$tmp/loop.db" "SELECT sum(lines) FROM market_blocks") in blocks"
fi

echo "journal_e2e: ok"
