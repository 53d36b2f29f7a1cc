#!/bin/sh
# Usage: compare-strategy-folders.sh DIR_A DIR_B [DAYS] [JOURNAL]
# Runs two strategy folders on the same seeded synthetic market (NIFTY and BANKNIFTY with option
# chains), each as a named run in one journal, and sets the two reports side by side. The market
# is generated once and replayed twice, so the only difference is the strategies.
set -eu
a=${1:?usage: compare-strategy-folders.sh DIR_A DIR_B [DAYS] [JOURNAL]}
b=${2:?usage: compare-strategy-folders.sh DIR_A DIR_B [DAYS] [JOURNAL]}
days=${3:-10}
db=${4:-compare.db}
market=$(mktemp /tmp/sos-market.XXXXXX)
trap 'rm -f "$market"' EXIT
sos-feed synth --seed 21 --days "$days" --indices NIFTY,BANKNIFTY --constituents 10 --chain-every 1 > "$market"
backtest() {  # run name, strategy folder
    fb=$(mktemp -u /tmp/sos-feedback.XXXXXX)
    sos-regime < "$market" \
        | sos-match --strategies "$2" \
        | sos-risk --config "$(dirname "$0")/backtest-risk.json" --feedback "$fb" \
        | sos-exec --feedback "$fb" \
        | sos-journal --db "$db" --run "$1" > /dev/null
}
name_a=$(basename "$a")
name_b=$(basename "$b")
[ "$name_a" != "$name_b" ] || { name_a="A-$name_a"; name_b="B-$name_b"; }
backtest "$name_a" "$a"
backtest "$name_b" "$b"
sos-journal report --db "$db" --compare "$name_a,$name_b"
