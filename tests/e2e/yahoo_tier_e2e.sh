#!/bin/sh
# sos-feed live's yahoo tier against the project's Yahoo Finance server (tests/tier-sims/yahoo-sim)
# on 127.0.0.1:
# 1. recorded: the recorded ^NSEI answer gives its closed bar exactly (prices rounded from
#    Yahoo's 32-bit floats), marked src yahoo; the requests look like a browser's.
# 2. Yahoo alone (--feed yahoo, no brokers file), drawing an OpenAlgo simulator's market with
#    Yahoo's lag, through 429s, a 500, an empty chart and a body that is not a chart: every
#    candle equals the simulator's bar, none lost, none doubled; each fault is said.
# 3. failover: the OpenAlgo instance's WebSocket refused and its REST failing, the feed goes
#    to yahoo, then back to the instance: the candles still equal the simulator's bar for bar,
#    whichever tier gave them.
# 2 and 3 run side by side; the whole script takes about 35 s.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
. "$src/tests/tier-sims/tier-env.sh"
trap 'tier_stop_all; sim_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

key=sos-dummy-key-7f3a9c1e5b
symbols=NSE_INDEX:NIFTY,NSE:SBIN
live_args="--tf 1m,5m --session always --stall-after 2 --failback-after 3 --health-every 4 --seed 5 --yahoo-every 1"

alerts() {  # FILE: the ALERT lines as "CODE source reason"
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "ALERT":
        print(e["code"], e.get("source", ""), e.get("reason", ""))' "$1"
}

# 1. The recorded answer, as it is.
tier_start yahoo1 yahoo-sim --answer '^NSEI=nifty-1m.json' || exit 1
sos-feed live --feed yahoo --yahoo-url "$TIER_yahoo1_URL" --symbols NSE_INDEX:NIFTY --duration 3 $live_args \
    > "$tmp/rec.out" 2> "$tmp/rec.err"
status=$?
[ $status = 0 ] && pass "recorded: exit 0" || fail "recorded: exit $status: $(cat "$tmp/rec.err")"
python3 - "$tmp/rec.out" "$src/tests/recorded/yahoo/nifty-1m.json" <<'PY' && pass "recorded: the closed 09:23 bar equals the recorded row, src yahoo; the forming bar is not written" || fail "recorded: $(cat "$tmp/rec.out")"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
rec = json.load(open(sys.argv[2]))["chart"]["result"][0]
q = rec["indicators"]["quote"][0]
i = rec["timestamp"].index(1755834780)  # 09:23, the last bar closed at regularMarketTime 09:24:38
want = {k: round(q[n][i], 2) for k, n in (("o", "open"), ("h", "high"), ("l", "low"), ("c", "close"))}
one = [e for e in out if e["type"] == "CANDLE" and e["tf"] == "1m"]
assert len(one) == 1, one
e = one[0]
assert e["timestamp"] == 1755834780 and e["src"] == "yahoo" and e["v"] == 0, e
assert {k: e[k] for k in want} == want, (e, want)
assert not [e for e in out if e["type"] == "CANDLE" and e["timestamp"] >= 1755834840], out
PY
curl -sf "$TIER_yahoo1_URL/_requests" | python3 -c '
import json, sys
reqs = json.load(sys.stdin)["requests"]
assert reqs, "no request"
for r in reqs:
    h = {k.lower(): v for k, v in r["headers"].items()}
    assert r["path"] == "/v8/finance/chart/^NSEI", r["path"]
    assert "interval=1m" in r["query"] and "range=1d" in r["query"], r["query"]
    assert h["user-agent"].startswith("Mozilla/5.0"), h
    assert "gzip" in h.get("accept-encoding", ""), h
' && pass "recorded: requests for ^NSEI 1m over 1d, with a browser's User-Agent and compression" \
    || fail "recorded: the requests: $(curl -s "$TIER_yahoo1_URL/_requests" | head -c 600)"
tier_stop yahoo1

# The market for 2 and 3: two simulators of one market at 30x, each with its Yahoo.
sim_args="--start 2025-08-22T09:20 --speed 30 --paused --history-pace 0 --seed 11 --api-key $key --symbols $symbols"
sim_start alone $sim_args || exit 1
sim_start zerodha --broker zerodha $sim_args || exit 1
tier_start yahoo2 yahoo-sim --market-from "$SIM_alone_REST" --delay 10 || exit 1
tier_start yahoo3 yahoo-sim --market-from "$SIM_zerodha_REST" --delay 10 || exit 1
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_zerodha_REST", "ws": "$SIM_zerodha_WS", "api_key_env": "SOS_TEST_KEY"}}}
JSON
for n in alone zerodha; do
    eval "_rest=\$SIM_${n}_REST"
    curl -sf -X POST -H 'Content-Type: application/json' -d '{"paused":false}' "$_rest/_sim/clock" >/dev/null
done

sos-feed live --feed yahoo --yahoo-url "$TIER_yahoo2_URL" --symbols $symbols --duration 26 $live_args \
    > "$tmp/alone.out" 2> "$tmp/alone.err" &
alone_pid=$!
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/brokers.json" --feed zerodha,yahoo --yahoo-url "$TIER_yahoo3_URL" \
    --symbols $symbols --duration 28 $live_args > "$tmp/over.out" 2> "$tmp/over.err" &
over_pid=$!
sleep 5
tier_fault yahoo2 '{"fault":"status","status":429,"seconds":2}'
sim_fault zerodha '{"fault":"refuse","seconds":8}'
sim_fault zerodha '{"fault":"http_error","status":500,"seconds":8}'
sim_fault zerodha '{"fault":"drop"}'
sleep 6
tier_fault yahoo2 '{"fault":"status","status":500,"count":1}'
sleep 5
tier_fault yahoo2 '{"fault":"empty","count":2}'
sleep 5
tier_fault yahoo2 '{"fault":"malformed","count":1}'
wait $alone_pid
status=$?
[ $status = 0 ] && pass "alone: exit 0 at --duration" || fail "alone: exit $status: $(cat "$tmp/alone.err")"
wait $over_pid
status=$?
[ $status = 0 ] && pass "failover: exit 0 at --duration" || fail "failover: exit $status: $(cat "$tmp/over.err")"

# 2. Yahoo alone.
if python3 "$here/livefeed_check.py" "$tmp/alone.out" "$SIM_alone_REST" "$symbols" 1m,5m > "$tmp/alone.check"; then
    pass "alone: candles equal the simulator's bars, none lost, none doubled ($(grep -c '"CANDLE"' "$tmp/alone.out") lines)"
else
    fail "alone: candles differ:"; cat "$tmp/alone.check"
fi
grep '"CANDLE"' "$tmp/alone.out" | grep -vq '"src":"yahoo"' && fail "alone: a candle not marked src yahoo" \
    || pass "alone: every candle marked src yahoo"
alerts "$tmp/alone.out" > "$tmp/alone.alerts"
for want in "FEED_DOWN yahoo server error" "FEED_RECOVERED yahoo reconnected"; do
    grep -qx "$want" "$tmp/alone.alerts" && pass "alone: ALERT $want" || fail "alone: no ALERT '$want' in: $(cat "$tmp/alone.alerts")"
done
for want in "HTTP 429 (rate limited)" "HTTP 500 (server fault)" "a chart without a bar in session hours" "(malformed)"; do
    grep -qF "$want" "$tmp/alone.err" && pass "alone: said on stderr: $want" \
        || fail "alone: '$want' not said; stderr: $(head -c 1500 "$tmp/alone.err")"
done
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l][-1]
y = h["sources"][0]
assert h["feed"] == "yahoo" and y["name"] == "yahoo" and y["failures"] >= 4 and y["polls"] >= 10, h
assert y["delay_s"] is not None and y["delay_s"] < 60, y
' "$tmp/alone.out" && pass "alone: HEALTH shows the yahoo tier, its polls, failures and delay" \
    || fail "alone: HEALTH: $(grep HEALTH "$tmp/alone.out" | tail -1)"

# 3. Failover to yahoo and back.
if python3 "$here/livefeed_check.py" "$tmp/over.out" "$SIM_zerodha_REST" "$symbols" 1m,5m > "$tmp/over.check"; then
    pass "failover: candles equal the simulator's bars, none lost, none doubled ($(grep -c '"CANDLE"' "$tmp/over.out") lines)"
else
    fail "failover: candles differ:"; cat "$tmp/over.check"
fi
grep -q '"src":"yahoo"' "$tmp/over.out" && pass "failover: bars from yahoo meanwhile" || fail "failover: no bar from yahoo"
grep '"CANDLE"' "$tmp/over.out" | tail -2 | grep -q '"src":"openalgo' && pass "failover: the last bars from the instance again" \
    || fail "failover: the last bars are not the instance's: $(grep CANDLE "$tmp/over.out" | tail -2)"
alerts "$tmp/over.out" > "$tmp/over.alerts"
for want in "FEED_DOWN zerodha disconnected" "FEED_RECOVERED yahoo connected" "FEED_RECOVERED zerodha reconnected" \
    "FEED_RECOVERED zerodha failback"; do
    grep -qx "$want" "$tmp/over.alerts" && pass "failover: ALERT $want" || fail "failover: no ALERT '$want' in: $(cat "$tmp/over.alerts")"
done

grep -q "$key" "$tmp"/*.out "$tmp"/*.err && fail "the dummy key appears in an output" || pass "the dummy key appears in no output"
[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
