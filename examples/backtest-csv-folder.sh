#!/bin/sh
# Usage: backtest-csv-folder.sh DIR [JOURNAL] [STRATEGIES]
# Backtests the strategies (default: the shipped playbook) on every *.csv in DIR (one symbol per
# file, or files with a symbol column; any common OHLCV layout), traded on paper with Indian
# charges, journaled as one run, then reported with an equity picture beside the journal.
# Equities trade in lots of one share unless the risk settings say otherwise; an index is traded
# as its ATM option only when the files carry option chains, so give index CSVs
#   {"trade_as": {"NIFTY": "underlying"}}  in a --config file to trade the index itself.
set -eu
dir=${1:?usage: backtest-csv-folder.sh DIR [JOURNAL] [STRATEGIES]}
db=${2:-backtest.db}
strategies=${3:-$(dirname "$0")/../strategies}
fb=$(mktemp -u /tmp/sos-feedback.XXXXXX)
run="csv-$(date +%Y%m%d-%H%M%S)"
sos-feed replay "$dir"/*.csv --tf 1m,5m,15m \
    | sos-regime \
    | sos-match --strategies "$strategies" \
    | sos-risk --config "$(dirname "$0")/backtest-risk.json" --feedback "$fb" \
    | sos-exec --feedback "$fb" \
    | sos-journal --db "$db" --run "$run" > /dev/null
sos-journal report --db "$db" --run "$run"
sos-journal plot --db "$db" --run "$run" --out "${db%.db}-$run.png"
echo "equity curve: ${db%.db}-$run.png"
