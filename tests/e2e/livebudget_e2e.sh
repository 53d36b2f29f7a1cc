#!/bin/sh
# The brokers file's "limits" reach sos-feed live: with the instance's api budget lowered to 2
# requests a second, the warm start's six /history requests (two symbols, three timeframes)
# reach the simulator two by two, a second apart, never three within a second (they all went at
# once before), and every series still starts warm. sos-exec's side is test_live_budget.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
trap 'sim_stop_all; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

key=sos-dummy-key-budget-51c0
symbols=NSE_INDEX:NIFTY,NSE:SBIN
sim_start z --broker zerodha --session always --start 2025-08-22T10:00 --speed 1 --history-pace 0 \
    --seed 11 --api-key $key --symbols $symbols || exit 1
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_z_REST", "ws": "$SIM_z_WS", "api_key_env": "SOS_TEST_KEY",
  "limits": {"api": ["2/s", "100/min"]}}}}
JSON
SOS_TEST_KEY=$key timeout 30 sos-feed live --brokers "$tmp/brokers.json" --feed zerodha --symbols $symbols \
    --tf 1m,5m,15m --history 2 --session always --health-every 0 --duration 5 > "$tmp/out" 2> "$tmp/err"
status=$?
[ "$status" = 0 ] && pass "exit 0 at --duration" || fail "exit $status: $(cat "$tmp/err")"
curl -sf "$SIM_z_REST/_sim/requests?kind=rest&name=history" > "$tmp/requests" || fail "no request log"
python3 - "$tmp/requests" "$tmp/out" <<'PY' && pass "six /history two a second, never three in one; every series warm" || fail "see above"
import json, sys
walls = sorted(r["wall"] for r in json.load(open(sys.argv[1]))["requests"])
ok = len(walls) >= 6
# Three in less than 0.9 s would break a 2-a-second budget (0.1 s for the network's jitter).
crowded = [walls[i:i + 3] for i in range(len(walls) - 2) if walls[i + 2] - walls[i] < 0.9]
if crowded:
    ok = False
print("/history at +%s s" % " ".join("%.2f" % (w - walls[0]) for w in walls))
series = set()
for line in open(sys.argv[2]):
    e = json.loads(line)
    if e.get("type") == "CANDLE" and e.get("hist"):
        series.add((e["symbol"], e["tf"]))
if len(series) != 6:
    print("warm series:", sorted(series))
    ok = False
sys.exit(0 if ok else 1)
PY
grep -q "$key" "$tmp/out" "$tmp/err" && fail "the key was written"
[ "$fails" = 0 ] || exit 1
