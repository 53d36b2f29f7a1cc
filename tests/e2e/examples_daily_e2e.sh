#!/bin/sh
# The daily routine as shipped (examples/systemd/, examples/cron/) and the TOMIC templates it
# runs, as a user runs them, against two OpenAlgo simulators (zerodha: the feed; kotak: the
# executing account) and the Telegram test server (hook-sim), all on 127.0.0.1:
#   1. every unit passes systemd-analyze verify (a parse check where it is missing);
#   2. the start's checks (sos-live.service's ExecCondition and ExecStartPre, run with the
#      unit's environment): both instances answer and take their keys; an instance down fails
#      with 69 naming it, a refused key with 77 saying what to do, an environment file others
#      can read with 78; a holiday skips the day;
#   3. the signal routing template (sos-live.service's ExecStart, tomic-split.sh): the zerodha
#      feed through regime, match, risk and a dry run on kotak into the journal; sos-ctl pauses
#      and resumes its sos-risk, the journal holds both CONTROLs with who asked; SIGTERM to the
#      script alone (KillMode=mixed) stops the feed, the rest drains, the run ends, exit 0;
#      with the feedback joined, an open live position's marked loss, then a live stop-out, trip
#      sos-risk's daily loss limit, and sos-journal status shows the open position marked;
#   4. the observability template (sos-watch.service): the stopped pipeline's journal gives
#      STATUS_STOPPED to Telegram; a journal whose tools went quiet gives TOOL_SILENT; a missing
#      journal JOURNAL_UNREADABLE;
#   5. after the close (sos-close.service): a position left at kotak fails it, named; once the
#      broker has squared it off, it passes;
#   6. the nightly report (sos-nightly.service): the day's report and picture;
#   7. a failed unit is told to Telegram (sos-notify@.service);
#   8. the crontab's lines, their command parts run by sh with the crontab's variables;
#   9. the options-selling template: the volatility structures gated by regime and VIX flags
#      (a recorded stream), and the pipeline on the live feed (paper orders);
#  10. no key or token in any output, diagnostic or journal.
# Where the real day waits for the clock (15:35), the tests stop the feed after a few seconds
# (SOS_FEED_DURATION, which SOS_STOP_AT gives way to, and SOS_WATCH_ROUNDS, as a drop-in would
# set them, so the time of day does not matter); Telegram is the local
# hook-sim (--telegram-url, likewise). The live runs ask for no option chains
# (SOS_CHAIN_EVERY=0): the simulator prices a chain for a minute of its CPU on a loaded machine,
# answering nothing else meanwhile; the recorded options-selling run has chains. Bounded: about
# two minutes.
# shellcheck disable=SC2154 # SIM_* and TIER_* are set by sim_start and tier_start
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/openalgo-sim/sim-env.sh"
. "$src/tests/tier-sims/tier-env.sh"
runner=""
trap '[ -z "$runner" ] || kill "$runner" 2> /dev/null; tier_stop_all; sim_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
units=$src/examples/systemd
unit() {  # UNIT [unit_run.py options]: with the test's calendar, as a drop-in would set it
    _u=$1
    shift
    python3 "$src/tests/e2e/unit_run.py" "$_u" --set "SOS_CALENDAR=$tmp/calendar.txt" "$@"
}
bars() {  # DB live|hist: how many candles the journal holds, live or history (0 for no journal)
    sos-journal summary --db "$1" --json 2> /dev/null \
        | jq --arg w "$2" '[.types[] | select(.type=="CANDLE") | if $w == "hist" then .hist else .events - .hist end] | add // 0' \
        || echo 0
}
unit_value() {  # UNIT NAME: the value the unit's Environment= gives NAME
    sed -n "s/^Environment=\"\\{0,1\\}$2=\\([^\"]*\\)\"\\{0,1\\}\$/\\1/p" "$units/$1"
}
to_hook() {  # UNIT NAME: NAME=its value in the unit, Telegram pointed at hook-sim (a drop-in's line)
    echo "$2=$(unit_value "$1" "$2") --telegram-url $TIER_hook_URL"
}
any_line() { jq -s -e "any(.[]; $2)" "$1" > /dev/null; }  # FILE FILTER: some line of FILE matches

key=sos-dummy-key-d41y-5e7c0
token=987654321:DUMMYdailyTOKEN-c0ffee
chat=-1009090909090
now=$(date +%s)
today=$(TZ=Asia/Kolkata date +%Y-%m-%d)
sim_start z --broker zerodha --start 2025-08-22T10:00 --speed 10 --session always --history-pace 0 --seed 3 --api-key "$key" || exit 1
sim_start k --broker kotak --start 2025-08-22T10:00 --speed 1 --session always --history-pace 0 --seed 4 --api-key "$key" || exit 1
tier_start hook hook-sim --token "$token" --chat "$chat" || exit 1
tg="--telegram --telegram-url $TIER_hook_URL"
telegram() { curl -sf "$TIER_hook_URL/_received" | jq -r '.received[] | select(.sink=="telegram" and .status==200) | .text'; }

# The user's home as the units expect it: the repository at ~/sos (built: ~/sos/build/bin), the
# brokers file and the owner-only environment file in ~/.config/sos. Today is a trading day on
# the test's calendar whatever the real date, its session round the clock.
home=$tmp/home
mkdir -p "$home/sos/build" "$home/.config/sos"
for d in examples strategies data docs; do ln -s "$src/$d" "$home/sos/$d"; done
ln -s "$bin" "$home/sos/build/bin"
sed -e "s|http://127.0.0.1:5000|$SIM_k_REST|; s|ws://127.0.0.1:8765|$SIM_k_WS|" \
    -e "s|http://127.0.0.1:5002|$SIM_z_REST|; s|ws://127.0.0.1:8767|$SIM_z_WS|" \
    "$src/examples/tomic-split-brokers.json" > "$home/.config/sos/brokers.json"
(umask 077; printf 'SOS_KEY_ZERODHA=%s\nSOS_KEY_KOTAK=%s\nSOS_TELEGRAM_TOKEN=%s\nSOS_TELEGRAM_CHAT_ID=%s\n' \
    "$key" "$key" "$token" "$chat" > "$home/.config/sos/sos.env")
{ grep -v "^$today " "$src/data/nse-calendar.txt"; echo "$today session 00:00-23:59 the test's day"; } > "$tmp/calendar.txt"
export HOME=$home SOS_CALENDAR=$tmp/calendar.txt TMPDIR=$tmp
journal=$home/.local/share/sos/live.db

# 1. The units parse, their commands exist, their calendars are valid.
if command -v systemd-analyze > /dev/null; then
    mkdir -p "$tmp/run" && chmod 700 "$tmp/run"
    (cd "$units" && XDG_RUNTIME_DIR=$tmp/run systemd-analyze --user verify --man=no ./*.service ./*.timer) > "$tmp/verify.out" 2>&1
    status=$?
    [ $status = 0 ] && [ ! -s "$tmp/verify.out" ] && pass "systemd-analyze verify: every unit and timer is clean" \
        || fail "systemd-analyze verify: status $status: $(cat "$tmp/verify.out")"
else
    bad=0
    for u in "$units"/*.service "$units"/*.timer; do unit "$u" --check || bad=1; done
    [ $bad = 0 ] && pass "no systemd-analyze here: every unit parse-checked (sections, keys, commands)" \
        || fail "a unit failed the parse check"
fi
grep -q '^EnvironmentFile=%h/.config/sos/sos.env' "$units/sos-live.service" \
    && ! grep -qiE 'SOS_KEY_[A-Z]+=|TELEGRAM_(TOKEN|CHAT_ID)=' "$units"/*.service \
    && pass "secrets only through the EnvironmentFile, none in a unit" || fail "a unit holds a secret or no EnvironmentFile"

# 2. Before the open: the start's checks, with the unit's environment.
unit "$units/sos-live.service" --set SOS_FEED_DURATION=0 --set SOS_MODE=--bogus > "$tmp/pre.out" 2> "$tmp/pre.err"
status=$?
# (ExecStart with the bogus mode exits 64 at once: only the checks before it are of interest.)
if grep -q '^ok: zerodha: pong, broker zerodha' "$tmp/pre.out" && grep -q '^ok: kotak: pong, broker kotak' "$tmp/pre.out" \
    && [ $status = 64 ] && grep -q 'ExecStart: /bin/sh' "$tmp/pre.err"; then
    pass "preflight: both instances answer and take their keys, then the pipeline starts"
else
    fail "preflight: status $status: $(cat "$tmp/pre.out" "$tmp/pre.err")"
fi
sim_stop k
unit "$units/sos-live.service" > "$tmp/down.out" 2> "$tmp/down.err"
status=$?
[ $status = 69 ] && grep -q "FAIL: kotak ($SIM_k_REST) does not answer" "$tmp/down.err" \
    && ! grep -q 'ExecStart:' "$tmp/down.err" \
    && pass "preflight: kotak down fails the start (69), naming it; the pipeline never starts" \
    || fail "preflight, kotak down: status $status: $(cat "$tmp/down.err")"
sim_start k --broker kotak --start 2025-08-22T10:00 --speed 1 --session always --history-pace 0 --seed 4 --api-key "$key" || exit 1
sed -i "s|http://127.0.0.1:[0-9]*\", \"ws\": \"ws://127.0.0.1:[0-9]*\", \"api_key_env\": \"SOS_KEY_KOTAK\"|$SIM_k_REST\", \"ws\": \"$SIM_k_WS\", \"api_key_env\": \"SOS_KEY_KOTAK\"|" \
    "$home/.config/sos/brokers.json"
cp "$home/.config/sos/sos.env" "$tmp/sos.env.good"
sed -i 's/^SOS_KEY_KOTAK=.*/SOS_KEY_KOTAK=not-the-key-8c1/' "$home/.config/sos/sos.env"
unit "$units/sos-live.service" > /dev/null 2> "$tmp/key.err"
status=$?
cp "$tmp/sos.env.good" "$home/.config/sos/sos.env"
[ $status = 77 ] && grep -q "FAIL: kotak ($SIM_k_REST) refused its key (HTTP 403: Invalid openalgo apikey): log in to the broker" "$tmp/key.err" \
    && ! grep -q 'not-the-key-8c1' "$tmp/key.err" \
    && pass "preflight: a key kotak refuses fails the start (77), saying to log in again, the key not shown" \
    || fail "preflight, wrong key: status $status: $(cat "$tmp/key.err")"
chmod 644 "$home/.config/sos/sos.env"
unit "$units/sos-live.service" > /dev/null 2> "$tmp/mode.err"
status=$?
chmod 600 "$home/.config/sos/sos.env"
[ $status = 78 ] && grep -q 'sos.env is readable by others (mode 644): chmod 600 it' "$tmp/mode.err" \
    && pass "preflight: an environment file others can read fails the start (78)" \
    || fail "preflight, mode 644: status $status: $(cat "$tmp/mode.err")"
unit "$units/sos-live.service" --set "SOS_CALENDAR=$src/data/nse-calendar.txt" --set SOS_MODE=--bogus > /dev/null 2> "$tmp/hol.err"
status=$?
# The real calendar decides about today: a holiday or weekend skips, a trading day reaches ExecStartPre.
if SOS_CALENDAR=$src/data/nse-calendar.txt sh "$src/examples/trading-day.sh" "$today" > /dev/null 2>&1; then
    grep -q 'ExecStartPre:' "$tmp/hol.err" && pass "trading-day: $today is a trading day: the checks run" \
        || fail "trading-day on a trading day: $(cat "$tmp/hol.err")"
else
    [ $status = 0 ] && grep -q 'skipped: ExecCondition exited 1' "$tmp/hol.err" && ! grep -q 'ExecStartPre:' "$tmp/hol.err" \
        && pass "trading-day: $today is not a trading day: the start is skipped, not failed" \
        || fail "trading-day on a closed day: status $status: $(cat "$tmp/hol.err")"
fi
unit "$units/sos-live.service" --set "SOS_CALENDAR=$tmp/no-calendar.txt" > /dev/null 2> "$tmp/nocal.err"
status=$?
[ $status = 255 ] && grep -q 'cannot read the calendar' "$tmp/nocal.err" && ! grep -q 'ExecStartPre:' "$tmp/nocal.err" \
    && pass "trading-day: a calendar that cannot be read fails the start (255), never skips the day quietly" \
    || fail "trading-day, no calendar: status $status: $(cat "$tmp/nocal.err")"
printf '2024-01-26\n2024-01-27\n2024-01-29\n' | while read -r d; do sh "$src/examples/trading-day.sh" "$d"; echo "$?"; done \
    | tr '\n' '|' > "$tmp/days.txt"
[ "$(cat "$tmp/days.txt")" = "2024-01-26 is not a trading day: a holiday (Republic Day)|1|2024-01-27 is not a trading day: a weekend without a session|1|2024-01-29 is a trading day|0|" ] \
    && pass "trading-day: a holiday and a weekend are not trading days, a Monday is" || fail "trading-day: $(cat "$tmp/days.txt")"

# 3. The day's pipeline, started as the unit starts it, stopped as systemd stops it; while it
# runs, sos-ctl pauses and resumes its sos-risk (the tools' control sockets in the runtime
# directory a user manager gives, a private one here so no other test's sos-risk is found).
export XDG_RUNTIME_DIR=$tmp/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
python3 "$src/tests/e2e/unit_run.py" "$units/sos-live.service" --set "SOS_CALENDAR=$tmp/calendar.txt" --exec --set "$(to_hook sos-live.service SOS_ALERT)" --set SOS_CHAIN_EVERY=0 \
    --set SOS_FEED_DURATION=300 \
    > "$tmp/live.out" 2> "$tmp/live.err" &  # (not through unit(): $! is then the script's own process)
runner=$!
n=0
until [ "$(bars "$journal" live)" -gt 0 ]; do
    n=$((n + 1)); [ $n -lt 450 ] || break; sleep 0.2
done
# The kill file docs/live.md names is the one the running sos-risk watches (sos-risk's tests
# hold what it does with it).
pgrep -f "sos-risk .*--feedback .*--live --kill-file $home/.local/state/sos/kill\$" > /dev/null \
    && pass "sos-live.service: sos-risk watches ~/.local/state/sos/kill (touch it: no new entries), joined to sos-exec by --feedback" \
    || fail "sos-live.service: no sos-risk watching the kill file: $(pgrep -af sos-risk)"
sos-ctl --tool sos-risk pause > "$tmp/ctl.out" 2>&1 && sos-ctl --tool sos-risk resume >> "$tmp/ctl.out" 2>&1 \
    && pass "sos-live.service: sos-ctl --tool sos-risk pause, then resume, reach the running pipeline" \
    || fail "sos-live.service: sos-ctl: $(cat "$tmp/ctl.out")"
kill -TERM "$runner"
n=0
while kill -0 "$runner" 2> /dev/null && [ $n -lt 150 ]; do n=$((n + 1)); sleep 0.2; done
wait "$runner"
status=$?
runner=""
controls=$(sqlite3 "$journal" "select group_concat(command || ':' || asked_by, ' ') from (select * from controls order by id)")
[ "$controls" = "pause:$(id -un) resume:$(id -un)" ] \
    && pass "sos-live.service: the journal's CONTROL rows, with who asked: $controls" \
    || fail "sos-live.service: CONTROL rows '$controls'"
candles=$(bars "$journal" live)
history=$(bars "$journal" hist)
ended=$(sqlite3 "$journal" "select count(*) from runs where ended_at is not null" 2> /dev/null || echo 0)
if [ $status = 0 ] && [ "$candles" -gt 0 ] && [ "$history" -gt 0 ] && [ "$ended" = 1 ] \
    && grep -q '"type":"CANDLE"' "$tmp/live.out"; then  # (the stream, which the unit's StandardOutput=null discards)
    pass "sos-live.service: the zerodha feed through to kotak's dry run and the journal ($history history and $candles live bars); SIGTERM to the script: drained, run ended, exit 0"
else
    fail "sos-live.service: status $status, $candles live bars, $history history, $ended ended: $(tail -5 "$tmp/live.err")"
fi
[ "$(sqlite3 "$journal" "select count(distinct tool) from health")" -ge 5 ] \
    && pass "sos-live.service: every tool's HEALTH in the journal ($(sqlite3 "$journal" "select group_concat(distinct tool) from health"))" \
    || fail "sos-live.service: HEALTH from $(sqlite3 "$journal" "select group_concat(distinct tool) from health")"

# 3b. The loss limits hold live: tomic-split.sh --live joins sos-risk to sos-exec's fills over the
#     feedback socket. A feed (zerodha) in market hours within a day of the wall clock, so that
#     a signal is not stale; kotak paused at SBIN 1000 (every fill exact). A manual BUY of 10
#     fills at 1000 with its exchange stop at 700; kotak trades at 650, the stop fills: EXIT SL,
#     -3501. The next signal is refused DAILY_LOSS (the limit: 1000 rupees, SOS_RISK_CONFIG).
#     Before that, open: the feed's next SBIN candle (zerodha's SBIN near 800) marks the 10 held
#     at about -2000 (sos-exec --live's POSITION marks): a signal (on RELIANCE: one more on SBIN
#     is a CONFLICT) is refused DAILY_LOSS while the position is open, and sos-journal status
#     shows it with that marked P&L.
if [ "$(TZ=Asia/Kolkata date +%H%M)" -ge 1010 ]; then fday=$today fat=10:00
else fday=$(TZ=Asia/Kolkata date -d yesterday +%Y-%m-%d) fat=11:00; fi
{ grep -v "^$fday " "$tmp/calendar.txt"; echo "$fday session 00:00-23:59 the test's day"; } > "$tmp/loss-calendar.txt"
: > "$tmp/quiet.csv"
sim_start zl --broker zerodha --start "${fday}T$fat" --speed 10 --session always --history-pace 0 --prehistory-days 0 \
    --symbols NSE:SBIN --seed 3 --api-key "$key" || exit 1
sim_start kl --broker kotak --start "$now" --session always --paused --market "$tmp/quiet.csv" --prehistory-days 0 \
    --history-pace 0 --symbols NSE:SBIN@1000 --api-key "$key" || exit 1
sed -e "s|http://127.0.0.1:5000|$SIM_kl_REST|; s|ws://127.0.0.1:8765|$SIM_kl_WS|" \
    -e "s|http://127.0.0.1:5002|$SIM_zl_REST|; s|ws://127.0.0.1:8767|$SIM_zl_WS|" \
    "$src/examples/tomic-split-brokers.json" > "$tmp/loss-brokers.json"
echo '{"daily_loss_limit": 0.001, "kill_loss": 0, "cooldown_seconds": 0, "orders": {"entry_order_type": "MARKET"},
  "breakers": {"stale_feed_seconds": 86400}, "entry_window": {"from": "00:00", "until": "23:59"}}' > "$tmp/loss-risk.json"
SOS_CALENDAR=$tmp/loss-calendar.txt SOS_KEY_ZERODHA=$key SOS_KEY_KOTAK=$key SOS_STATE_DIR=$tmp/loss-state \
    SOS_RISK_CONFIG=$tmp/loss-risk.json SOS_SYMBOLS=NSE:SBIN SOS_CHAIN_EVERY=0 SOS_FEED_DURATION=90 \
    sh "$src/examples/tomic-split.sh" "$tmp/loss-brokers.json" --live "$tmp/loss.db" > "$tmp/loss.out" 2> "$tmp/loss.err" &
runner=$!
await() {  # PATTERN: until the loss run's output holds it (20 s at most)
    _n=0
    until grep -q "$1" "$tmp/loss.out" 2> /dev/null || [ $_n -ge 100 ]; do _n=$((_n + 1)); sleep 0.2; done
}
await '"type":"CANDLE"'
sos-ctl --tool sos-risk signal SBIN BUY --qty 10 --entry 800 --stop 700 > "$tmp/loss-ctl.out" 2>&1
await '"/stop".*"status":"TRIGGER_PENDING"'
await '"type":"POSITION".*"symbol":"SBIN".*"unrealized_pnl":-[1-9]'
sleep 1  # sos-risk applies sos-exec's lines when its input goes idle (every 0.5 s at most)
n=0
until sos-ctl --tool sos-risk signal RELIANCE BUY --qty 1 --entry 1400 --stop 1300 > "$tmp/loss-ctl-open.out" 2>&1 \
    || grep -q DAILY_LOSS "$tmp/loss-ctl-open.out" || [ $n -ge 10 ]; do n=$((n + 1)); sleep 0.5; done
n=0
until sos-journal status --db "$tmp/loss.db" --json > "$tmp/loss-status.json" 2> /dev/null \
    && jq -e '.positions[] | select(.symbol=="SBIN" and .qty==10 and .mode=="live" and .unrealized_paise < -100000)' \
        "$tmp/loss-status.json" > /dev/null || [ $n -ge 25 ]; do n=$((n + 1)); sleep 0.2; done
curl -sf -d '{"symbol":"SBIN","exchange":"NSE","ltp":650,"qty":10}' "$SIM_kl_REST/_sim/trade" > /dev/null
await '"type":"EXIT"'
n=0
until sos-ctl --tool sos-risk signal SBIN BUY --qty 10 --entry 800 --stop 700 > "$tmp/loss-ctl2.out" 2>&1 \
    || grep -q DAILY_LOSS "$tmp/loss-ctl2.out" || [ $n -ge 10 ]; do n=$((n + 1)); sleep 0.5; done
kill -TERM "$runner"
wait "$runner"
status=$?
runner=""
sim_stop zl
sim_stop kl
grep -q 'approved: 10 units' "$tmp/loss-ctl.out" \
    && grep -q 'refused: DAILY_LOSS: loss today [0-9]*\.[0-9]* reaches the limit of 1000.00' "$tmp/loss-ctl-open.out" \
    && jq -e '.positions[] | select(.symbol=="SBIN" and .qty==10 and .avg_price_paise >= 100000 and .mode=="live" and .unrealized_paise < -100000)' \
        "$tmp/loss-status.json" > /dev/null \
    && any_line "$tmp/loss.out" '.type=="EXIT" and .reason=="SL" and .pnl < -3000' \
    && grep -q 'refused: DAILY_LOSS: loss today 3501.00 reaches the limit of 1000.00' "$tmp/loss-ctl2.out" \
    && [ "$(sqlite3 "$tmp/loss.db" "select count(*) from rejects where reason='DAILY_LOSS'" 2> /dev/null)" = 2 ] && [ $status = 0 ] \
    && pass "tomic-split.sh --live: sos-exec's fills and marks reach sos-risk (feedback): an open marked loss, then a -3501 stop-out, trip the daily loss limit; status shows the open position marked" \
    || fail "tomic-split.sh --live, loss limit: status $status; $(cat "$tmp/loss-ctl.out" "$tmp/loss-ctl-open.out" "$tmp/loss-ctl2.out") $(cat "$tmp/loss-status.json") $(tail -5 "$tmp/loss.err")"

# 4. The observability template on that journal: the run has ended, which is news.
unit "$units/sos-watch.service" --set SOS_WATCH_ROUNDS=1 --set "$(to_hook sos-watch.service SOS_WATCH_ALERT)" \
    > "$tmp/watch.out" 2> "$tmp/watch.err"
status=$?
grep '^{' "$tmp/watch.out" > "$tmp/watch.ndjson"  # (the ExecCondition's word is the journal's, under systemd)
[ $status = 0 ] && any_line "$tmp/watch.ndjson" '.type=="ALERT" and .code=="STATUS_STOPPED" and .level=="crit"'  \
    && any_line "$tmp/watch.ndjson" '.code=="QUALITY"'  \
    && telegram | grep -q '^CRIT STATUS_STOPPED from tomic-observability' && ! telegram | grep -q 'QUALITY' \
    && pass "sos-watch.service: a stopped pipeline is STATUS_STOPPED on Telegram; the day's QUALITY (info) is below --min-level warn" \
    || fail "sos-watch.service: status $status: $(cat "$tmp/watch.out") $(tail -3 "$tmp/watch.err") telegram: $(telegram)"
# A journal still open whose tools have been quiet for five minutes: hung or gone.
old=$((now - 300))
fifo=$tmp/quiet.fifo
mkfifo "$fifo"
sos-journal --db "$tmp/quiet.db" --health-every 0 < "$fifo" > /dev/null 2>&1 &
jpid=$!
exec 7> "$fifo"
for tool in sos-regime sos-risk; do
    printf '{"type":"HEALTH","timestamp":%s,"tool":"%s","pid":4242,"uptime_s":60,"in":10,"out":10,"bad":0,"host":"box","started":%s,"version":"0.1.0"}\n' \
        "$old" "$tool" "$((old - 60))" >&7
done
n=0
until [ "$(sqlite3 "$tmp/quiet.db" 'select count(*) from health' 2> /dev/null || echo 0)" = 2 ] || [ $n -ge 100 ]; do n=$((n + 1)); sleep 0.1; done
SOS_TELEGRAM_TOKEN=$token SOS_TELEGRAM_CHAT_ID=$chat SOS_WATCH_ROUNDS=1 sh "$src/examples/tomic-observability.sh" "$tmp/quiet.db" $tg > "$tmp/quiet.out" 2> "$tmp/quiet.err"
exec 7>&-
wait $jpid
any_line "$tmp/quiet.out" '.code=="TOOL_SILENT" and .level=="crit" and (.message | test("sos-regime .*sos-risk"))'  \
    && telegram | grep -q '^CRIT TOOL_SILENT from tomic-observability' \
    && pass "observability: tools quiet for 300 s while the journal is open: TOOL_SILENT names both, on Telegram" \
    || fail "observability, quiet tools: $(cat "$tmp/quiet.out" "$tmp/quiet.err") telegram: $(telegram)"
SOS_TELEGRAM_TOKEN=$token SOS_TELEGRAM_CHAT_ID=$chat SOS_WATCH_ROUNDS=1 sh "$src/examples/tomic-observability.sh" "$tmp/none.db" $tg > "$tmp/none.out" 2> "$tmp/none.err"
any_line "$tmp/none.out" '.code=="JOURNAL_UNREADABLE" and .level=="crit"'  \
    && pass "observability: a journal that is not there: JOURNAL_UNREADABLE" || fail "observability, no journal: $(cat "$tmp/none.out" "$tmp/none.err")"

# 5. After the close: a position left at kotak (a trade by hand) fails the check, named.
printf '{"apikey":"%s","strategy":"hand","symbol":"SBIN","exchange":"NSE","action":"BUY","quantity":"3","pricetype":"MARKET","product":"MIS"}' "$key" \
    | curl -sf -H 'Content-Type: application/json' --data-binary @- "$SIM_k_REST/api/v1/placeorder" > /dev/null \
    || fail "could not place the hand order on the kotak simulator"
n=0
until sh "$src/examples/openalgo-call.sh" "$home/.config/sos/brokers.json" kotak positionbook 2> /dev/null \
    | jq -e 'any(.data[]; .symbol=="SBIN" and (.quantity | tonumber) == 3)' > /dev/null || [ $n -ge 50 ]; do n=$((n + 1)); sleep 0.2; done
unit "$units/sos-close.service" > "$tmp/close.out" 2> "$tmp/close.err"
status=$?
[ $status = 1 ] && grep -q 'kotak is NOT flat after the close' "$tmp/close.err" && grep -q 'position SBIN NSE MIS: quantity 3' "$tmp/close.err" \
    && grep -q 'systemctl --user stop sos-live.service sos-watch.service' "$tmp/close.err" \
    && grep -q '^journal: NOT_TRADING STOPPED' "$tmp/close.out" \
    && pass "sos-close.service: stops the day's units, then fails naming the SBIN position left at kotak" \
    || fail "sos-close.service with a position: status $status: $(cat "$tmp/close.out" "$tmp/close.err")"
printf '{"apikey":"%s","strategy":"hand"}' "$key" \
    | curl -sf -H 'Content-Type: application/json' --data-binary @- "$SIM_k_REST/api/v1/closeposition" > /dev/null
n=0
until sh "$src/examples/after-close.sh" "$home/.config/sos/brokers.json" kotak > /dev/null 2>&1 || [ $n -ge 50 ]; do n=$((n + 1)); sleep 0.2; done
unit "$units/sos-close.service" > "$tmp/flat.out" 2> "$tmp/flat.err"
status=$?
[ $status = 0 ] && grep -q '^ok: kotak is flat, no order working' "$tmp/flat.out" \
    && pass "sos-close.service: once the broker squared it off, kotak is flat: passes" \
    || fail "sos-close.service, flat: status $status: $(cat "$tmp/flat.out" "$tmp/flat.err")"

# 6. The nightly report of the day, with its picture.
unit "$units/sos-nightly.service" > "$tmp/nightly.out" 2> "$tmp/nightly.err"
status=$?
reports=$home/.local/share/sos/reports
[ $status = 0 ] && grep -q "$today" "$reports/$today.txt" \
    && [ "$(head -c 8 "$reports/$today.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
    && pass "sos-nightly.service: reports/$today.txt and its picture" \
    || fail "sos-nightly.service: status $status: $(cat "$tmp/nightly.err")"

# 7. A failed unit is told.
unit "$units/sos-notify@.service" --instance sos-live.service --set "$(to_hook sos-notify@.service SOS_NOTIFY_ALERT)" > /dev/null 2> "$tmp/notify.err"
status=$?
[ $status = 0 ] && telegram | grep -q '^CRIT UNIT_FAILED from notify' && telegram | grep -q 'sos-live.service failed' \
    && pass "sos-notify@.service: 'sos-live.service failed' on Telegram" \
    || fail "sos-notify@: status $status: $(cat "$tmp/notify.err") telegram: $(telegram)"

# 8. The crontab: its variables, its lines' command parts run by sh, as cron runs them. Paths
#    are the user's (/home/you replaced), Telegram is hook-sim, the day a few seconds long.
sed -e "s|/home/you|$home|g" -e "s|--telegram |$tg |g" "$src/examples/cron/sos.crontab" > "$tmp/crontab"
cronenv=$(grep -E '^[A-Z_]+=' "$tmp/crontab")
rm -f "$journal"
grep -vE '^(#|[A-Z_]+=|$)' "$tmp/crontab" | while read -r m h _dom _mon _dow cmd; do
    echo "$m $h" > "$tmp/cron.when"
    # shellcheck disable=SC2086 # one assignment per line
    env -i HOME="$home" LOGNAME=you SOS_CALENDAR="$tmp/calendar.txt" TMPDIR="$tmp" SOS_FEED_DURATION=20 SOS_WATCH_ROUNDS=1 SOS_CHAIN_EVERY=0 \
        $cronenv sh -c "$cmd" > "$tmp/cron-$h$m.out" 2> "$tmp/cron-$h$m.err"
    echo "$h:$m $?" >> "$tmp/cron.status"
done
[ "$(tr '\n' ' ' < "$tmp/cron.status")" = "9:0 0 9:20 0 15:40 0 16:0 0 " ] \
    && [ "$(bars "$journal" hist)" -gt 0 ] \
    && [ -s "$home/.local/share/sos/reports/$today.png" ] \
    && pass "crontab: start (checks, then the day), watch, after-close, nightly report: each exits 0" \
    || fail "crontab: $(tr '\n' ' ' < "$tmp/cron.status"): $(cat "$tmp"/cron-*.err | tail -10)"

# 9. Options selling: the structures signalled on rich IV, then gated by regime and the VIX flags,
#    on a recorded morning (tests/e2e/options_selling_stream.py says what happens when).
sos-feed synth --seed 1 --from 2024-01-08 --days 1 --indices NIFTY --constituents 0 --chain-every 1 2> /dev/null \
    | jq -c 'select(.type=="OPTION_CHAIN" and .expiry=="2024-01-09")' | head -1 > "$tmp/chain.json"
python3 "$src/tests/e2e/options_selling_stream.py" "$tmp/chain.json" > "$tmp/premium.ndjson"
decided() {  # FILE: each ORDER's and each risk REJECT's time (India), strategy, and structure or reason and detail
    jq -r 'select(.type=="ORDER" or (.type=="REJECT" and .stage=="risk"))
        | "\((.timestamp + 19800) | strftime("%H:%M")) \(.type) \(.strategy // (.ref | split(":")[0])) \(if .type=="ORDER" then "\(.legs | length) legs" else "\(.reason): \(.detail)" end)"' "$1"
}
(cd "$tmp" && SOS_REPLAY=premium.ndjson sh "$src/examples/tomic-options-selling.sh" "$home/.config/sos/brokers.json" premium.db \
    > premium.out 2> premium.err)
status=$?
decided "$tmp/premium.out" > "$tmp/decided.txt"
has() { grep -qF "$1" "$tmp/decided.txt"; }
[ $status = 0 ] && has '09:41 ORDER TOMIC_JADE_LIZARD 3 legs' \
    && has '09:41 REJECT TOMIC_SHORT_STRADDLE REGIME_GATE: SHORT_STRADDLE is disabled' \
    && has '09:41 REJECT IRON_CONDOR_RICH_IV CONFLICT' \
    && pass "options selling, congestion and VIX 16.5: the jade lizard sold, the straddle refused (switched off, as TOMIC ships it)" \
    || fail "options selling, congestion: status $status: $(cat "$tmp/decided.txt") $(tail -5 "$tmp/premium.err")"
has '10:42 ORDER IRON_CONDOR_RICH_IV 4 legs' && has '10:43 REJECT TOMIC_JADE_LIZARD REGIME_GATE: DEFINED_RISK_ONLY' \
    && has '10:43 REJECT TOMIC_SHORT_STRANGLE REGIME_GATE: DEFINED_RISK_ONLY' \
    && pass "options selling, VIX 27 (DEFINED_RISK_ONLY): naked premium refused, the iron condor (defined risk) sold" \
    || fail "options selling, DEFINED_RISK_ONLY: $(grep '^10:4' "$tmp/decided.txt")"
has '11:14 REJECT TOMIC_JADE_LIZARD REGIME_GATE: JADE_LIZARD only in congestion' \
    && has '11:14 REJECT TOMIC_SHORT_STRANGLE REGIME_GATE: SHORT_STRANGLE only in congestion' && ! grep -q '^11:14 ORDER' "$tmp/decided.txt" \
    && pass "options selling, a trend: naked premium refused (REGIME_GATE, only in congestion)" \
    || fail "options selling, trend: $(grep '^11:1' "$tmp/decided.txt")"
(cd "$tmp" && SOS_REPLAY=premium.ndjson SOS_SHORT_STRADDLE=true SOS_JADE_LIZARD=false \
    sh "$src/examples/tomic-options-selling.sh" "$home/.config/sos/brokers.json" premium2.db > premium2.out 2> premium2.err)
decided "$tmp/premium2.out" > "$tmp/switched.txt"
grep -q '^09:41 REJECT TOMIC_JADE_LIZARD REGIME_GATE: JADE_LIZARD is disabled' "$tmp/switched.txt" \
    && ! grep -q '^09:41 REJECT TOMIC_SHORT_STRADDLE REGIME_GATE' "$tmp/switched.txt" && grep -q '^09:41 ORDER' "$tmp/switched.txt" \
    && pass "options selling: SOS_JADE_LIZARD=false and SOS_SHORT_STRADDLE=true switch them, as TOMIC's keys do" \
    || fail "options selling, switches: $(grep '^09:41' "$tmp/switched.txt") $(tail -3 "$tmp/premium2.err")"
# The same day as a dry run for kotak: the jade lizard written as the optionsmultiorder it would
# send (its three legs, the key masked), nothing sent (no instance is asked: a replay, offline).
(cd "$tmp" && SOS_REPLAY=premium.ndjson SOS_EXEC=dry-run SOS_KEY_KOTAK=$key \
    sh "$src/examples/tomic-options-selling.sh" "$home/.config/sos/brokers.json" premium3.db > premium3.out 2> premium3.err)
status=$?
jq -r 'select(.type=="REQUEST") | "\(.endpoint) \(.mode) \(.legs | length) legs"' "$tmp/premium3.out" > "$tmp/requests.txt"
[ $status = 0 ] && grep -qx 'optionsmultiorder dry-run 3 legs' "$tmp/requests.txt" \
    && ! grep -qF "$key" "$tmp/premium3.out" "$tmp/premium3.err" \
    && pass "options selling, SOS_EXEC=dry-run: the jade lizard as kotak's optionsmultiorder (3 legs), key masked" \
    || fail "options selling, dry run: status $status: $(cat "$tmp/requests.txt") $(tail -3 "$tmp/premium3.err")"
SOS_SHORT_STRADDLE=maybe sh "$src/examples/tomic-options-selling.sh" > /dev/null 2> "$tmp/maybe.err"
[ $? = 64 ] && grep -q 'SOS_SHORT_STRADDLE is true or false' "$tmp/maybe.err" \
    && pass "options selling: a switch neither true nor false is refused (64)" || fail "options selling, bad switch: $(cat "$tmp/maybe.err")"
(cd "$tmp" && SOS_KEY_ZERODHA=$key SOS_FEED_DURATION=6 SOS_CHAIN_EVERY=0 timeout 120 sh "$src/examples/tomic-options-selling.sh" \
    "$home/.config/sos/brokers.json" live-premium.db > live-premium.out 2> live-premium.err)
status=$?
[ $status = 0 ] && grep -q '"type":"CANDLE".*"symbol":"INDIAVIX"' "$tmp/live-premium.out" \
    && grep -q '"type":"CANDLE".*"symbol":"BANKNIFTY"' "$tmp/live-premium.out" && [ -s "$tmp/live-premium.db" ] \
    && pass "options selling on the live feed: NIFTY, BANKNIFTY and India VIX from zerodha, journaled" \
    || fail "options selling, live: status $status: $(tail -5 "$tmp/live-premium.err")"

# 10. No secret anywhere.
if cat "$tmp"/*.out "$tmp"/*.err "$SIM_DIR"/../*.txt 2> /dev/null | grep -qF -e "$key" -e "$token"; then
    fail "a key or the bot token appears in an output or a diagnostic"
elif sqlite3 "$journal" .dump | grep -qF -e "$key" -e "$token"; then
    fail "a key or the bot token is in the journal"
else
    pass "no key and no bot token in any output, diagnostic or journal"
fi
[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all daily-routine checks passed"
