#!/bin/sh
# Operator control end to end (issue 16): a real pipeline
#   (lines) | sos-risk --control PATH | sos-exec | sos-journal record
# steered by sos-ctl while it runs: pause refuses an entry (a strategy's and a manual one),
# resume lets a manual signal through every risk rule to an ORDER capped at its quantity, the
# paper broker fills it, kill flattens it (EXIT KILL), status says so; each action is in the
# journal with the user, uid and time. A socket open to others, or in a directory open to
# others, is refused; --tool finds an auto socket and refuses to choose between two. Every wait
# is bounded.
set -eu

bin=${SOS_BIN:?set SOS_BIN to the directory holding the sos tools}
tmp=$(mktemp -d)
pids=""
cleanup() {
    { exec 3>&- 4>&-; } 2>/dev/null || true
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

fail() {
    echo "control_e2e: $*" >&2
    for f in risk exec journal; do [ -f "$tmp/$f.err" ] && sed "s/^/  $f: /" "$tmp/$f.err" >&2; done
    exit 1
}
for tool in jq sqlite3; do
    command -v $tool >/dev/null 2>&1 || fail "$tool not found: install Debian's $tool (sh scripts/install-deps.sh)"
done
ctl() { "$bin/sos-ctl" --timeout 10 "$@"; }
# Waits (at most 20 s) until the command succeeds.
wait_for() {
    i=0
    until "$@" >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -le 200 ] || { echo "timed out waiting for: $*" >&2; return 1; }
        sleep 0.1
    done
}

# A replay of a past morning (2024-01-08 from 09:15 IST): without --live an operator's line
# takes the stream's latest time (its `at` is the wall clock), so the rules and the paper broker
# see one clock whatever the time of this run.
now=$(date +%s)
t0=1704685500
candle() { # minute offset, open, high, low, close
    printf '{"type":"CANDLE","timestamp":%s,"symbol":"RELIANCE","exchange":"NSE","tf":"1m","o":%s,"h":%s,"l":%s,"c":%s,"v":1000}\n' \
        $((t0 + 60 * $1)) "$2" "$3" "$4" "$5"
}
# Waits until the pipeline's end has written a line with this text.
passed() { grep -q "$1" "$tmp/out.ndjson"; }

mkdir -m 700 "$tmp/ctl"
sock=$tmp/ctl/risk.sock
mkfifo "$tmp/in"
"$bin/sos-risk" --control "$sock" --log-level info <"$tmp/in" 2>"$tmp/risk.err" |
    "$bin/sos-exec" 2>"$tmp/exec.err" |
    "$bin/sos-journal" --db "$tmp/j.db" --run live >"$tmp/out.ndjson" 2>"$tmp/journal.err" &
pids="$pids $!"
exec 3>"$tmp/in"
candle 0 2500 2508 2499 2507 >&3
wait_for test -S "$sock"
[ "$(stat -c %a "$sock")" = 600 ] || fail "socket mode $(stat -c %a "$sock"), not 600"

# 1. Paused: a strategy's entry and a manual one are refused with the reason.
ctl --socket "$sock" pause >"$tmp/pause.txt" || fail "pause: exit $?"
grep -q '^pause: new entries for everything are refused' "$tmp/pause.txt" || fail "pause said: $(cat "$tmp/pause.txt")"
printf '{"type":"SIGNAL","timestamp":%s,"symbol":"RELIANCE","id":"P:RELIANCE:1","pattern_id":"P","kind":"pattern","side":"BUY","tf":"1m","candle_ts":%s,"entry":2507,"sl":2500,"tp":2521,"risk":7,"tp_mult":2,"quantity_mod":1,"regime":null,"vars":{}}\n' \
    $((t0 + 60)) "$t0" >&3
candle 1 2507 2509 2504 2506 >&3 # decides the strategy's signal
wait_for passed '"ref":"P:RELIANCE:1"'
st=0
ctl --socket "$sock" signal RELIANCE BUY --qty 10 --stop 2500 2>"$tmp/refused.txt" || st=$?
[ $st = 1 ] || fail "a manual signal while paused: exit $st, not 1"
grep -q 'refused: PAUSED' "$tmp/refused.txt" || fail "refusal said: $(cat "$tmp/refused.txt")"

# 2. Resumed: the manual signal goes through every rule, sized and capped at 10.
ctl --socket "$sock" resume >/dev/null || fail "resume: exit $?"
ctl --socket "$sock" --json signal RELIANCE BUY --qty 10 --stop 2500 --strategy desk >"$tmp/signal.json" ||
    fail "manual signal: exit $?"
[ "$(jq -c '[.ok, .qty, (.orders | length)]' "$tmp/signal.json")" = "[true,10,1]" ] || fail "signal answer: $(cat "$tmp/signal.json")"
candle 2 2506 2515 2505 2512 >&3 # fills the SL-M buy at 2506 (its trigger, the last close)
wait_for passed '"type":"FILL"' || fail "no fill: $(cat "$tmp/out.ndjson")"

# 3. Status, then kill: sos-exec flattens the position.
ctl --socket "$sock" --json status >"$tmp/status.json" || fail "status: exit $?"
[ "$(jq -c '[.tool, .state.paused, .state.killed]' "$tmp/status.json")" = '["sos-risk",false,false]' ] ||
    fail "status: $(cat "$tmp/status.json")"
ctl --socket "$sock" kill >/dev/null || fail "kill: exit $?"
candle 3 2512 2520 2510 2518 >&3 # the position closes at the next price after the kill: this open
ctl --socket "$sock" --json status >"$tmp/status2.json" || fail "status: exit $?"
[ "$(jq -c '.state.killed' "$tmp/status2.json")" = true ] || fail "status after kill: $(cat "$tmp/status2.json")"
st=0
ctl --socket "$sock" signal RELIANCE BUY --qty 10 --stop 2500 2>/dev/null || st=$?
[ $st = 1 ] || fail "a manual signal after kill: exit $st, not 1"

# 4. A socket open to others is not spoken to (77); in a directory open to others it is not made (73).
chmod 666 "$sock"
st=0
ctl --socket "$sock" status 2>"$tmp/unsafe.txt" || st=$?
[ $st = 77 ] || fail "a 0666 socket: exit $st, not 77"
grep -q 'open to others (mode 0666)' "$tmp/unsafe.txt" || fail "unsafe socket said: $(cat "$tmp/unsafe.txt")"
chmod 600 "$sock"
mkdir -m 755 "$tmp/open"
st=0
echo '{"type":"ALERT","level":"info","code":"X","message":"x","tool":"t"}' |
    "$bin/sos-risk" --control "$tmp/open/r.sock" >/dev/null 2>"$tmp/open.txt" || st=$?
[ $st = 73 ] || fail "a socket in a 0755 directory: exit $st, not 73"
grep -q 'open to others (mode 0755)' "$tmp/open.txt" || fail "open directory said: $(cat "$tmp/open.txt")"
[ ! -e "$tmp/open/r.sock" ] || fail "a socket was made in a 0755 directory"

# 5. The end: the socket goes with the tool; the journal has every action with who and when.
exec 3>&-
i=0
while [ -e "$sock" ]; do
    i=$((i + 1))
    [ $i -le 200 ] || fail "the socket outlived its tool"
    sleep 0.1
done
wait
pids=""
me=$(id -un)
uid=$(id -u)
q() { sqlite3 "$tmp/j.db" "$1"; }
[ "$(q "SELECT group_concat(command, ' ') FROM (SELECT command FROM controls WHERE asked_by = '$me' AND uid = $uid AND at BETWEEN $now - 5 AND $now + 120 AND ts BETWEEN $t0 AND $t0 + 180 ORDER BY id)")" = "pause resume kill" ] ||
    fail "controls: $(q 'SELECT command, asked_by, uid, at FROM controls')"
[ "$(q "SELECT count(*) FROM signals WHERE pattern_id IN ('manual', 'desk') AND qty = 10 AND asked_by = '$me' AND uid = $uid AND at IS NOT NULL")" = 3 ] ||
    fail "manual signals: $(q 'SELECT signal_id, qty, asked_by, uid, at FROM signals')"
[ "$(q "SELECT group_concat(reason, ' ') FROM (SELECT reason FROM rejects ORDER BY id)")" = "PAUSED PAUSED KILL_SWITCH" ] ||
    fail "rejects: $(q 'SELECT ref, reason, detail FROM rejects')"
[ "$(q "SELECT strategy || ' ' || qty FROM orders")" = "desk 10" ] || fail "orders: $(q 'SELECT * FROM orders')"
[ "$(q "SELECT group_concat(side || ' ' || qty, ', ') FROM fills")" = "BUY 10, SELL 10" ] || fail "fills: $(q 'SELECT * FROM fills')"
[ "$(q "SELECT reason || ' ' || qty FROM exits")" = "KILL 10" ] || fail "exits: $(q 'SELECT * FROM exits')"
grep -q "control: pause asked by $me (uid $uid" "$tmp/risk.err" || fail "no pause on sos-risk's stderr"

# 6. --control auto and sos-ctl --tool: found alone; two of a tool must be chosen between.
export XDG_RUNTIME_DIR=$tmp/xdg
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkfifo "$tmp/in2"
"$bin/sos-risk" --control auto <"$tmp/in2" >/dev/null 2>&1 &
pids="$!"
exec 4>"$tmp/in2"
wait_for ctl --tool sos-risk status
[ "$(stat -c %a "$XDG_RUNTIME_DIR/sos")" = 700 ] || fail "auto directory mode $(stat -c %a "$XDG_RUNTIME_DIR/sos")"
"$bin/sos-risk" --control auto <"$tmp/in2" >/dev/null 2>&1 4>&- & # not holding the fifo's writing end
pids="$pids $!"
two_sockets() { [ "$(ls "$XDG_RUNTIME_DIR/sos" | wc -l)" = 2 ]; }
wait_for two_sockets
st=0
ctl --tool sos-risk status 2>"$tmp/two.txt" || st=$?
[ $st = 64 ] || fail "two sos-risk: exit $st, not 64"
[ "$(grep -c 'sos-risk\.[0-9]*\.sock' "$tmp/two.txt")" = 2 ] || fail "two sos-risk said: $(cat "$tmp/two.txt")"
st=0
ctl --tool sos-exec status 2>/dev/null || st=$?
[ $st = 66 ] || fail "no sos-exec: exit $st, not 66"
exec 4>&-
wait
pids=""
[ -z "$(ls "$XDG_RUNTIME_DIR/sos")" ] || fail "sockets left behind: $(ls "$XDG_RUNTIME_DIR/sos")"
echo "control_e2e: ok"
