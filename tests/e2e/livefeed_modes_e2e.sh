#!/bin/sh
# sos-feed live's subscription modes against an OpenAlgo simulator on 127.0.0.1: depth frames
# (quote fields and the book) give the same candles as quote, volume included; ltp frames (no
# volume) give an index's candles exactly, and are refused for an equity, whose volume they
# cannot give. Both runs side by side on one simulator at 60x (a bar a second), 14 s each.
# Then one instrument stalled while the other trades: FEED_STALE names it, and nothing fails over.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
tmp=$(mktemp -d)
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
trap 'sim_stop_all; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

sim_start z --broker zerodha --session always --start 2025-08-22T09:20 --speed 60 --history-pace 0 \
    --seed 11 --symbols NSE_INDEX:NIFTY,NSE:SBIN || exit 1
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_z_REST", "ws": "$SIM_z_WS", "api_key_env": "SOS_TEST_KEY"}}}
JSON
run() {  # NAME MODE SYMBOLS: sos-feed live in the background into $tmp/NAME.out
    SOS_TEST_KEY=openalgo-sim-key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha --symbols "$3" \
        --mode "$2" --tf 1m --session always --health-every 0 --duration 14 --seed 4 \
        > "$tmp/$1.out" 2> "$tmp/$1.err" &
}
run depth depth NSE_INDEX:NIFTY,NSE:SBIN
depth_pid=$!
run ltp ltp NSE_INDEX:NIFTY
ltp_pid=$!
wait $depth_pid; depth_status=$?
wait $ltp_pid; ltp_status=$?
for m in depth ltp; do
    eval "st=\$${m}_status"
    [ "$st" = 0 ] && pass "$m: exit 0 at --duration" || fail "$m: exit $st: $(tail -5 "$tmp/$m.err")"
done
python3 "$here/livefeed_check.py" "$tmp/depth.out" "$SIM_z_REST" NSE_INDEX:NIFTY,NSE:SBIN 1m > "$tmp/depth.check" \
    && pass "depth: candles equal the simulator's bars, volume included" \
    || fail "depth: $(cat "$tmp/depth.check")"
python3 "$here/livefeed_check.py" "$tmp/ltp.out" "$SIM_z_REST" NSE_INDEX:NIFTY 1m > "$tmp/ltp.check" \
    && pass "ltp: an index's candles equal the simulator's bars" \
    || fail "ltp: $(cat "$tmp/ltp.check")"
SOS_TEST_KEY=openalgo-sim-key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha \
    --symbols NSE_INDEX:NIFTY,NSE:SBIN --mode ltp --duration 2 > "$tmp/refused.out" 2> "$tmp/refused.err"
st=$?
[ $st = 64 ] && grep -q "NSE:SBIN's candles would have none" "$tmp/refused.err" && [ ! -s "$tmp/refused.out" ] \
    && pass "ltp: an equity is refused (64), named" || fail "ltp with an equity: status $st: $(cat "$tmp/refused.err")"
# One instrument silent (SBIN's ticks stalled, NIFTY's flowing): FEED_STALE names it after
# --instrument-stale seconds, and the instance, still speaking, is not failed over.
sim_fault z '{"fault":"stall","symbols":["SBIN"],"seconds":8}'
SOS_TEST_KEY=openalgo-sim-key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha \
    --symbols NSE_INDEX:NIFTY,NSE:SBIN --session always --instrument-stale 3 --stall-after 20 \
    --health-every 0 --duration 8 --seed 4 > "$tmp/quiet.out" 2> "$tmp/quiet.err"
st=$?
python3 -c '
import json, sys
alerts = [e for e in map(json.loads, open(sys.argv[1])) if e["type"] == "ALERT"]
stale = [a for a in alerts if a["code"] == "FEED_STALE"]
assert [(a.get("reason"), a.get("symbol")) for a in stale] == [("instrument silent", "SBIN")], alerts
assert not [a for a in alerts if a["code"] in ("FEED_FAILOVER", "FEED_DOWN")], alerts
' "$tmp/quiet.out" && [ $st = 0 ] \
    && pass "one instrument silent: FEED_STALE names it, no failover" \
    || fail "one instrument silent (status $st): $(grep ALERT "$tmp/quiet.out") $(tail -3 "$tmp/quiet.err")"
[ $fails = 0 ] || exit 1
