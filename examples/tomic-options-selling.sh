#!/bin/sh
# Usage: tomic-options-selling.sh [BROKERS] [JOURNAL]
# TOMIC's options-selling regime routing template: the volatility structures (jade lizard,
# short strangle, short straddle, and the defined-risk iron condor) signalled when options are
# rich, and let through only where the regime and India VIX allow:
#   sos-feed live | sos-regime | sos-match --strategies options-selling/strategies + iron_condor
#     | sos-risk --config options-selling/risk.json | sos-exec ($SOS_EXEC) | sos-journal
# sos-regime writes each underlying's regime and the VIX flags (PREMIUMS_TOO_LOW below 12,
# DEFINED_RISK_ONLY above 25, HALF_SIZE above 30, HALT_SHORT_VEGA above 40: docs/regime.md);
# sos-risk's REGIME_GATE refuses a naked structure outside congestion (SIDEWAYS), when it is not
# a SELL, when naked premium or its own switch is off, under PREMIUMS_TOO_LOW or
# DEFINED_RISK_ONLY, and every premium sale under HALT_SHORT_VEGA; HALF_SIZE halves the size.
# `sos-journal quality` shows what was refused and why.
#
# SOS_EXEC says where the orders go:
#   paper    (the default) sos-exec's paper broker, priced from the feed's option chains;
#   dry-run  each structure written as the optionsmultiorder REQUEST kotak would be sent (the
#            key masked), nothing sent: try a day this way before going live;
#   live     sent to the kotak instance of BROKERS as optionsmultiorder (BUY legs first, real
#            expiries from /expiry; a failed leg unwound: man sos-exec, Structures), the state
#            file $SOS_STATE_DIR/kotak.state (default ~/.local/state/sos), SOS_KEY_KOTAK set and
#            "live": true in kotak's entry.
# Market data and chains come from the zerodha instance of BROKERS (default:
# tomic-split-brokers.json beside this script; SOS_KEY_ZERODHA set), with India VIX.
#
# The environment, as TOMIC's .env keys:
#   SOS_JADE_LIZARD, SOS_SHORT_STRANGLE, SOS_SHORT_STRADDLE, SOS_ALLOW_NAKED  true or false
#       (TOMIC_ENABLE_JADE_LIZARD, _SHORT_STRANGLE, _SHORT_STRADDLE, TOMIC_ALLOW_NAKED_PREMIUM;
#       unset keeps options-selling/risk.json's: true, true, false, true)
#   SOS_REPLAY=FILE      a recorded day instead of the live feed (sos-feed replay): try it first
#   SOS_FEED_DURATION=S  stop the live feed after S seconds; SOS_ALERT="OPTIONS" and
#   SOS_CHAIN_EVERY=S (the chains' period, 60) as tomic-split.sh
set -eu
here=$(dirname "$0")
brokers=${1:-$here/tomic-split-brokers.json}
db=${2:-options-selling.db}
work=$(mktemp -d "${TMPDIR:-/tmp}/options-selling.XXXXXX")
trap 'rm -rf "$work"' EXIT
# TOMIC's switches laid over the settings: a jq assignment for each one the environment sets
patch=.
for pair in jade_lizard:SOS_JADE_LIZARD short_strangle:SOS_SHORT_STRANGLE short_straddle:SOS_SHORT_STRADDLE \
    allow_naked:SOS_ALLOW_NAKED; do
    value=""
    eval "value=\${${pair#*:}:-}"
    case $value in
    "") ;;
    true | false) patch="$patch | .premium_selling.${pair%%:*} = $value" ;;
    *) echo "tomic-options-selling.sh: ${pair#*:} is true or false, not '$value'" >&2; exit 64 ;;
    esac
done
jq "$patch" "$here/options-selling/risk.json" > "$work/risk.json"
if [ -n "${SOS_REPLAY:-}" ]; then
    set -- sos-feed replay "$SOS_REPLAY"
    live=""
else
    set -- sos-feed live --brokers "$brokers" --feed zerodha \
        --symbols NSE_INDEX:NIFTY,NSE_INDEX:BANKNIFTY,NSE_INDEX:INDIAVIX --tf 1m,5m --history 200 --chain-every "${SOS_CHAIN_EVERY:-60}" \
        ${SOS_FEED_DURATION:+--duration "$SOS_FEED_DURATION"}
    live=--live
fi
alerts() {  # sos-alert when asked for, else the stream as it is
    # shellcheck disable=SC2086 # SOS_ALERT is a list of options
    if [ -n "${SOS_ALERT:-}" ]; then sos-alert $SOS_ALERT; else cat; fi
}
fb=$work/feedback
state=${SOS_STATE_DIR:-$HOME/.local/state/sos}
case ${SOS_EXEC:-paper} in
paper) set_exec="" ;;
dry-run) set_exec="--dry-run --brokers $brokers --broker kotak" ;;
live) mkdir -p "$state" && set_exec="--live --brokers $brokers --broker kotak --state $state/kotak.state" ;;
*) echo "tomic-options-selling.sh: SOS_EXEC is paper, dry-run or live, not '$SOS_EXEC'" >&2; exit 64 ;;
esac
# shellcheck disable=SC2086 # set_exec is a list of options or none
"$@" \
    | sos-regime \
    | sos-match --strategies "$here/options-selling/strategies" "$here/../strategies/iron_condor.json" \
    | sos-risk $live --config "$work/risk.json" --feedback "$fb" \
    | sos-exec $set_exec --feedback "$fb" \
    | alerts \
    | sos-journal --db "$db" --run "options-selling-$(date +%Y%m%d-%H%M%S)"
