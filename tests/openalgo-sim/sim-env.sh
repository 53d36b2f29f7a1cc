# Shell helpers for e2e scripts (POSIX sh): start OpenAlgo simulators on free loopback
# ports, learn their addresses, stop them. Source it:
#   . "$SOS_SOURCE_DIR/tests/openalgo-sim/sim-env.sh"
#   sim_start zerodha --broker zerodha --start 2025-08-22T09:15 --speed 60   # sets SIM_zerodha_REST, SIM_zerodha_WS, SIM_zerodha_PID
#   curl -s "$SIM_zerodha_REST/_sim/state"
#   sim_stop zerodha          # or sim_stop_all in an EXIT trap
# The instance name must be a shell identifier. Logs: $SIM_DIR/NAME.log.

SIM_BIN=${SIM_BIN:-${SOS_SOURCE_DIR:-.}/tests/openalgo-sim/openalgo-sim}
SIM_DIR=${SIM_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/openalgo-sim.XXXXXX")}
SIM_NAMES=""

sim_start() {
    _name=$1
    shift
    rm -f "$SIM_DIR/$_name.ready"
    "$SIM_BIN" --rest-port 0 --ws-port 0 --ready-file "$SIM_DIR/$_name.ready" --quiet "$@" \
        >"$SIM_DIR/$_name.log" 2>&1 &
    _pid=$!
    _tries=0
    while [ ! -s "$SIM_DIR/$_name.ready" ]; do
        if ! kill -0 "$_pid" 2>/dev/null; then
            echo "sim_start $_name: the simulator exited:" >&2
            cat "$SIM_DIR/$_name.log" >&2
            return 1
        fi
        _tries=$((_tries + 1))
        if [ "$_tries" -gt 600 ]; then
            echo "sim_start $_name: not ready after 60 s" >&2
            kill "$_pid" 2>/dev/null
            return 1
        fi
        sleep 0.1
    done
    eval "SIM_${_name}_PID=$_pid"
    eval "SIM_${_name}_REST=$(sed 's/.*"rest": "\([^"]*\)".*/\1/' "$SIM_DIR/$_name.ready")"
    eval "SIM_${_name}_WS=$(sed 's/.*"ws": "\([^"]*\)".*/\1/' "$SIM_DIR/$_name.ready")"
    SIM_NAMES="$SIM_NAMES $_name"
}

sim_stop() {
    eval "_pid=\${SIM_${1}_PID:-}"
    [ -n "$_pid" ] || return 0
    kill "$_pid" 2>/dev/null || true
    _tries=0
    while kill -0 "$_pid" 2>/dev/null && [ "$_tries" -lt 100 ]; do
        sleep 0.1
        _tries=$((_tries + 1))
    done
    kill -9 "$_pid" 2>/dev/null || true
    wait "$_pid" 2>/dev/null || true
    eval "SIM_${1}_PID="
}

sim_stop_all() {
    for _n in $SIM_NAMES; do
        sim_stop "$_n"
    done
    rm -rf "$SIM_DIR"
}

# sim_fault NAME JSON: inject a fault now.
sim_fault() {
    eval "_rest=\$SIM_${1}_REST"
    curl -sf -X POST -H 'Content-Type: application/json' -d "$2" "$_rest/_sim/fault" >/dev/null
}

# sim_placed NAME VALUE [FIELD]: how many orders the requests whose body FIELD (default
# strategy) is VALUE created, counted from the request log (an order whose answer was
# withheld counts). "Placed once" is 1, however many requests retries made.
sim_placed() {
    eval "_rest=\$SIM_${1}_REST"
    curl -sf "$_rest/_sim/placements?by=${3:-strategy}" | jq -r --arg v "$2" '.placements[$v].orders // 0'
}
