#!/bin/sh
# Usage: synthetic-day-to-journal.sh [SEED] [DATE]
# A seeded synthetic NSE day (indices, stocks, VIX, breadth, option chains) kept as a file,
# journaled with 5m candles built, and summarised.
set -eu
seed=${1:-7}
day=${2:-2024-01-08}
sos-feed synth --seed "$seed" --from "$day" --days 1 > "synth-$day.ndjson"
sos-feed replay "synth-$day.ndjson" --tf 1m,5m | sos-journal --db "synth-$day.db" --run "seed-$seed" > /dev/null
sos-journal summary --db "synth-$day.db"
