#!/bin/sh
# sos-feed live's last tier: with the only instance's WebSocket cut and refused, the feed goes
# to REST /multiquotes polling (FEED_DOWN crit, then "feed on rest"), and the bars it polled
# come from /history equal to the simulator's, each written within seconds of its end (the
# instance's /history has the bar forming after it, which shows the bar complete). The market
# runs at real speed (polled quotes are placed on the exchange clock extrapolated at 1x) from
# 15 s before a minute's end, so one whole minute is polled within the run's 90 s.
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
sim_start zerodha --broker zerodha --session always --start 2025-08-22T09:15:45 --speed 1 --history-pace 0 \
    --seed 11 --symbols $symbols || exit 1
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_zerodha_REST", "ws": "$SIM_zerodha_WS", "api_key_env": "SOS_TEST_KEY"}}}
JSON
# Each line stamped with the wall time it came out (the market's time is the wall's plus an
# offset, the simulator's clock at 1x, read from /_sim/state).
{
    SOS_TEST_KEY=openalgo-sim-key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha --symbols $symbols \
        --tf 1m --session always --health-every 0 --duration 90 --seed 2 2> "$tmp/poll.err"
    echo $? > "$tmp/status"
} | python3 -c '
import sys, time
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as times:
    for line in sys.stdin:
        out.write(line)
        out.flush()
        times.write("%.3f\n" % time.time())
' "$tmp/poll.out" "$tmp/poll.times" &
pid=$!
sleep 3
sim_fault zerodha '{"fault":"refuse","seconds":200}'
sim_fault zerodha '{"fault":"drop"}'
offset=$(python3 -c '
import json, sys, time, urllib.request
t0 = time.time()
state = json.load(urllib.request.urlopen(sys.argv[1] + "/_sim/state"))
print(state["market_ms"] / 1000 - (t0 + time.time()) / 2)' "$SIM_zerodha_REST")
wait $pid
status=$(cat "$tmp/status")
[ "$status" = 0 ] && pass "exit 0 at --duration" || fail "exit $status: $(cat "$tmp/poll.err")"
grep -q '"level":"crit","code":"FEED_DOWN"' "$tmp/poll.out" && grep -q '"message":"feed on rest"' "$tmp/poll.out" \
    && pass "FEED_DOWN crit, then the feed on rest" || fail "alerts: $(grep ALERT "$tmp/poll.out")"
python3 - "$tmp/poll.out" "$tmp/poll.times" "$SIM_zerodha_REST" "$offset" <<'PY' \
    && pass "bars while polling come from /history, equal to the simulator's, each within 15 s of its end" || fail "see above"
import json, sys, urllib.request
out, times, rest, offset = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
lines = [json.loads(l) for l in open(out)]
written = [float(t) for t in open(times)]
on_rest = next(i for i, e in enumerate(lines) if e.get("message") == "feed on rest")
bars = [(e, written[i]) for i, e in enumerate(lines) if i > on_rest and e["type"] == "CANDLE" and not e.get("partial")]
ok = True
seen = set()
delays = []
for b, at in bars:
    url = f"{rest}/_sim/bars?symbol={b['symbol']}&exchange={b['exchange']}&tf=1m"
    want = {round(x["timestamp"]): x for x in map(json.loads, urllib.request.urlopen(url).read().decode().splitlines())}
    w = want.get(round(b["timestamp"]))
    key = (b["symbol"], b["timestamp"])
    if w is None or any(abs(b[k] - w[k]) > 1e-9 for k in "ohlcv") or key in seen or b["src"] != "openalgo-rest:zerodha":
        print("differs:", b, w)
        ok = False
    seen.add(key)
    delays.append(at + offset - (b["timestamp"] + 60))
print("polled bars: %d, written %s s after their end" % (len(bars), " ".join("%.1f" % d for d in delays)))
# The bars of the minute the cut fell in and of the first minute polled whole, per symbol.
if len(bars) < 4:
    print("closed bars after the switch to rest:", len(bars))
    ok = False
if any(d > 15 for d in delays):
    ok = False
sys.exit(0 if ok else 1)
PY
grep -q '"polls":[1-9]' "$tmp/poll.out" && pass "HEALTH counts the polls" || fail "HEALTH: $(grep HEALTH "$tmp/poll.out" | tail -1)"
[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
