#!/bin/sh
# Usage: tomic-split.sh [BROKERS] [--dry-run|--live] [JOURNAL]
# TOMIC's split: market data from one OpenAlgo instance (zerodha), orders to another (kotak).
# BROKERS (default: tomic-split-brokers.json beside this script) names both; only kotak says
# "live": true there. The default is --dry-run: every order is written as the REQUEST it would
# be, nothing is sent. With --live, orders go to kotak, the state file is
# $SOS_STATE_DIR/kotak.state (default ~/.local/state/sos), and a second executor on kotak is
# refused (status 75, naming the one running). Set SOS_KEY_ZERODHA and SOS_KEY_KOTAK first;
# SOS_FEED_DURATION=S stops the feed after S seconds. To route by symbol or strategy to several
# accounts instead, give sos-exec --routes routes.json (see routes.json here) in place of
# --broker kotak, and --state "$state/{broker}.state".
set -eu
here=$(dirname "$0")
brokers=${1:-$here/tomic-split-brokers.json}
mode=${2:---dry-run}
db=${3:-tomic-split.db}
state=${SOS_STATE_DIR:-$HOME/.local/state/sos}
case $mode in
--dry-run) live_state="" ;;
--live) mkdir -p "$state" && live_state="--state $state/kotak.state" ;;
*) echo "tomic-split.sh: the mode is --dry-run or --live, not $mode" >&2; exit 64 ;;
esac
# shellcheck disable=SC2086 # live_state is two words or none
sos-feed live --brokers "$brokers" --feed zerodha --symbols NSE_INDEX:NIFTY,NSE_INDEX:BANKNIFTY \
        --tf 1m,5m --history 200 --chain-every 60 ${SOS_FEED_DURATION:+--duration "$SOS_FEED_DURATION"} \
    | sos-regime \
    | sos-match --strategies "$here/../strategies" \
    | sos-risk \
    | sos-exec "$mode" --brokers "$brokers" --broker kotak $live_state \
    | sos-journal --db "$db" --run "tomic-split-$(date +%Y%m%d-%H%M%S)"
