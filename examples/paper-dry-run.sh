#!/bin/sh
# Usage: paper-dry-run.sh [SPEED] [JOURNAL] [STRATEGIES]
# A dry run of the whole loop paced like a live session: a seeded synthetic day (NIFTY and
# BANKNIFTY with option chains each minute) at real time x SPEED (default 60: a session in about
# six minutes; 1 is real time), judged, gated and traded on paper, journaled, with the orders,
# fills and exits printed as they happen. Ctrl-C stops every tool cleanly; the journal keeps
# everything written so far.
set -eu
speed=${1:-60}
db=${2:-dry-run.db}
strategies=${3:-$(dirname "$0")/../strategies}
fb=$(mktemp -u /tmp/sos-feedback.XXXXXX)
sos-feed synth --seed "$(date +%j)" --days 1 --indices NIFTY,BANKNIFTY --constituents 10 --chain-every 1 \
        --speed "$speed" \
    | sos-regime \
    | sos-match --strategies "$strategies" \
    | sos-risk --feedback "$fb" \
    | sos-exec --feedback "$fb" \
    | sos-journal --db "$db" --run "dry-run-$(date +%Y%m%d-%H%M%S)" \
    | jq -r --unbuffered 'select(.type == "ORDER" or .type == "FILL" or .type == "EXIT")
        | "\((.timestamp + 19800) | strftime("%H:%M")) IST  \(.type)  \(.symbol)  \(.side // .reason // "")  \(.qty // "")  \(.price // .trigger_price // "")  \(.pnl // "")"'
