#!/bin/sh
# Usage: replay-csv-folder.sh DIR [JOURNAL]
# Every *.csv in DIR (one symbol per file, named after it: NIFTY.csv, RELIANCE_1min.csv, ...;
# or files with a symbol column) replayed merged by time, with 5m, 15m and 1h candles built
# from the 1m bars, into a journal. Bad rows are reported with file and line and skipped.
set -eu
dir=${1:?usage: replay-csv-folder.sh DIR [JOURNAL]}
db=${2:-replay.db}
sos-feed replay "$dir"/*.csv --tf 1m,5m,15m,1h | sos-journal --db "$db" > /dev/null
sos-journal summary --db "$db"
sqlite3 "$db" "select tf, count(*) as bars, sum(gap) as gaps from candles group by tf order by tf" 2>/dev/null || true
