#!/bin/sh
# The ready pipelines of examples/ as a user runs them: a folder of CSV files backtested to a
# report and a picture, two strategy folders compared, a nightly report, a paced dry run.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# 1. A folder of vendor CSV files (date,time,open,high,low,close,volume; one symbol per file,
#    named after it), as a user exports them.
sos-feed synth --seed 5 --from 2024-01-08 --days 3 --indices NIFTY --constituents 4 --chain-every 0 --only CANDLE \
    > "$tmp/market.ndjson" || fail "synth"
mkdir "$tmp/csv"
for sym in $(jq -r 'select(.symbol != "INDIAVIX") | .symbol' "$tmp/market.ndjson" | sort -u); do
    { echo "date,time,open,high,low,close,volume"
      jq -r --arg s "$sym" 'select(.symbol == $s)
          | [((.timestamp + 19800) | strftime("%Y-%m-%d")), ((.timestamp + 19800) | strftime("%H:%M")),
             .o, .h, .l, .c, .v] | @csv' "$tmp/market.ndjson" | tr -d '"'
    } > "$tmp/csv/$sym.csv"
done
n=$(ls "$tmp/csv" | wc -l)
# Index candles without option chains: the index itself is traded.
echo '{"kill_resets_next_session": true, "trade_as": {"NIFTY": "underlying"}, "max_underlying_exposure": 2}' \
    > "$tmp/risk.json"
(cd "$tmp" && sh "$src/examples/backtest-csv-folder.sh" csv bt.db "$src/strategies" risk.json > report.txt 2> err.txt)
status=$?
picture=$(sed -n 's/^equity curve: //p' "$tmp/report.txt")
orders=$(sqlite3 "$tmp/bt.db" "select count(*) from orders" 2> /dev/null || echo 0)
if [ $status = 0 ] && grep -q '^ALL ' "$tmp/report.txt" && [ -n "$picture" ] && is_png "$tmp/$picture" \
    && [ "$orders" -gt 0 ]; then
    pass "backtest-csv-folder: $n CSV files, $orders orders, report and $picture"
else
    fail "backtest-csv-folder: status $status, $orders orders, picture '$picture': $(head -c 300 "$tmp/err.txt")"
fi

# 2. Two strategy folders on the same market, side by side.
mkdir "$tmp/mother"
cp "$src/strategies/mother_candle_breakout.json" "$tmp/mother/"
(cd "$tmp" && sh "$src/examples/compare-strategy-folders.sh" "$src/strategies" mother 2 compare.db > compare.txt 2> err.txt)
status=$?
if [ $status = 0 ] && grep -q 'strategies' "$tmp/compare.txt" && grep -q 'mother' "$tmp/compare.txt" \
    && [ "$(sqlite3 "$tmp/compare.db" 'select count(*) from runs')" = 2 ]; then
    pass "compare-strategy-folders: two runs in one journal, reported side by side"
else
    fail "compare-strategy-folders: status $status: $(head -c 300 "$tmp/err.txt") $(head -c 300 "$tmp/compare.txt")"
fi

# 3. The nightly report for a given day: a text report and a picture beside the journal.
SOS_REPORT_DAY=2024-01-09 sh "$src/examples/nightly-report.sh" "$tmp/bt.db" > "$tmp/out.txt" 2> "$tmp/err.txt"
status=$?
if [ $status = 0 ] && [ ! -s "$tmp/out.txt" ] && grep -q '2024-01-09' "$tmp/reports/2024-01-09.txt" \
    && is_png "$tmp/reports/2024-01-09.png"; then
    pass "nightly-report: quiet, report and picture in reports/"
else
    fail "nightly-report: status $status: $(head -c 300 "$tmp/err.txt")"
fi

# 4. The paced dry run, fast: orders, fills and exits printed as they happen, in IST.
(cd "$tmp" && timeout 300 sh "$src/examples/paper-dry-run.sh" 200000 dry.db > dry.txt 2> err.txt)
status=$?
if [ $status = 0 ] && grep -q '^[0-9][0-9]:[0-9][0-9] IST  ORDER ' "$tmp/dry.txt" \
    && [ "$(sqlite3 "$tmp/dry.db" 'select count(*) from runs')" = 1 ]; then
    pass "paper-dry-run: $(grep -c ' ORDER ' "$tmp/dry.txt") orders printed and journaled"
else
    fail "paper-dry-run: status $status: $(head -c 300 "$tmp/err.txt")"
fi

[ $fails = 0 ] && echo "all examples e2e checks passed" || { echo "$fails failed"; exit 1; }
