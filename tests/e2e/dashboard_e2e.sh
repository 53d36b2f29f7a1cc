#!/bin/sh
# sos-journal serve beside a journal a real pipeline is writing: a stream paced like a live one
# (candles of a fixed morning, a signal that sos-risk routes and sos-exec fills and exits on paper,
# others refused, an ALERT) through sos-regime, sos-risk and sos-exec
# into sos-journal, each tool beating HEALTH, while curl reads the dashboard's views and its event
# stream. The views answer while the journal grows, the event stream announces the commits, and once
# the pipeline has ended each view holds what sqlite3 (or status, or replay) finds in the same journal.
# A request that changes state without the token is refused (401); with it, Pause and Resume reach
# the running sos-risk's control socket (--control auto, found by serve's --control-socket auto)
# and the journal records its CONTROL lines with who asked; Kill, with a position open, reaches
# sos-risk and sos-exec flattens it (EXIT KILL), a ticket becomes a manual SIGNAL
# sos-risk checks (and one naming another broker is refused 422); a serve without
# --control-socket answers 501; a foreign Host is refused (403); the token never reaches the
# log; a non-loopback address needs --allow-remote. Bounded: about 8 s of stream, 60 s at most; 127.0.0.1 only.
set -u
bin=${SOS_BIN:?set SOS_BIN to the directory holding the sos tools}
PATH="$bin:$PATH"
tmp=$(mktemp -d)
pipeline= server= events=
trap 'for p in $pipeline $server $events; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
for tool in jq python3 curl sqlite3; do
    command -v $tool >/dev/null 2>&1 || { echo "dashboard_e2e: $tool not found"; exit 1; }
done

cat > "$tmp/live.py" <<'PY'
import json, sys, time
t0 = 1704772800  # Tuesday 2024-01-09 09:30 IST: in a session whenever the test runs
def out(d):
    sys.stdout.write(json.dumps(d, separators=(",", ":")) + "\n")
    sys.stdout.flush()
for i in range(40):
    ts = t0 + 60 * i
    out({"type": "CANDLE", "timestamp": ts, "symbol": "RELIANCE", "tf": "1m", "o": 100 + i, "h": 102 + i,
         "l": 99 + i, "c": 101 + i, "v": 10, "src": "e2e-feed"})
    if i % 10 == 2:
        # The one at 09:52 has its target out of reach: its position is open when the page's Kill comes.
        mult = 30 if i == 22 else 1
        out({"type": "SIGNAL", "timestamp": ts + 60, "symbol": "RELIANCE", "id": "e2e:RELIANCE:1m:%d" % ts,
             "pattern_id": "e2e", "kind": "pattern", "side": "BUY", "tf": "1m", "candle_ts": ts, "entry": 102 + i,
             "sl": 99 + i, "tp": 102 + i + 3 * mult, "risk": 3, "tp_mult": mult, "quantity_mod": 1,
             "regime": "SIDEWAYS", "vars": {}})
    if i == 20:
        out({"type": "ALERT", "timestamp": ts + 60, "level": "warn", "code": "E2E_ALERT", "message": "an alert",
             "tool": "e2e"})
    time.sleep(0.2)
PY

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
db="$tmp/live.db"
secret="dummy-dashboard-token-e2e-4711"
export XDG_RUNTIME_DIR="$tmp"

cat > "$tmp/brokers.json" <<'JSON'
{"brokers": {"zerodha": {"rest": "http://127.0.0.1:9", "ws": "ws://127.0.0.1:9", "api_key_env": "SOS_KEY_Z"},
             "dhan": {"rest": "http://127.0.0.1:9", "ws": "ws://127.0.0.1:9", "api_key_env": "SOS_KEY_D"}}}
JSON
SOS_DASHBOARD_TOKEN=$secret sos-journal serve --db "$db" --listen "127.0.0.1:$port" --session always \
    --control-socket auto --brokers "$tmp/brokers.json" --pipeline-broker zerodha 2> "$tmp/serve.err" &
server=$!
i=0
until curl -s -o /dev/null "$url/metrics" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
curl -s -N "$url/api/events" > "$tmp/events" &
events=$!

( python3 "$tmp/live.py" | sos-regime --health-every 1 | sos-risk --health-every 1 --control auto --feedback "$tmp/fb" \
    | sos-exec --health-every 1 --feedback "$tmp/fb" | sos-journal --db "$db" --run live --health-every 1 --out /dev/null ) \
    2> "$tmp/pipeline.err" &
pipeline=$!

# Read beside the writer until it ends (60 s at most); once the pipeline runs, act on it from the
# dashboard as the page does.
post() { curl -s -m 10 -o "$tmp/act.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $secret" -d "$2" "$url$1"; }
acted=
killed=
# A position that stays open until killed: the ticket's (its target 500) or the 09:52 signal's.
held="SELECT count(*) > 0 FROM fills f WHERE hist = 0 AND (order_id LIKE 'manual:%' OR order_id LIKE 'e2e:RELIANCE:1m:1704774120#%')
    AND NOT EXISTS (SELECT 1 FROM exits x WHERE x.order_id = f.order_id)"
open_positions="SELECT count(*) > 0 FROM fills f WHERE hist = 0 AND NOT EXISTS (SELECT 1 FROM exits x WHERE x.order_id = f.order_id)"
reads=0 bad=0
started=$(date +%s)
while kill -0 "$pipeline" 2>/dev/null && [ $(($(date +%s) - started)) -lt 60 ]; do
    for v in status pipeline positions pnl candles signals alerts regimes; do
        code=$(curl -s -m 5 -o "$tmp/read.json" -w '%{http_code}' "$url/api/$v")
        # 503 until the journal has its first run; every answer after that is an answer.
        case $code in
            200) reads=$((reads + 1)) ;;
            503) [ $reads -gt 0 ] && bad=$((bad + 1)) ;;
            *) bad=$((bad + 1)); echo "api/$v: $code $(head -c 200 "$tmp/read.json")" ;;
        esac
    done
    if [ -z "$acted" ] && [ $reads -ge 16 ]; then
        acted=1
        code=$(post /api/control '{"command":"pause"}')
        [ "$code" = 200 ] && pass "Pause with the token reaches sos-risk: $(cat "$tmp/act.json")" || fail "pause: $code $(cat "$tmp/act.json")"
        code=$(post /api/control '{"command":"resume"}')
        [ "$code" = 200 ] && pass "Resume reaches sos-risk" || fail "resume: $code $(cat "$tmp/act.json")"
        code=$(post /api/order '{"symbol":"RELIANCE","side":"BUY","qty":1,"stop":"50","target":"500","feed_broker":"zerodha","exec_broker":"dhan"}')
        [ "$code" = 422 ] && grep -q 'execution broker is zerodha' "$tmp/act.json" && pass "a ticket for another broker: 422, unsent" \
            || fail "ticket for dhan: $code $(cat "$tmp/act.json")"
        code=$(post /api/order '{"symbol":"RELIANCE","side":"BUY","qty":1,"stop":"50.05","target":"500","feed_broker":"zerodha","exec_broker":"zerodha"}')
        [ "$code" = 200 ] || [ "$code" = 409 ] && pass "the ticket reaches sos-risk as a manual signal: $code $(cat "$tmp/act.json")" \
            || fail "ticket: $code $(cat "$tmp/act.json")"
    fi
    # Kill, once a position that only a kill closes is open (its fill journaled): sos-risk's
    # kill switch, and sos-exec flattens it on the next candle (EXIT KILL).
    if [ -n "$acted" ] && [ -z "$killed" ] && [ "$(sqlite3 "$db" "$held" 2>/dev/null)" = 1 ]; then
        killed=1
        code=$(post /api/control '{"command":"kill"}')
        [ "$code" = 200 ] && pass "Kill with the token reaches sos-risk: $(cat "$tmp/act.json")" || fail "kill: $code $(cat "$tmp/act.json")"
    fi
    sleep 0.2
done
wait "$pipeline"
prc=$?
pipeline=
[ $prc = 0 ] && pass "the pipeline ran to its end" || fail "pipeline status $prc: $(head -5 "$tmp/pipeline.err")"
[ $reads -ge 40 ] && [ $bad = 0 ] && pass "$reads reads of the views while the journal was written, none failed" \
    || fail "$reads reads, $bad failed"
sleep 0.5
changes=$(grep -c '^event: change' "$tmp/events")
[ "$changes" -ge 5 ] && pass "the event stream announced $changes changes while the journal was written" \
    || fail "the event stream announced $changes changes: $(head -c 300 "$tmp/events")"

# What the views hold, against the journal itself.
q() { sqlite3 "$db" "$1"; }
me=$(id -un)
n=$(q "SELECT group_concat(command || ':' || asked_by, ' ') FROM (SELECT * FROM controls ORDER BY id)")
[ "$n" = "pause:$me resume:$me kill:$me" ] && pass "the journal's CONTROL rows, with who asked: $n" || fail "CONTROL rows: '$n'"
n=$(q "SELECT count(*) FROM controls WHERE command = 'kill' AND at > 0 AND asked_by = '$me'")
m=$(q "SELECT count(*) FROM exits WHERE reason = 'KILL'")
[ "$n" = 1 ] && [ "$m" -ge 1 ] && [ "$(q "$open_positions")" = 0 ] \
    && pass "the page's Kill flattened the open position through sos-exec ($m EXIT KILL, nothing left open), journaled with who and when" \
    || fail "kill: $n CONTROL rows with who and when, $m EXIT KILL, open: $(q "$open_positions")"
n=$(q "SELECT count(*) FROM signals WHERE asked_by = '$me' AND symbol = 'RELIANCE' AND abs(sl - 50.05) < 1e-9")
[ "$n" = 1 ] && pass "the journal holds the ticket's manual SIGNAL, its stop 50.05" || fail "manual signals: $n"
get() { curl -s -m 5 "$url$1"; }
n=$(get /api/candles | jq '.candles | length')
m=$(sos-journal replay --db "$db" --types CANDLE | grep -c '"symbol":"RELIANCE"')
[ "$n" = "$m" ] && [ "$n" = 40 ] && pass "candles: the 40 the journal holds" || fail "candles: $n shown, $m in the journal"
n=$(get '/api/candles?symbol=RELIANCE&tf=1m' | jq '[.markers[] | select(.kind == "entry")] | length')
m=$(q "SELECT count(*) FROM fills f WHERE symbol = 'RELIANCE' AND hist = 0 AND side = (SELECT side FROM fills g WHERE g.order_id = f.order_id ORDER BY id LIMIT 1)")
[ "$n" = "$m" ] && [ "$n" -ge 1 ] && pass "entries marked on the chart: $n, as the fills table" || fail "entries: $n shown, $m fills"
n=$(get /api/positions | jq '.orders | length')
m=$(q "SELECT count(*) FROM orders WHERE hist = 0")
[ "$n" = "$m" ] && [ "$n" -ge 1 ] && pass "orders: $n, as the orders table" || fail "orders: $n shown, $m in the journal"
n=$(get /api/positions | jq -c '[.orders[] | .status]')
m=$(q "SELECT json_group_array(coalesce((SELECT status FROM order_updates u WHERE u.order_id = o.order_id ORDER BY id DESC LIMIT 1), 'SENT')) FROM (SELECT * FROM orders WHERE hist = 0 ORDER BY id DESC) o")
[ "$n" = "$m" ] && pass "each order's state is its last ORDER_UPDATE's: $n" || fail "order states $n, journal $m"
n=$(get /api/alerts | jq -r '[.alerts[] | select(.code == "E2E_ALERT")] | length')
m=$(q "SELECT count(*) FROM alerts WHERE code = 'E2E_ALERT'")
[ "$n" = 1 ] && [ "$m" = 1 ] && pass "the alert is shown" || fail "alerts: $n shown, $m in the journal"
n=$(get /api/signals | jq '.total.signals')
m=$(q "SELECT count(*) FROM signals WHERE hist = 0")
[ "$n" = "$m" ] && [ "$n" = 5 ] && pass "signals: the 5 the journal holds (the ticket's among them)" || fail "signals: $n shown, $m in the journal"
n=$(get /api/report | jq -c '[.trades[] | [.order_id, .pnl_paise]]')
m=$(q "SELECT json_group_array(json_array(order_id, pnl_paise)) FROM (SELECT * FROM trades ORDER BY entry_ts)")
[ "$n" = "$m" ] && [ "$n" != "[]" ] && pass "the report's trades and their net P&L are the trades view's: $n" || fail "report trades $n, journal $m"
n=$(get /api/quality | jq -c .total)
m=$(sos-journal quality --db "$db" --json | jq -c .total)
[ "$n" = "$m" ] && pass "/api/quality is quality --json: $n" || fail "quality $n vs $m"
n=$(get /api/pipeline | jq -c '[.tools[].tool] | sort')
m=$(q "SELECT json_group_array(tool) FROM (SELECT DISTINCT tool FROM health ORDER BY tool)")
[ "$n" = "$m" ] && pass "the pipeline's tools: $n" || fail "tools $n, journal $m"
n=$(get /api/status | jq -c '{day, positions, kill, regimes, run}')
m=$(sos-journal status --db "$db" --json --session always | jq -c '{day, positions, kill, regimes, run}')
[ "$n" = "$m" ] && pass "/api/status holds what status --json holds: $(echo "$n" | jq -c .day)" || fail "status differs: $n vs $m"
n=$(get /api/pnl | jq '.points[-1].total_paise // 0')
m=$(echo "$m" | jq '.day.total_paise')
[ "$n" = "$m" ] && pass "the P&L curve ends at the day's total ($m paise)" || fail "the P&L curve ends at $n, the day at $m"
n=$(get /metrics | awk '$1 == "sos_day_pnl_paise{part=\"total\"}" { print $2 }')
[ "$n" = "$m" ] && pass "/metrics: the day's P&L $n paise" || fail "/metrics day total $n, status $m"
n=$(get /metrics | grep -c '^sos_tool_health_age_seconds{tool=')
[ "$n" -ge 3 ] && pass "/metrics: $n tools' HEALTH ages" || fail "/metrics: $n tools"

# Access.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{"command":"pause"}' "$url/api/control")
[ "$code" = 401 ] && pass "a control action without the token: 401" || fail "a control action without the token: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer wrong" -d '{"command":"kill"}' "$url/api/control")
[ "$code" = 401 ] && pass "with a wrong token: 401" || fail "with a wrong token: $code"
code=$(curl -s -o "$tmp/ctl.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $secret" -d '{"command":"pause"}' "$url/api/control")
[ "$code" = 503 ] && grep -q 'no running sos-risk' "$tmp/ctl.json" && pass "with the pipeline gone: 503 no running sos-risk" \
    || fail "with the pipeline gone: $code $(cat "$tmp/ctl.json")"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/api/order")
[ "$code" = 401 ] && pass "an order without the token or a body: 401" || fail "an order without the token: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: attacker.example' "$url/api/status")
[ "$code" = 403 ] && pass "a read under a foreign Host: 403" || fail "a read under a foreign Host: $code"

kill "$events" 2>/dev/null
kill -TERM "$server"
i=0
while kill -0 "$server" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait "$server"
src=$?
server=
[ $src = 143 ] && pass "SIGTERM: exit 143 within $((i / 10)) s" || fail "after SIGTERM: status $src"
grep -q "$secret" "$tmp/serve.err" && fail "the token reached the log" || pass "the token never reached the log"
grep -q 'token: SOS_DASHBOARD_TOKEN' "$tmp/serve.err" && pass "the log says where the token came from (at the default level)" \
    || fail "log: $(head -3 "$tmp/serve.err")"

# A non-loopback address needs --allow-remote; without a token anywhere, one is made owner-only.
sos-journal serve --db "$db" --listen "0.0.0.0:$port" 2> "$tmp/remote.err"
[ $? = 64 ] && grep -q 'allow-remote' "$tmp/remote.err" && pass "0.0.0.0 without --allow-remote: exit 64" \
    || fail "0.0.0.0 without --allow-remote: $(cat "$tmp/remote.err")"
sos-journal serve --db "$db" --listen "127.0.0.1:$port" --brokers "$tmp/brokers.json" --pipeline-feed upstox 2> "$tmp/feed.err"
[ $? = 64 ] && grep -q 'pipeline-feed: upstox is not an entry' "$tmp/feed.err" && pass "--pipeline-feed not in the brokers file: exit 64" \
    || fail "--pipeline-feed upstox: $(cat "$tmp/feed.err")"
sos-journal serve --db "$db" --listen "127.0.0.1:$port" 2> "$tmp/new.err" &
server=$!
i=0
until [ -s "$tmp/sos-dashboard.token" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
mode=$(stat -c %a "$tmp/sos-dashboard.token" 2>/dev/null)
[ "$mode" = 600 ] && pass "a new token, in an owner-only file" || fail "new token file mode: '$mode'"
i=0
until grep -q "token: new, in $tmp/sos-dashboard.token" "$tmp/new.err" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "token: new, in $tmp/sos-dashboard.token" "$tmp/new.err" && pass "the log names the new token's file" \
    || fail "log: $(cat "$tmp/new.err")"
new=$(cat "$tmp/sos-dashboard.token")
i=0
until curl -s -o /dev/null "$url/metrics" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $new" -d '{"command":"resume"}' "$url/api/control")
[ "$code" = 501 ] && pass "the new token is the one in force (no --control-socket: 501)" || fail "with the new token: $code"
kill -TERM "$server"; wait "$server"; server=
grep -q "$new" "$tmp/new.err" && fail "the new token reached the log" || true

[ $fails = 0 ] && echo "all dashboard e2e checks passed"
exit $fails
