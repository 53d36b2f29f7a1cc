#!/bin/sh
# sos-alert end to end, against the project's Telegram and webhook server (tests/tier-sims/
# hook-sim) on 127.0.0.1, with a dummy bot token and chat id:
# 1. up: every line passes through byte for byte into sos-journal; Telegram gets the words of
#    each chosen ALERT (one per code per 60 s of event time) and of each FILL and EXIT, never
#    an ORDER or an acknowledgement; the webhook gets each such line as its JSON body, the
#    command each line on its standard input; HEALTH counts them.
# 2. outage: 500, 500, then a 429 with retry_after 1: every notice still arrives, after the
#    wait Telegram asked for; the retries are counted; exit 0.
# 3. down (connection refused) and stalled (the request read, never answered): the stream
#    still passes whole and on time (a line's way through sos-alert measured while Telegram
#    stalls: each attempt then waits its 1 s timeout, so a stream that waited on it would show
#    lines a second late; half a second is allowed for a loaded machine); HEALTH says retrying
#    and what was left unsent; exit 0.
# 4. a live broker: sos-exec --live against the OpenAlgo simulator; Telegram hears of the
#    FILL from the trade book, never of the acknowledgement (ORDER_UPDATE OPEN).
# 5. the token and chat id are in no output, diagnostic, journal or command input of any run,
#    and a credentials file others can read is refused (78) naming it, not its contents.
# Bounded: about 30 s.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
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

token=987654321:DUMMYe2eTOKENc0ffee-_7Qx
chat=-1004242424242
hookpath=/hooks/T0DUMMY/B0DUMMYPATH
umask 077
printf 'SOS_TELEGRAM_TOKEN=%s\nSOS_TELEGRAM_CHAT_ID=%s\n' "$token" "$chat" > "$tmp/bot.env"

tier_start hook hook-sim --token "$token" --chat "$chat" || exit 1
url=$TIER_hook_URL
received() {  # SINK [FIELD]: what hook-sim took (status 200) for SINK, one JSON value a line
    curl -sf "$url/_received" | jq -c --arg s "$1" --arg f "${2:-text}" \
        '.received[] | select(.sink==$s and .status==200) | .[$f]'
}
attempts() {  # SINK: how many requests hook-sim was sent for SINK, answered or not
    curl -sf "$url/_received" | jq --arg s "$1" '[.received[] | select(.sink==$s)] | length'
}
reset_hook() { tier_stop hook; tier_start hook hook-sim --token "$token" --chat "$chat" || exit 1; url=$TIER_hook_URL; }
health() {  # FILE: the last HEALTH line's sinks, compact
    grep '"type":"HEALTH"' "$1" | tail -1 | jq -c '[.notices, .cooled, (.sinks[] | [.sink, .state, .sent, .retries, .failed, .unsent])]'
}

# A session's stream, dated now: candles, alerts (FEED_STALE three times within a minute),
# an order, its acknowledgement, its fill and its exit.
now=$(date +%s)
python3 - "$now" > "$tmp/stream.ndjson" <<'PY'
import json, sys
t = int(sys.argv[1]) - 600
lines = []
def add(**e):
    lines.append(json.dumps(e, separators=(",", ":")))
for i in range(300):
    add(type="CANDLE", timestamp=t + i, symbol="SBIN", tf="1m", o=600, h=601, l=599, c=600.5, v=100 + i)
    if i == 10:
        add(type="ALERT", timestamp=t + i, level="warn", code="FEED_STALE", message="kotak: connected but silent", tool="sos-feed", source="kotak")
    if i == 40:
        add(type="ALERT", timestamp=t + i, level="warn", code="FEED_STALE", message="kotak: still silent", tool="sos-feed")
    if i == 50:
        add(type="ALERT", timestamp=t + i, level="info", code="FEED_RECOVERED", message="kotak: ticks again", tool="sos-feed")
    if i == 100:
        add(type="ORDER", timestamp=t + i, symbol="SBIN", id="o-1", signal_id="s-1", side="BUY", qty=10, order_type="MARKET", product="MIS", strategy="E2E")
        add(type="ORDER_UPDATE", timestamp=t + i, symbol="SBIN", id="o-1", broker_order_id="b-1", status="OPEN", filled_qty=0, mode="paper")
        add(type="FILL", timestamp=t + i + 1, symbol="SBIN", order_id="o-1", side="BUY", qty=10, price=600.55, mode="paper")
    if i == 200:
        add(type="EXIT", timestamp=t + i, symbol="SBIN", order_id="o-1", reason="TP", price=610, qty=10, pnl=94.5, mode="paper")
    if i == 250:
        add(type="ALERT", timestamp=t + i, level="warn", code="FEED_STALE", message="kotak: silent again", tool="sos-feed")
        add(type="ALERT", timestamp=t + i, level="crit", code="DAILY_LOSS_HIT", message="day loss 5000.00 reached the limit", tool="sos-risk")
print("\n".join(lines))
PY
want_tg='"WARN FEED_STALE from sos-feed|"INFO FEED_RECOVERED from sos-feed|"FILL paper: BUY 10 SBIN at 600.55|"EXIT paper: TP 10 SBIN at 610.00, P&L 94.50|"WARN FEED_STALE from sos-feed|"CRIT DAILY_LOSS_HIT from sos-risk'
tg_heads() { received telegram | cut -d'\' -f1 | tr '\n' '|' | sed 's/|$//'; }

# 1. Up, into a journal.
sos-alert --telegram --telegram-url "$url" --telegram-file "$tmp/bot.env" --webhook "$url$hookpath" \
    --command "cat >> '$tmp/cmd.in'" --health-every 3600 < "$tmp/stream.ndjson" 2> "$tmp/up.err" |
    sos-journal --db "$tmp/up.db" --health-every 0 > "$tmp/up.out" 2> "$tmp/up.jerr"
status=$?
[ $status = 0 ] && pass "up: exit 0" || fail "up: exit $status: $(cat "$tmp/up.err" "$tmp/up.jerr")"
grep -v '"type":"HEALTH"' "$tmp/up.out" | cmp -s - "$tmp/stream.ndjson" && pass "up: every line passed through byte for byte" \
    || fail "up: the stream changed"
sos-journal replay --db "$tmp/up.db" 2>/dev/null | grep -v '"type":"HEALTH"' | cmp -s - "$tmp/stream.ndjson" \
    && pass "up: the journal holds the stream as it was" || fail "up: the journal differs from the stream"
[ "$(tg_heads)" = "$want_tg" ] && pass "up: Telegram got each ALERT once per code per 60 s, the FILL and the EXIT, in order" \
    || fail "up: Telegram got $(tg_heads)"
received telegram chat_id | sort -u | grep -qx "\"$chat\"" && [ "$(received telegram chat_id | sort -u | wc -l)" = 1 ] \
    && pass "up: every message to the chat id of the file" || fail "up: chat ids $(received telegram chat_id | sort -u)"
want_lines=$(grep -E '"type":"(ALERT|FILL|EXIT)"' "$tmp/stream.ndjson" | python3 -c '
import json, sys
last = {}
for line in sys.stdin:
    e = json.loads(line)
    if e["type"] == "ALERT":
        c = e["code"]
        if c in last and e["timestamp"] - last[c] < 60:
            continue
        last[c] = e["timestamp"]
    print(line, end="")')
[ "$(received webhook body | jq -c . )" = "$(printf '%s\n' "$want_lines" | jq -c .)" ] \
    && [ "$(received webhook path | sort -u)" = "\"$hookpath\"" ] \
    && pass "up: the webhook got each chosen line as its JSON body, at its path" || fail "up: webhook $(received webhook body | head -3)"
[ "$(cat "$tmp/cmd.in")" = "$want_lines" ] && pass "up: the command got each chosen line on its standard input" \
    || fail "up: the command got $(head -3 "$tmp/cmd.in")"
h=$(health "$tmp/up.out")
[ "$h" = '[6,1,["telegram","up",6,0,0,0],["webhook","up",6,0,0,0],["command","up",6,0,0,0]]' ] \
    && pass "up: HEALTH: 6 notices, 1 cooled, each way out up with 6 sent" || fail "up: HEALTH $h"

# 2. An outage: 500, 500, then flood control asking for 1 s.
reset_hook
tier_fault hook '{"fault":"status","status":500,"count":2,"symbols":["telegram"]}'
tier_fault hook '{"fault":"status","status":429,"retry_after":1,"count":1,"symbols":["telegram"]}'
t0=$(date +%s.%N)
sos-alert --telegram --telegram-url "$url" --telegram-file "$tmp/bot.env" --health-every 3600 --drain 20 \
    < "$tmp/stream.ndjson" > "$tmp/outage.out" 2> "$tmp/outage.err"
status=$?
t1=$(date +%s.%N)
[ $status = 0 ] && [ "$(tg_heads)" = "$want_tg" ] && pass "outage: every message arrived, in order, exit 0" \
    || fail "outage: exit $status, Telegram got $(tg_heads): $(cat "$tmp/outage.err")"
h=$(health "$tmp/outage.out")
[ "$h" = '[6,1,["telegram","up",6,3,0,0]]' ] && pass "outage: HEALTH counts 3 retries, none failed" || fail "outage: HEALTH $h"
python3 -c "import sys; sys.exit(0 if $t1 - $t0 >= 1.0 else 1)" && pass "outage: Telegram's retry_after was waited" \
    || fail "outage: done in $(python3 -c "print($t1 - $t0)") s, under the 1 s asked"
grep -q 'telegram: HTTP 500: Internal Server Error (trying again with back-off; counted in HEALTH)' "$tmp/outage.err" \
    && grep -q 'telegram: delivering again, after 3 failed attempts' "$tmp/outage.err" \
    && pass "outage: said once when it began and once when it ended" || fail "outage: stderr $(cat "$tmp/outage.err")"

# 3. Down (nothing listens) and stalled: the stream passes whole, on time.
dead="http://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
t0=$(date +%s.%N)
sos-alert --telegram --telegram-url "$dead" --telegram-file "$tmp/bot.env" --health-every 3600 --drain 1 \
    < "$tmp/stream.ndjson" > "$tmp/down.out" 2> "$tmp/down.err"
status=$?
t1=$(date +%s.%N)
[ $status = 0 ] && grep -v '"type":"HEALTH"' "$tmp/down.out" | cmp -s - "$tmp/stream.ndjson" \
    && pass "down: exit 0, every line passed through" || fail "down: exit $status: $(cat "$tmp/down.err")"
python3 -c "import sys; sys.exit(0 if $t1 - $t0 < 5 else 1)" && pass "down: done in $(python3 -c "print(round($t1 - $t0, 2))") s (--drain 1)" \
    || fail "down: took $(python3 -c "print($t1 - $t0)") s"
h=$(health "$tmp/down.out")
case "$h" in
'[6,1,["telegram","retrying",0,'*',0,6]]') pass "down: HEALTH: retrying, 6 unsent at the end" ;;
*) fail "down: HEALTH $h" ;;
esac
[ "$(grep -c 'trying again with back-off' "$tmp/down.err")" = 1 ] && grep -q 'telegram: 6 notices not delivered by the end (--drain 1 s)' "$tmp/down.err" \
    && pass "down: the outage said once, the loss at the end once" || fail "down: stderr $(cat "$tmp/down.err")"

reset_hook
tier_fault hook '{"fault":"stall","hold":60,"count":100,"symbols":["telegram"]}'
python3 - "$tmp/stream.ndjson" "$tmp/stall.lat" "$tmp/stall.out" "$tmp/stall.err" "$url" "$tmp/bot.env" <<'PY'
# Lines one at a time, 2 ms apart, each timed from its write to its read back, while every
# Telegram request stalls (each attempt waits its 1 s timeout).
import os, subprocess, sys, time, threading
lines = open(sys.argv[1], "rb").read().splitlines(keepends=True)
p = subprocess.Popen(["sos-alert", "--telegram", "--telegram-url", sys.argv[5], "--telegram-file", sys.argv[6],
                      "--timeout", "1", "--health-every", "3600", "--drain", "0.5"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(sys.argv[4], "wb"))
sent = []
def writer():
    for l in lines:
        sent.append(time.perf_counter())
        p.stdin.write(l); p.stdin.flush()
        time.sleep(0.002)
    p.stdin.close()
th = threading.Thread(target=writer); th.start()
out, lat = open(sys.argv[3], "wb"), []
for i in range(len(lines)):
    got = p.stdout.readline()
    lat.append(time.perf_counter() - sent[i])
    out.write(got)
out.write(p.stdout.read()); out.close()
th.join(); p.wait()
lat.sort()
open(sys.argv[2], "w").write("%d %.1f %.1f %d\n" % (len(lat), lat[len(lat) // 2] * 1e3, lat[-1] * 1e3, p.returncode))
PY
read n p50 max st < "$tmp/stall.lat"
python3 -c "import sys; sys.exit(0 if $max < 500 and $st == 0 else 1)" \
    && pass "stalled: $n lines, each through sos-alert in $p50 ms (median), $max ms at most, while Telegram stalls" \
    || fail "stalled: median $p50 ms, max $max ms, exit $st: $(cat "$tmp/stall.err")"
[ "$(attempts telegram)" -ge 1 ] && [ "$(received telegram | wc -l)" = 0 ] && pass "stalled: Telegram took requests and answered none" \
    || fail "stalled: $(attempts telegram) attempts, $(received telegram | wc -l) answered"

# 4. A live broker: the fill from the trade book is told, the acknowledgement is not.
sim_start z --broker zerodha --start 2025-08-22T10:00 --speed 1 --session always --history-pace 0 \
    --seed 3 --api-key sos-dummy-key-alerts || exit 1
cat > "$tmp/brokers.json" <<JSON
{"brokers": {"zerodha": {"rest": "$SIM_z_REST", "ws": "$SIM_z_WS", "api_key_env": "SOS_TEST_KEY", "live": true}}}
JSON
reset_hook
printf '{"type":"ORDER","timestamp":1755837000,"symbol":"SBIN","id":"L1","signal_id":"L1","tf":"1m","side":"BUY","qty":10,"order_type":"MARKET","product":"MIS","strategy":"E2E","underlying":"SBIN","signal_side":"BUY","src":"sos-risk"}\n' > "$tmp/live.in"
: > "$tmp/live.exec"
{ cat "$tmp/live.in"; n=0; while ! grep -q '"type":"FILL"' "$tmp/live.exec" && [ $n -lt 300 ]; do sleep 0.2; n=$((n + 1)); done; } |
    SOS_TEST_KEY=sos-dummy-key-alerts sos-exec --live --brokers "$tmp/brokers.json" --broker zerodha \
        --state "$tmp/live.state" --book-every 300 2> "$tmp/live.exec.err" | tee "$tmp/live.exec" |
    sos-alert --telegram --telegram-url "$url" --telegram-file "$tmp/bot.env" > "$tmp/live.out" 2> "$tmp/live.err"
heads=$(received telegram | cut -c1-20 | tr '\n' '|')
grep -q '"status":"OPEN"' "$tmp/live.exec" && [ "$heads" = '"FILL live: BUY 10 S|' ] \
    && pass "live: Telegram heard of the FILL from the trade book only, not the OPEN acknowledgement" \
    || fail "live: Telegram got $heads: $(cat "$tmp/live.exec.err" "$tmp/live.err")"

# 5. Secrets: in nothing sos wrote; a file others can read is refused.
chmod 644 "$tmp/bot.env"
sos-alert --telegram --telegram-file "$tmp/bot.env" < /dev/null > "$tmp/wide.out" 2> "$tmp/wide.err"
status=$?
[ $status = 78 ] && grep -qF "$tmp/bot.env can be read by others (mode 0644): make it owner-only" "$tmp/wide.err" \
    && pass "secrets: a credentials file others can read is refused (78), naming it" || fail "secrets: exit $status: $(cat "$tmp/wide.err")"
leaks=""
for f in "$tmp"/*.out "$tmp"/*.err "$tmp"/*.jerr "$tmp"/*.db* "$tmp"/cmd.in "$tmp"/*.lat "$tmp"/live.exec "$tmp"/live.state; do
    [ -e "$f" ] || continue
    for s in "$token" "$chat" "DUMMYe2eTOKEN" "B0DUMMYPATH"; do
        grep -qaF -- "$s" "$f" && leaks="$leaks $(basename "$f"):$s"
    done
done
[ -z "$leaks" ] && pass "secrets: no token, chat id or webhook path in any output, diagnostic, journal or command input" \
    || fail "secrets: found$leaks"

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
