# Shell helpers for e2e scripts (POSIX sh): start the tier test servers (yahoo-sim, nse-sim,
# ws-sim, hook-sim) on free loopback ports, learn their addresses, inject faults, stop them. Source it
# after tests/openalgo-sim/sim-env.sh (it uses its SIM_DIR):
#   tier_start y yahoo-sim --answer '^NSEI=nifty-1m.json'   # sets TIER_y_URL, TIER_y_WS, TIER_y_PID
#   tier_fault y '{"fault":"status","status":429,"count":2}'
#   tier_stop y               # or tier_stop_all in an EXIT trap
# Logs: $SIM_DIR/tier-NAME.log.

TIER_BIN_DIR=${TIER_BIN_DIR:-${SOS_SOURCE_DIR:-.}/tests/tier-sims}
TIER_DIR=${SIM_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tier-sims.XXXXXX")}
TIER_NAMES=""

tier_start() {
    _name=$1
    _prog=$2
    shift 2
    rm -f "$TIER_DIR/tier-$_name.ready"
    "$TIER_BIN_DIR/$_prog" --port 0 --ready-file "$TIER_DIR/tier-$_name.ready" "$@" \
        >"$TIER_DIR/tier-$_name.log" 2>&1 &
    _pid=$!
    _tries=0
    while [ ! -s "$TIER_DIR/tier-$_name.ready" ]; do
        if ! kill -0 "$_pid" 2>/dev/null; then
            echo "tier_start $_name: $_prog exited:" >&2
            cat "$TIER_DIR/tier-$_name.log" >&2
            return 1
        fi
        _tries=$((_tries + 1))
        if [ "$_tries" -gt 300 ]; then
            echo "tier_start $_name: not ready after 30 s" >&2
            kill "$_pid" 2>/dev/null
            return 1
        fi
        sleep 0.1
    done
    eval "TIER_${_name}_PID=$_pid"
    eval "TIER_${_name}_URL=$(sed 's/.*"url": "\([^"]*\)".*/\1/' "$TIER_DIR/tier-$_name.ready")"
    eval "TIER_${_name}_WS=$(sed 's/.*"ws": "\([^"]*\)".*/\1/' "$TIER_DIR/tier-$_name.ready")"
    TIER_NAMES="$TIER_NAMES $_name"
}

tier_stop() {
    eval "_pid=\${TIER_${1}_PID:-}"
    [ -n "$_pid" ] || return 0
    kill "$_pid" 2>/dev/null || true
    _tries=0
    while kill -0 "$_pid" 2>/dev/null && [ "$_tries" -lt 50 ]; do
        sleep 0.1
        _tries=$((_tries + 1))
    done
    kill -9 "$_pid" 2>/dev/null || true
    wait "$_pid" 2>/dev/null || true
    eval "TIER_${1}_PID="
}

tier_stop_all() {
    for _n in $TIER_NAMES; do
        tier_stop "$_n"
    done
}

# tier_fault NAME JSON: inject a fault now.
tier_fault() {
    eval "_url=\$TIER_${1}_URL"
    curl -sf -X POST -H 'Content-Type: application/json' -d "$2" "$_url/_fault" >/dev/null
}
