#!/bin/sh
# sos-feed ws against the project's WebSocket server (tests/tier-sims/ws-sim) on 127.0.0.1,
# playing recorded streams 10 times faster; three runs side by side, about 25 s in all:
# 1. bridge: the seed's SOS bridge's recorded stream (tests/recorded/bridge) gives exactly the
#    canonical lines its documented rules give (seed-bridge.expected.ndjson), the bars still
#    open at --duration flagged partial; bad messages (not JSON, binary, an unknown type, a
#    missing field) are each said on stderr and skipped, the rest unchanged.
# 2. faults: the server drops every connection and refuses new ones for 2 s, later goes silent
#    for 4 s: FEED_DOWN, FEED_STALE and FEED_RECOVERED say so; no candle is written twice;
#    every candle not flagged partial equals the expected one; bars a loss fell in are partial.
# 3. contract: a server speaking sos's contract (the expected lines themselves, replayed) gives
#    them back unchanged; a message it repeats is not written twice.
# And a server that is not there: FEED_DOWN connect failed, exit 0 at --duration.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/tier-sims/tier-env.sh"
trap 'tier_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
expected="$src/tests/recorded/bridge/seed-bridge.expected.ndjson"
symbols=NSE_INDEX:NIFTY,NSE_INDEX:BANKNIFTY,NSE:RELIANCE

alerts() {  # FILE: the ALERT lines as "CODE level source reason"
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "ALERT":
        print(e["code"], e["level"], e.get("source", ""), e.get("reason", ""))' "$1"
}

tier_start bridge ws-sim --replay seed-bridge.jsonl --speed 10 || exit 1
tier_start faulty ws-sim --replay seed-bridge.jsonl --speed 10 || exit 1
tier_start peer ws-sim --replay seed-bridge.expected.ndjson --speed 10 || exit 1
common="--session always --health-every 5 --seed 3 --symbols $symbols"
sos-feed ws "$TIER_bridge_WS/" --profile bridge $common --stall-after 30 --duration 18 \
    > "$tmp/bridge.out" 2> "$tmp/bridge.err" &
bridge_pid=$!
sos-feed ws "$TIER_faulty_WS/" --profile bridge $common --stall-after 2 --duration 18 \
    > "$tmp/faulty.out" 2> "$tmp/faulty.err" &
faulty_pid=$!
mkdir -m 700 "$tmp/ctl"
sos-feed ws "$TIER_peer_WS/feed" --name bridge $common --stall-after 30 --duration 15 --control "$tmp/ctl/feed.sock" \
    > "$tmp/peer.out" 2> "$tmp/peer.err" &
peer_pid=$!
sos-feed ws "ws://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')/" \
    $common --duration 3 > "$tmp/absent.out" 2> "$tmp/absent.err" &
absent_pid=$!
sleep 4
for kind in not_json binary unknown_type missing_field; do
    tier_fault bridge "{\"fault\":\"bad_frame\",\"kind\":\"$kind\"}"
done
tier_fault faulty '{"fault":"refuse","seconds":2}'
tier_fault faulty '{"fault":"drop"}'
sleep 2
tier_fault peer '{"fault":"repeat","type":"CANDLE"}'
# The running feed is steered like every live tool: its control socket answers sos-ctl.
sos-ctl --timeout 10 --socket "$tmp/ctl/feed.sock" --json status > "$tmp/ctl.status" 2> "$tmp/ctl.err" \
    && jq -e '.ok == true' "$tmp/ctl.status" > /dev/null \
    && pass "control: sos-ctl status reaches the running sos-feed ws through --control" \
    || fail "control: $(cat "$tmp/ctl.status" "$tmp/ctl.err")"
sos-ctl --timeout 10 --socket "$tmp/ctl/feed.sock" pause > /dev/null 2>> "$tmp/ctl.err" || fail "control: pause: $(cat "$tmp/ctl.err")"
sleep 4
tier_fault faulty '{"fault":"stall","seconds":4}'
for p in $bridge_pid $faulty_pid $peer_pid $absent_pid; do
    wait $p || fail "a run exited $?: $(cat "$tmp"/*.err | head -c 1500)"
done

# 1. The bridge's stream, exactly.
grep -v '"ALERT"\|"HEALTH"' "$tmp/bridge.out" | sed 's/"partial":true,//' > "$tmp/bridge.lines"
if cmp -s "$tmp/bridge.lines" "$expected"; then
    pass "bridge: the canonical lines of the recorded stream, exactly ($(wc -l < "$expected") lines)"
else
    fail "bridge: lines differ from the expected:"; diff "$tmp/bridge.lines" "$expected" | head -20
fi
[ "$(grep -c '"partial":true' "$tmp/bridge.out")" = 3 ] && pass "bridge: the three bars open at --duration flagged partial" \
    || fail "bridge: partial bars: $(grep -c '"partial":true' "$tmp/bridge.out")"
for want in "bad message skipped: not JSON" "bad message skipped: a binary frame" \
    "type 'MYSTERY' is not market data: not written" "bad message skipped: CANDLE_UPDATE: CANDLE_UPDATE: field 'candle.h' is missing"; do
    grep -qF "$want" "$tmp/bridge.err" && pass "bridge: said on stderr: $want" \
        || fail "bridge: '$want' not said; stderr: $(head -c 1500 "$tmp/bridge.err")"
done
alerts "$tmp/bridge.out" > "$tmp/bridge.alerts"
[ "$(cat "$tmp/bridge.alerts")" = "FEED_RECOVERED info ws:bridge connected" ] && pass "bridge: one ALERT, connected" \
    || fail "bridge: alerts: $(cat "$tmp/bridge.alerts")"
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l][-1]
s = h["sources"][0]
assert h["feed"] == "ws:bridge" and s["bad"] == 3 and s["ignored"] == 1 and s["reconnects"] == 0, h
assert s["messages"] == 97, s
' "$tmp/bridge.out" && pass "bridge: HEALTH counts every message, the bad and the ignored" \
    || fail "bridge: HEALTH: $(grep HEALTH "$tmp/bridge.out" | tail -1)"

# 2. Faults.
alerts "$tmp/faulty.out" > "$tmp/faulty.alerts"
for want in "FEED_DOWN crit ws:bridge disconnected" "FEED_RECOVERED info ws:bridge reconnected" \
    "FEED_STALE warn ws:bridge stalled"; do
    grep -qx "$want" "$tmp/faulty.alerts" && pass "faults: ALERT $want" || fail "faults: no ALERT '$want' in: $(cat "$tmp/faulty.alerts")"
done
[ "$(grep -c "FEED_DOWN" "$tmp/faulty.alerts")" = 1 ] && pass "faults: the outage said once, not at each refused attempt" \
    || fail "faults: FEED_DOWN $(grep -c FEED_DOWN "$tmp/faulty.alerts") times"
# (The stream ends before --duration: the silence after it is a stall too.)
sed -n '/^FEED_STALE/,$p' "$tmp/faulty.alerts" | grep -q "^FEED_RECOVERED info ws:bridge reconnected" \
    && pass "faults: recovered after the stall" || fail "faults: no recovery after the stall: $(cat "$tmp/faulty.alerts")"
python3 - "$tmp/faulty.out" "$expected" <<'PY' && pass "faults: no candle twice, in order; those not partial equal the expected; bars a loss fell in partial" || fail "faults: the candles"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1]) if '"CANDLE"' in l]
want = {(e["symbol"], e["timestamp"]): e for e in map(json.loads, open(sys.argv[2])) if e["type"] == "CANDLE"}
keys = [(e["symbol"], e["timestamp"]) for e in got]
assert len(keys) == len(set(keys)), keys
for sym in {k[0] for k in keys}:
    times = [t for s, t in keys if s == sym]
    assert times == sorted(times), (sym, times)
partial = [e for e in got if e.get("partial")]
assert partial, "no bar flagged partial"
for e in got:
    if e.get("partial"):
        continue
    w = want[(e["symbol"], e["timestamp"])]
    assert all(e[k] == w[k] for k in ("o", "h", "l", "c", "v")), (e, w)
PY
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l][-1]
assert h["sources"][0]["reconnects"] >= 2, h
' "$tmp/faulty.out" && pass "faults: HEALTH counts the reconnections" || fail "faults: HEALTH: $(grep HEALTH "$tmp/faulty.out" | tail -1)"

# 3. A server speaking the contract.
grep '"CONTROL"' "$tmp/peer.out" | jq -e 'select(.command == "pause" and .asked_by != null)' > /dev/null \
    && pass "control: the pause is a CONTROL line in the feed's stream, with who asked" \
    || fail "control: no CONTROL pause in the stream: $(grep CONTROL "$tmp/peer.out")"
grep -v '"ALERT"\|"HEALTH"\|"CONTROL"' "$tmp/peer.out" > "$tmp/peer.lines"
if cmp -s "$tmp/peer.lines" "$expected"; then
    pass "contract: the server's lines back unchanged, the repeated one once ($(wc -l < "$expected") lines)"
else
    fail "contract: lines differ:"; diff "$tmp/peer.lines" "$expected" | head -10
fi
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l][-1]
assert h["sources"][0]["duplicates"] == 1 and h["bad"] == 0, h
' "$tmp/peer.out" && pass "contract: HEALTH counts the repeated candle" || fail "contract: HEALTH: $(grep HEALTH "$tmp/peer.out" | tail -1)"

# A server that is not there.
alerts "$tmp/absent.out" | grep -qx "FEED_DOWN crit ws:server connect failed" && pass "absent: FEED_DOWN connect failed" \
    || fail "absent: $(cat "$tmp/absent.out")"

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
