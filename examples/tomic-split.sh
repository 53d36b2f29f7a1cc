#!/bin/sh
# Usage: tomic-split.sh [BROKERS] [--dry-run|--live] [JOURNAL]
# TOMIC's signal routing template: market data from one OpenAlgo instance (zerodha), orders to
# another (kotak): sos-feed live | sos-regime | sos-match | sos-risk | sos-exec | sos-journal.
# BROKERS (default: tomic-split-brokers.json beside this script) names both; only kotak says
# "live": true there. The default is --dry-run: every order is written as the REQUEST it would
# be, nothing is sent. With --live, orders go to kotak, the state file is
# $SOS_STATE_DIR/kotak.state (default ~/.local/state/sos), and a second executor on kotak is
# refused (status 75, naming the one running). Set SOS_KEY_ZERODHA and SOS_KEY_KOTAK first
# (examples/preflight.sh checks them). To route by symbol or strategy to several accounts
# instead, give sos-exec --routes routes.json (see routes.json here) in place of --broker kotak,
# and --state "$state/{broker}.state".
#
# The environment shapes the day:
#   SOS_STOP_AT=HH:MM      the feed stops at that time (India) and the pipeline ends, journal
#                          committed: 15:35 puts the close behind it; SOS_FEED_DURATION=S
#                          stops it after S seconds instead
#   SOS_ALERT="OPTIONS"    sos-alert with these options between sos-exec and the journal, e.g.
#                          "--telegram --min-level warn" (keys from SOS_TELEGRAM_TOKEN/_CHAT_ID)
#   SOS_KILL_FILE=FILE     while FILE exists sos-risk refuses every new signal (KILL_SWITCH);
#                          default $SOS_STATE_DIR/kill: `touch` it to stop entries, `rm` to resume
#   SOS_STRATEGIES=DIR     the strategies (default: the shipped ones)
#   SOS_SYMBOLS=LIST       the feed's instruments (default NIFTY and BANKNIFTY)
#   SOS_CHAIN_EVERY=S      their option chains every S seconds (default 60; 0: none)
#   SOS_RISK_CONFIG=FILE   sos-risk's settings laid over the shipped ones (your capital, loss
#                          limits: man sos-risk); sos-risk sees sos-exec's fills and marks over a
#                          feedback socket, so the daily loss limit and the kill loss (which
#                          flattens through sos-exec) hold live
# The running pipeline is reached through its tools' control sockets (each runs --live, so each
# has one in $XDG_RUNTIME_DIR/sos/): `sos-ctl --tool sos-risk pause` holds entries, `resume`
# lets them go, `kill [SCOPE]` flattens through sos-exec, `status` says what holds; or the
# dashboard, `sos-journal serve --db JOURNAL --control-socket auto` (docs/live.md).
# The stream goes on to standard output as the journal passes it. SIGTERM or Ctrl-C
# (systemctl stop) stops the feed only: it writes its open bars flagged partial, every tool
# after it drains and the journal commits before the script exits (status 0).
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
mkdir -p "$(dirname "$db")"
duration=${SOS_FEED_DURATION:-}
if [ -z "$duration" ] && [ -n "${SOS_STOP_AT:-}" ]; then
    stop=$(TZ=Asia/Kolkata date -d "$SOS_STOP_AT" +%s) || { echo "tomic-split.sh: SOS_STOP_AT=$SOS_STOP_AT is not a time" >&2; exit 64; }
    duration=$((stop - $(date +%s)))
    [ "$duration" -gt 0 ] || { echo "tomic-split.sh: it is past SOS_STOP_AT ($SOS_STOP_AT India): not starting" >&2; exit 75; }
fi
fifo=$(mktemp -d "${TMPDIR:-/tmp}/tomic-split.XXXXXX")
mkfifo "$fifo/feed"
sos-feed live --brokers "$brokers" --feed zerodha --symbols "${SOS_SYMBOLS:-NSE_INDEX:NIFTY,NSE_INDEX:BANKNIFTY}" \
    --tf 1m,5m --history 200 --chain-every "${SOS_CHAIN_EVERY:-60}" ${duration:+--duration "$duration"} > "$fifo/feed" &
feed=$!
stopped=""
trap 'stopped=yes; kill -TERM "$feed" 2> /dev/null || true' TERM INT
trap 'rm -rf "$fifo"' EXIT
alerts() {  # sos-alert when asked for, else the stream as it is
    # shellcheck disable=SC2086 # SOS_ALERT is a list of options
    if [ -n "${SOS_ALERT:-}" ]; then sos-alert $SOS_ALERT; else cat; fi
}
# The pipeline's status goes to a file: wait is interrupted by the trapped signal, and wait
# again on a job already reaped says nothing of how it ended.
# shellcheck disable=SC2086 # live_state is two words or none
{
    sos-regime < "$fifo/feed" \
        | sos-match --strategies "${SOS_STRATEGIES:-$here/../strategies}" \
        | sos-risk ${SOS_RISK_CONFIG:+--config "$SOS_RISK_CONFIG"} --feedback "$fifo/feedback" --sync-every 60 \
            --live --kill-file "${SOS_KILL_FILE:-$state/kill}" \
        | sos-exec "$mode" --brokers "$brokers" --broker kotak $live_state --feedback "$fifo/feedback" \
        | alerts \
        | sos-journal --db "$db" --run "tomic-split-$(date +%Y%m%d-%H%M%S)"
    echo $? > "$fifo/status"
} &
rest=$!
while :; do
    wait "$rest" || true  # (set -e: a trapped signal makes wait fail)
    [ ! -s "$fifo/status" ] || break
    kill -0 "$rest" 2> /dev/null || break  # gone without a word (SIGKILL)
done
status=$(cat "$fifo/status" 2> /dev/null || echo 70)
fstatus=0
wait "$feed" || fstatus=$?
# The feed's own failure (a wrong brokers file: 78) is the day's, unless it was told to stop.
if [ "$status" = 0 ] && [ "$fstatus" != 0 ] && [ -z "$stopped" ]; then status=$fstatus; fi
exit "$status"
