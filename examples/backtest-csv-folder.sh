#!/bin/sh
# Usage: backtest-csv-folder.sh DIR [JOURNAL] [STRATEGIES] [RISK_SETTINGS]
# Backtests the strategies (default: the shipped playbook) on every *.csv in DIR (one symbol per
# file, or files with a symbol column; any common OHLCV layout), traded on paper with Indian
# charges, journaled as one run, then reported with an equity picture beside the journal.
# Equities trade in lots of one share unless the risk settings say otherwise; an index is traded
# as its ATM option only when the files carry option chains, so for index CSVs give a risk
# settings file (default: backtest-risk.json beside this script) holding, for example,
#   {"kill_resets_next_session": true, "trade_as": {"NIFTY": "underlying"},
#    "max_underlying_exposure": 2}
# to trade the index itself (a lot of NIFTY is some 14 lakh of notional, beyond the default cap
# of 30% of 10 lakh capital per underlying).
set -eu
dir=${1:?usage: backtest-csv-folder.sh DIR [JOURNAL] [STRATEGIES] [RISK_SETTINGS]}
db=${2:-backtest.db}
strategies=${3:-$(dirname "$0")/../strategies}
risk=${4:-$(dirname "$0")/backtest-risk.json}
fb=$(mktemp -u /tmp/sos-feedback.XXXXXX)
run="csv-$(date +%Y%m%d-%H%M%S)"
sos-feed replay "$dir"/*.csv --tf 1m,5m,15m \
    | sos-regime \
    | sos-match --strategies "$strategies" \
    | sos-risk --config "$risk" --feedback "$fb" \
    | sos-exec --feedback "$fb" \
    | sos-journal --db "$db" --run "$run" > /dev/null
sos-journal report --db "$db" --run "$run"
sos-journal plot --db "$db" --run "$run" --out "${db%.db}-$run.png"
echo "equity curve: ${db%.db}-$run.png"
