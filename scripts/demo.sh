#!/bin/sh
# The main job: set up, build, and run a synthetic trading day through the tools that exist,
# written to a journal and summarised. Output lands in out/.
set -eu
cd "$(dirname "$0")/.."
SOS_BUILD_TARGETS="sos-feed sos-journal" sh scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
bin=build/bin
mkdir -p out
rm -f out/day.ndjson out/demo.db out/demo.db-wal out/demo.db-shm

echo "== sos-feed synth: one seeded synthetic NSE day (NIFTY, BANKNIFTY, 20 stocks, VIX, breadth, option chains)"
$bin/sos-feed synth --seed 7 --from 2024-01-08 --days 1 > out/day.ndjson
echo "   $(wc -l < out/day.ndjson) lines in out/day.ndjson"

echo "== sos-feed replay | sos-journal: replayed with 5m and 15m candles built, journaled"
$bin/sos-feed replay out/day.ndjson --tf 1m,5m,15m \
    | $bin/sos-journal --db out/demo.db --run demo \
    | jq -c 'select(.type == "CANDLE" and .symbol == "NIFTY" and .tf == "15m")' \
    | head -3

echo "== sos-journal summary"
$bin/sos-journal summary --db out/demo.db
