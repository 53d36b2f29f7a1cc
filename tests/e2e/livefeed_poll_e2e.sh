#!/bin/sh
# sos-feed live's last tier: with the only instance's WebSocket cut and refused, the feed goes
# to REST /multiquotes polling (FEED_DOWN crit, then "feed on rest"), and the bars it polled
# come from /history equal to the simulator's. The market runs at real speed (polled quotes
# are placed on the exchange clock extrapolated at 1x), so this takes about 130 s.
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

symbols=NSE_INDEX:NIFTY,NSE:SBIN
sim_start zerodha --broker zerodha --session always --speed 1 --history-pace 0 --seed 11 --symbols $symbols || exit 1
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_zerodha_REST", "ws": "$SIM_zerodha_WS", "api_key_env": "SOS_TEST_KEY"}}}
JSON
SOS_TEST_KEY=openalgo-sim-key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha --symbols $symbols \
    --tf 1m --session always --health-every 0 --duration 130 --seed 2 > "$tmp/poll.out" 2> "$tmp/poll.err" &
pid=$!
sleep 3
sim_fault zerodha '{"fault":"refuse","seconds":200}'
sim_fault zerodha '{"fault":"drop"}'
wait $pid
status=$?
[ $status = 0 ] && pass "exit 0 at --duration" || fail "exit $status: $(cat "$tmp/poll.err")"
grep -q '"level":"crit","code":"FEED_DOWN"' "$tmp/poll.out" && grep -q '"message":"feed on rest"' "$tmp/poll.out" \
    && pass "FEED_DOWN crit, then the feed on rest" || fail "alerts: $(grep ALERT "$tmp/poll.out")"
python3 - "$tmp/poll.out" "$SIM_zerodha_REST" <<'PY' && pass "bars while polling come from /history, equal to the simulator's" || fail "see above"
import json, sys, urllib.request
out, rest = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(out)]
on_rest = next(i for i, e in enumerate(lines) if e.get("message") == "feed on rest")
bars = [e for e in lines[on_rest:] if e["type"] == "CANDLE" and not e.get("partial")]
ok = len(bars) >= 2
seen = set()
for b in bars:
    url = f"{rest}/_sim/bars?symbol={b['symbol']}&exchange={b['exchange']}&tf=1m"
    want = {round(x["timestamp"]): x for x in map(json.loads, urllib.request.urlopen(url).read().decode().splitlines())}
    w = want.get(round(b["timestamp"]))
    key = (b["symbol"], b["timestamp"])
    if w is None or any(abs(b[k] - w[k]) > 1e-9 for k in "ohlcv") or key in seen or b["src"] != "openalgo-rest:zerodha":
        print("differs:", b, w)
        ok = False
    seen.add(key)
if len(bars) < 2:
    print("closed bars after the switch to rest:", len(bars))
sys.exit(0 if ok else 1)
PY
grep -q '"name":"rest","polls":[1-9]' "$tmp/poll.out" || grep -q '"polls":[1-9]' "$tmp/poll.out" \
    && pass "HEALTH counts the polls" || fail "HEALTH: $(grep HEALTH "$tmp/poll.out" | tail -1)"
[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
