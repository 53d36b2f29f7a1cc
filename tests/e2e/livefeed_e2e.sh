#!/bin/sh
# sos-feed live against two OpenAlgo simulators on 127.0.0.1 (zerodha the primary, dhan the
# fallback) playing the same synthetic market at 30x: candles equal the simulator's bars, bar
# for bar, through a dropped connection and through a stall with failover and failback; every
# outage is said in ALERT lines; a dummy key appears in no output. Bounded: each run is given a
# --duration. Two pairs of simulators (a and b) let two scenarios run side by side, so the
# whole script takes about a minute and a half.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
trap 'sim_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

key=sos-dummy-key-7f3a9c1e5b
symbols=NSE_INDEX:NIFTY,NSE:SBIN
sim_args="--start 2025-08-22T09:20 --speed 30 --paused --history-pace 0 --seed 11 --api-key $key"
sim_args="$sim_args --symbols $symbols --ws-ping-interval 5"

# start_pair P: two simulators of one market, ${P}z (the brokers file's zerodha) and ${P}d (its
# dhan), paused at the same market time and started together, so that the fallback's clock is
# within a fraction of a second of the primary's (as two OpenAlgo instances fed by one exchange
# are); their brokers file is $tmp/P.json.
start_pair() {
    sim_stop "${1}z"
    sim_stop "${1}d"
    sim_start "${1}z" --broker zerodha $sim_args || exit 1
    sim_start "${1}d" --broker dhan $sim_args || exit 1
    eval "_zr=\$SIM_${1}z_REST _zw=\$SIM_${1}z_WS _dr=\$SIM_${1}d_REST _dw=\$SIM_${1}d_WS"
    cat > "$tmp/$1.json" <<JSON
{"brokers": {
  "zerodha": {"rest": "$_zr", "ws": "$_zw", "api_key_env": "SOS_TEST_KEY"},
  "dhan": {"rest": "$_dr", "ws": "$_dw", "api_key_file": "$tmp/dhan.key"}
}}
JSON
    for _rest in "$_zr" "$_dr"; do
        curl -sf -X POST -H 'Content-Type: application/json' -d '{"paused":false}' "$_rest/_sim/clock" >/dev/null
    done
}
printf '%s\n' "$key" > "$tmp/dhan.key"
chmod 600 "$tmp/dhan.key"

rest_of() {  # SIM: its REST URL
    eval "echo \$SIM_${1}_REST"
}

# live NAME SECONDS PAIR extra-args...: runs sos-feed live on pair PAIR in the background into
# $tmp/NAME.out.
live() {
    _name=$1
    _secs=$2
    _pair=$3
    shift 3
    SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/$_pair.json" --feed zerodha,dhan --symbols $symbols \
        --tf 1m,5m --session always --stall-after 2 --failback-after 3 --health-every 4 --seed 5 \
        --duration "$_secs" "$@" > "$tmp/$_name.out" 2> "$tmp/$_name.err" &
    live_pid=$!
}

alerts() {  # NAME: the ALERT lines as "CODE source reason"
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "ALERT":
        print(e["code"], e.get("source", ""), e.get("reason", ""))' "$tmp/$1.out"
}

check_candles() {  # NAME PAIR
    if python3 "$here/livefeed_check.py" "$tmp/$1.out" "$(rest_of "${2}z")" "$symbols" 1m,5m > "$tmp/$1.check"; then
        pass "$1: candles equal the simulator's bars, none lost, none doubled ($(grep -c '"CANDLE"' "$tmp/$1.out") lines)"
    else
        fail "$1: candles differ from the simulator's:"
        cat "$tmp/$1.check"
        echo "$1: the last of its stderr:"; tail -8 "$tmp/$1.err"
        echo "$1: its last lines:"; tail -3 "$tmp/$1.out" | cut -c1-300
    fi
}

# 1. A dropped connection (pair a): the primary's socket is cut; the feed fails over to dhan at
#    once, reconnects with back-off, fails back; the bars around the cut come from /history.
# 2. Beside it, a stall (pair b): the primary's socket stays open but silent for 6 s. After
#    --stall-after 2 it is stale and the feed fails over to dhan; once ticks flow again and
#    have for --failback-after 3, it fails back.
#    And beside both, an instance that takes each connection and closes it at once (a proxy whose
#    OpenAlgo is down): the attempts, timed where they arrive, come further and further apart,
#    each wait in (1/2, 1] of 1, 2, 4, 8 s, jittered, not exactly doubled.
python3 - "$tmp/knocks" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
with open(sys.argv[1] + ".port", "w") as f:
    f.write(str(s.getsockname()[1]))
s.settimeout(40)
with open(sys.argv[1], "w") as out:
    while True:
        try:
            c, _ = s.accept()
        except socket.timeout:
            break
        out.write("%.6f\n" % time.monotonic())
        out.flush()
        c.close()
PY
knock_pid=$!
while [ ! -s "$tmp/knocks.port" ]; do sleep 0.1; done
knock_port=$(cat "$tmp/knocks.port")
cat > "$tmp/closing.json" <<JSON
{"brokers": {"closing": {"rest": "http://127.0.0.1:$knock_port", "ws": "ws://127.0.0.1:$knock_port", "api_key_env": "SOS_TEST_KEY"}}}
JSON
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/closing.json" --feed closing --symbols $symbols --session always \
    --poll-every 0 --health-every 0 --seed 5 --duration 20 > "$tmp/backoff.out" 2> "$tmp/backoff.err" &
backoff_pid=$!
start_pair a
start_pair b
live drop 24 a
drop_pid=$live_pid
live stall 26 b
stall_pid=$live_pid
sleep 8
sim_fault az '{"fault":"drop"}'
sim_fault bz '{"fault":"stall","seconds":6}'
wait $drop_pid
status=$?
wait $stall_pid
stall_status=$?
wait $backoff_pid
kill $knock_pid 2>/dev/null
python3 - "$tmp/knocks" <<'PY' && pass "back-off: the attempts' spacing grows, each wait within (1/2, 1] of 1, 2, 4, 8 s, jittered" \
    || fail "back-off: see above"
import sys
t = [float(x) for x in open(sys.argv[1])]
d = [b - a for a, b in zip(t, t[1:])]
print("back-off: attempts %d, spacing %s s" % (len(t), " ".join("%.2f" % x for x in d)))
ok = len(d) >= 4
for i, x in enumerate(d[:4]):
    nominal = 2.0 ** i
    if not nominal / 2 - 0.05 < x <= nominal + 0.3:  # the attempt itself takes a few ms
        print("back-off: wait %d is %.2f s, not in (%.1f, %.1f]" % (i + 1, x, nominal / 2, nominal))
        ok = False
ok = ok and all(b > a for a, b in zip(d, d[1:4]))
ratios = [b / a for a, b in zip(d, d[1:4])]
if all(abs(r - 2) < 0.05 for r in ratios):
    print("back-off: exactly doubling, no jitter:", ratios)
    ok = False
sys.exit(0 if ok else 1)
PY
[ $status = 0 ] && pass "drop: exit 0 at --duration" || fail "drop: exit $status: $(cat "$tmp/drop.err")"
check_candles drop a
alerts drop > "$tmp/drop.alerts"
for want in "FEED_DOWN zerodha disconnected" "FEED_FAILOVER dhan disconnected" \
    "FEED_RECOVERED zerodha reconnected" "FEED_RECOVERED zerodha failback"; do
    grep -qx "$want" "$tmp/drop.alerts" && pass "drop: ALERT $want" || fail "drop: no ALERT '$want' in: $(cat "$tmp/drop.alerts")"
done
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l]
last = h[-1]
z = [s for s in last["sources"] if s["name"] == "zerodha"][0]
assert last["feed"] == "zerodha", last
assert z["reconnects"] >= 1, z
# The first bar of each series (4) and each bar the cut fell in (4 more) are from /history.
assert last["from_history"] >= 6, last
assert last["gave_up"] == 0, last
# One every --health-every 4 s of the process time, the last one at the end.
ups = [x["uptime_s"] for x in h]
gaps = [round(b - a, 2) for a, b in zip(ups, ups[1:])]
assert len(h) >= 4 and all(3.0 <= g <= 6.0 for g in gaps[:-1]) and gaps[-1] <= 6.0, gaps
' "$tmp/drop.out" && pass "drop: HEALTH every 4 s names the feed, the reconnect and the bars from history" \
    || fail "drop: HEALTH lines: $(grep HEALTH "$tmp/drop.out" | tail -1)"

[ $stall_status = 0 ] && pass "stall: exit 0 at --duration" || fail "stall: exit $stall_status: $(cat "$tmp/stall.err")"
check_candles stall b
alerts stall > "$tmp/stall.alerts"
for want in "FEED_STALE zerodha stalled" "FEED_FAILOVER dhan stalled" "FEED_RECOVERED zerodha failback"; do
    grep -qx "$want" "$tmp/stall.alerts" && pass "stall: ALERT $want" || fail "stall: no ALERT '$want' in: $(cat "$tmp/stall.alerts")"
done
grep -q '"src":"openalgo-ws:dhan"' "$tmp/stall.out" && pass "stall: bars built from dhan's ticks meanwhile" \
    || fail "stall: no bar from dhan"

# 3. Bad frames of every kind, a late tick, 429s on /history while a cut leaves bars to fill,
#    then a cut whose reconnections meet a refused key for 4 s (pair a): each is reported and
#    skipped, none is fatal, the candles still equal the market's.
# 4. Beside it (pair b), a restart with --history: a second sos-feed started 12 s into the
#    first's run, with a warm start of 6 bars, writes them first (hist: true), then live bars,
#    and every bar it writes equals the uninterrupted run's bar of the same time and the
#    simulator's. Beside them, a third is stopped by SIGTERM (as systemd stops a service) 24 s
#    in: it stops at once, with status 143, and writes the bars still open flagged partial, as
#    --duration does, so the last bar of a stopped session is not lost. The pairs of 1 and 2
#    go on (their faults are over): starting simulators takes seconds.
(
    live whole 26 b --chain-every 3 --chain-strikes 5
    whole_pid=$live_pid
    live sigterm 60 b
    sigterm_pid=$live_pid
    sleep 12
    live restart 14 b --history 6
    restart_pid=$live_pid
    sleep 12
    stop_sent=$(date +%s%N)
    kill -TERM $sigterm_pid
    wait $sigterm_pid
    echo $? > "$tmp/sigterm.status"
    echo $((($(date +%s%N) - stop_sent) / 1000000)) > "$tmp/sigterm.ms"
    wait $restart_pid
    wait $whole_pid
) &
scenario4_pid=$!
live faults 38 a
sleep 5
for kind in not_json unknown_type missing_field binary; do
    sim_fault az "{\"fault\":\"bad_frame\",\"kind\":\"$kind\"}"
done
sim_fault az '{"fault":"bad_frame","kind":"error_frame"}'
sim_fault az '{"fault":"late_tick","age_s":90}'
sleep 1
for n in az ad; do
    sim_fault $n '{"fault":"rate_limit","endpoints":["history"],"seconds":4,"retry_after":2}'
done
sim_fault az '{"fault":"drop"}'
sleep 8
sim_fault az '{"fault":"auth_fail","seconds":4}'
sim_fault az '{"fault":"drop"}'
wait $live_pid
status=$?
wait $scenario4_pid
[ $status = 0 ] && pass "faults: exit 0 at --duration" || fail "faults: exit $status: $(cat "$tmp/faults.err")"
check_candles faults a
for want in "bad frame skipped: not JSON" "bad frame skipped: unknown type" "bad frame skipped: market_data: field" \
    "a binary message skipped" "error frame BROKER_ERROR: Simulated broker error" "late tick for" "HTTP 429" \
    "zerodha: authentication refused: Invalid API key"; do
    grep -q "$want" "$tmp/faults.err" && pass "faults: reported on stderr: $want" \
        || fail "faults: '$want' not reported; stderr: $(head -c 2000 "$tmp/faults.err")"
done
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l][-1]
z = [s for s in h["sources"] if s["name"] == "zerodha"][0]
assert z["bad_frames"] >= 4 and h["late"] >= 1 and h["gave_up"] == 0, h
' "$tmp/faults.out" && pass "faults: HEALTH counts the bad frames and the late tick" \
    || fail "faults: HEALTH: $(grep HEALTH "$tmp/faults.out" | tail -1)"

check_candles whole b
check_candles restart b
check_candles sigterm b
status=$(cat "$tmp/sigterm.status")
stop_ms=$(cat "$tmp/sigterm.ms")
[ $status = 143 ] && [ $stop_ms -lt 2000 ] && pass "SIGTERM: stopped in $stop_ms ms, status 143" \
    || fail "SIGTERM: status $status after $stop_ms ms: $(tail -5 "$tmp/sigterm.err")"
python3 - "$tmp/sigterm.out" "$(rest_of bz)" <<'PY' && pass "SIGTERM: each series' open bar written last, flagged partial, its open the simulator's" \
    || fail "SIGTERM: see above"
import json, sys, urllib.request
lines = [json.loads(l) for l in open(sys.argv[1])]
ok = lines[-1]["type"] == "HEALTH"
if not ok:
    print("SIGTERM: the last line is not a HEALTH line:", lines[-1])
for symbol, exchange in (("NIFTY", "NSE_INDEX"), ("SBIN", "NSE")):
    for tf in ("1m", "5m"):
        series = [e for e in lines if e["type"] == "CANDLE" and e["symbol"] == symbol and e["tf"] == tf]
        partial = [e for e in series if e.get("partial")]
        # A 1m bar lasts 2 s of wall time here: SIGTERM can land after one closed and before the
        # next one's first tick, when there is no open bar to write. A 5m bar always has one.
        if not partial and tf == "1m" and len(series) >= 2:
            print("SIGTERM:", symbol, tf, "had no open bar when stopped; its last bar is closed")
            continue
        if len(partial) != 1 or series[-1] is not partial[0] or len(series) < 2:
            print("SIGTERM:", symbol, tf, len(series), "bars,", len(partial), "partial, not the last one")
            ok = False
            continue
        p = partial[0]
        url = f"{sys.argv[2]}/_sim/bars?symbol={symbol}&exchange={exchange}&tf={tf}"
        sim = {round(b["timestamp"]): b for b in map(json.loads, urllib.request.urlopen(url).read().decode().splitlines())}
        w = sim.get(round(p["timestamp"]))
        if w is None or p["o"] != w["o"] or p["h"] > w["h"] or p["l"] < w["l"]:
            print("SIGTERM: the partial bar is not the start of the simulator's:", p, w)
            ok = False
sys.exit(0 if ok else 1)
PY
python3 - "$tmp/whole.out" "$tmp/restart.out" <<'PY' && pass "restart: 6 hist bars per series first, then live bars equal to the uninterrupted run's" \
    || fail "restart: see above"
import json, sys
def bars(path):
    return [json.loads(l) for l in open(path) if '"CANDLE"' in l and '"partial"' not in l]
whole = {(b["symbol"], b["tf"], b["timestamp"]): b for b in bars(sys.argv[1])}
restart = bars(sys.argv[2])
ok = True
for key in {(b["symbol"], b["tf"]) for b in restart}:
    series = [b for b in restart if (b["symbol"], b["tf"]) == key]
    hist = [b for b in series if b.get("hist")]
    if len(hist) != 6 or series[:6] != hist:
        print("restart:", key, "hist bars:", len(hist), "not first" if series[:6] != hist else "")
        ok = False
    for b in series:
        w = whole.get((b["symbol"], b["tf"], b["timestamp"]))
        if w is not None and any(w[k] != b[k] for k in "ohlcv"):
            print("restart: differs from the uninterrupted run:", b, w)
            ok = False
sys.exit(0 if ok else 1)
PY

python3 - "$tmp/whole.out" <<'PY' && pass "chains: OPTION_CHAIN for NIFTY every --chain-every, the expiry from /expiry, each followed by its SENTIMENT_UPDATE" \
    || fail "chains: see above; what sos-feed said of them: $(grep -i 'expiry\|optionchain\|chain' "$tmp/whole.err" | head -20)"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
chains = [i for i, e in enumerate(lines) if e["type"] == "OPTION_CHAIN"]
ok = len(chains) >= 4
for i in chains:
    c = lines[i]
    after = lines[i + 1] if i + 1 < len(lines) else {}
    if c["symbol"] != "NIFTY" or c["expiry"] != "2025-08-26" or len(c["strikes"]) != 11 or after.get("type") != "SENTIMENT_UPDATE":
        print("chains: unexpected:", json.dumps(c)[:300], after.get("type"))
        ok = False
if not ok:
    print("chains:", len(chains), "OPTION_CHAIN lines")
sys.exit(0 if ok else 1)
PY

# 5. Outside session hours the watchdog is quiet (pair b): with a calendar that makes today
#    (this machine's, in IST) and the days around it holidays, a silent primary raises no
#    alert and no failover, while the replayed 2025 day still gives candles.
# 6. Beside it (pair a), servers that echo the key in their errors (a refused WebSocket
#    authentication, a 403 and a 500 on /history, an error frame): each is still reported,
#    with the key masked.
today=$(TZ=Asia/Kolkata date +%F)
{
    echo "zone +05:30"
    for d in -1 0 1; do echo "$(TZ=Asia/Kolkata date -d "$today $d day" +%F) holiday test"; done
} > "$tmp/holidays.txt"
sim_fault bz '{"fault":"stall","seconds":6}'
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/b.json" --feed zerodha,dhan --symbols $symbols \
    --calendar "$tmp/holidays.txt" --stall-after 2 --health-every 0 --duration 7 --seed 3 \
    > "$tmp/night.out" 2> "$tmp/night.err" &
night_pid=$!
sim_fault ad "{\"fault\":\"http_error\",\"endpoints\":[\"history\"],\"count\":1,\"message\":\"Bad request: {'apikey': '$key'}\"}"
sim_fault ad "{\"fault\":\"auth_fail\",\"target\":\"rest\",\"seconds\":12,\"message\":\"Invalid openalgo apikey $key\"}"
sim_fault ad "{\"fault\":\"auth_fail\",\"target\":\"ws\",\"count\":1,\"message\":\"Invalid API key: $key\"}"
sos-feed live --brokers "$tmp/a.json" --feed dhan --symbols $symbols --session always --history 2 \
    --duration 7 --seed 1 > "$tmp/echo.out" 2> "$tmp/echo.err" &
echo_pid=$!
sleep 4
sim_fault ad "{\"fault\":\"bad_frame\",\"kind\":\"error_frame\",\"message\":\"cannot serve key $key\"}"
wait $echo_pid
wait $night_pid
night_status=$?
for want in "Bad request: {'apikey': '\*\*\*'}" "Invalid openalgo apikey \*\*\*" "cannot serve key \*\*\*" \
    "authentication refused: Invalid API key: \*\*\*"; do
    grep -q "$want" "$tmp/echo.err" && pass "an echoed key is masked: $want" \
        || fail "echoed key: '$want' not on stderr: $(head -c 1500 "$tmp/echo.err")"
done
grep -q '"FEED_DOWN".*Invalid API key: \*\*\*' "$tmp/echo.out" && pass "an echoed key is masked in the ALERT" \
    || fail "echoed key: no FEED_DOWN with the masked message: $(grep ALERT "$tmp/echo.out")"
if grep -q 'FEED_STALE\|FEED_FAILOVER' "$tmp/night.out"; then
    fail "outside session: the watchdog spoke: $(grep ALERT "$tmp/night.out")"
else
    pass "outside session: a silent feed raises no FEED_STALE and no failover"
fi
[ "$night_status" -eq 0 ] && pass "outside session: the run ends with 0" \
    || fail "outside session: status $night_status: $(tail -5 "$tmp/night.err")"
grep -q '"type":"CANDLE"' "$tmp/night.out" && pass "outside session: candles still come once the primary speaks" \
    || fail "outside session: no CANDLE line: $(tail -5 "$tmp/night.err")"

# 7. The dummy key is in no output of any run, error paths included.
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/b.json" --feed zerodha,nosuch --symbols $symbols \
    > "$tmp/badname.out" 2> "$tmp/badname.err"
[ $? = 78 ] && pass "an unknown --feed name: exit 78" || fail "an unknown --feed name: $(cat "$tmp/badname.err")"
chmod 644 "$tmp/dhan.key"
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/b.json" --feed zerodha,dhan --symbols $symbols \
    > "$tmp/widekey.out" 2> "$tmp/widekey.err"
[ $? = 78 ] && grep -q "dhan.key" "$tmp/widekey.err" && pass "a key file others can read: exit 78, named" \
    || fail "a key file others can read: $(cat "$tmp/widekey.err")"
chmod 600 "$tmp/dhan.key"
SOS_TEST_KEY=wrong-key sos-feed live --brokers "$tmp/b.json" --feed zerodha,dhan --symbols $symbols \
    --session always --duration 3 --seed 1 > "$tmp/authfail.out" 2> "$tmp/authfail.err"
grep -q '"code":"FEED_DOWN".*"reason":"authentication failed","source":"zerodha"' "$tmp/authfail.out" \
    && grep -q '"feed on dhan"' "$tmp/authfail.out" \
    && pass "a refused key: FEED_DOWN authentication failed, the feed on dhan" \
    || fail "a refused key: $(grep ALERT "$tmp/authfail.out")"
# A key in a URL of the brokers file: refused, naming the entry and field, not the URL.
cat > "$tmp/urlkey.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_bz_REST", "ws": "$SIM_bz_WS/?apikey=$key", "api_key_env": "SOS_TEST_KEY"}}}
JSON
SOS_TEST_KEY=$key sos-feed live --brokers "$tmp/urlkey.json" --feed zerodha --symbols $symbols \
    > "$tmp/urlkey.out" 2> "$tmp/urlkey.err"
[ $? = 78 ] && grep -q "brokers.zerodha.ws" "$tmp/urlkey.err" && pass "a key in a brokers file's URL: exit 78, the field named" \
    || fail "a key in a URL: $(cat "$tmp/urlkey.err")"
SOS_TEST_KEY=$key SOS_BROKERS="$tmp/b.json" sos-feed live --help > "$tmp/help.out" 2>&1
SOS_TEST_KEY=$key SOS_BROKERS="$tmp/b.json" sos-feed --help > "$tmp/help2.out" 2>&1
if cat "$tmp"/*.out "$tmp"/*.err | grep -qF "$key"; then
    fail "the dummy key appears in an output"
else
    pass "the dummy key appears in no output ($(cat "$tmp"/*.out "$tmp"/*.err | wc -l) lines looked at)"
fi

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
