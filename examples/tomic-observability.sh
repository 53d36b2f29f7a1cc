#!/bin/sh
# Usage: tomic-observability.sh JOURNAL [sos-alert OPTIONS...]
# TOMIC's observability template: the live journal's status and signal quality on a schedule,
# and a person told when something needs them. Every SOS_WATCH_EVERY seconds (60) it reads
# `sos-journal status --json`, every SOS_QUALITY_EVERY seconds (900) `sos-journal quality
# --json` for the day so far (both only read the journal: the pipeline never waits on them),
# turns what needs a person into ALERT lines (tool "tomic-observability") and gives them to one
# sos-alert with the OPTIONS given (--telegram, --webhook URL, --command CMD, --cooldown S,
# --min-level LEVEL: man sos-alert), which tells Telegram, a webhook or a command, at most once
# per code per cooldown. The ALERT lines also go to standard output.
#
#   code            level  when
#   STATUS_STOPPED  crit   the pipeline's run ended (a tool exited: see its status and stderr)
#   STATUS_KILLED   crit   the kill switch is on
#   STATUS_BREAKER  warn   a circuit breaker of sos-risk is open
#   STATUS_PAUSED   info   entries are paused
#   STATUS_NO_DATA  warn   no live bar yet (the feed has delivered nothing)
#   STATUS_STALE    warn   no source is fresh (the feed instance's login, its connection)
#   TOOL_SILENT     crit   a tool's last HEALTH is older than 90 s: hung or gone (TOMIC's
#                          stale process)
#   REJECTS_HIGH    warn   at least SOS_REJECT_MIN (5) signals today and SOS_REJECT_SHARE (0.8)
#                          or more of them rejected (TOMIC's reject alert threshold)
#   QUALITY         info   the day's signals, routed, accepted, filled and rejected so far
#   JOURNAL_UNREADABLE crit  sos-journal status failed on JOURNAL (its message)
# A verdict of TRADING, READY, OUTSIDE_HOURS or REGIME_GATE is not news and says nothing.
#
# It ends at SOS_WATCH_UNTIL=HH:MM (India time; the daily unit stops it before the pipeline's
# own stop, so the end of the day is not an alert) or after SOS_WATCH_ROUNDS=N rounds; sos-alert
# then delivers what is queued (its --drain) and exits. SIGTERM or Ctrl-C stops it at once.
set -eu
db=${1:?usage: tomic-observability.sh JOURNAL [sos-alert OPTIONS...]}
shift
every=${SOS_WATCH_EVERY:-60}
quality_every=${SOS_QUALITY_EVERY:-900}
until_ts=""
if [ -n "${SOS_WATCH_UNTIL:-}" ]; then
    until_ts=$(TZ=Asia/Kolkata date -d "$SOS_WATCH_UNTIL" +%s) \
        || { echo "tomic-observability.sh: SOS_WATCH_UNTIL=$SOS_WATCH_UNTIL is not a time" >&2; exit 64; }
fi

# status --json on standard input: one ALERT line for each thing a person should know
# shellcheck disable=SC2016 # jq's own $variables
status_alerts='
    def alert($level; $code; $message):
        {type: "ALERT", timestamp: $now, level: $level, code: $code, message: $message, tool: "tomic-observability"};
    {STOPPED: "crit", KILLED: "crit", BREAKER: "warn", PAUSED: "info", NO_DATA: "warn", STALE: "warn"} as $levels
    | (.verdict | select(.activity == "NOT_TRADING" and $levels[.reason // ""] != null)
        | alert($levels[.reason]; "STATUS_" + .reason; "not trading: \(.reason): \(.evidence)")),
      ([.tools[]? | select(.silent) | "\(.tool) (pid \(.pid) on \(.host)) last HEALTH \(.age_s) s ago"]
        | select(length > 0) | alert("crit"; "TOOL_SILENT"; "silent: " + join("; ")))'

# quality --json on standard input: the day so far, and whether too much is being refused
# shellcheck disable=SC2016 # jq's own $variables
quality_alerts='
    def alert($level; $code; $message):
        {type: "ALERT", timestamp: $now, level: $level, code: $code, message: $message, tool: "tomic-observability"};
    .total as $t
    | ([.reasons[]? | select(.count > 0) | {key: "\(.stage)/\(.reason)", value: .count}]
        | group_by(.key) | map({key: .[0].key, count: (map(.value) | add)}) | sort_by(-.count) | .[:3]
        | map("\(.key) \(.count)") | join(", ")) as $why
    | alert("info"; "QUALITY"; "today: \($t.signals) signals, \($t.routed) routed, \($t.accepted) accepted, \($t.filled) filled, \($t.rejected) rejected\(if $why != "" then " (" + $why + ")" else "" end)"),
      (select($t.signals >= $min and ($t.rejected / $t.signals) >= $share)
        | alert("warn"; "REJECTS_HIGH"; "\($t.rejected) of \($t.signals) signals rejected today: \($why)"))'

round() {  # N: one round of checks, ALERT lines on standard output
    now=$(date +%s)
    if out=$(sos-journal status --db "$db" --json 2>&1); then
        printf '%s\n' "$out" | jq -c --argjson now "$now" "$status_alerts"
    else
        jq -nc --argjson now "$now" --arg m "$(printf '%s' "$out" | head -n 1)" \
            '{type: "ALERT", timestamp: $now, level: "crit", code: "JOURNAL_UNREADABLE", message: $m, tool: "tomic-observability"}'
        return 0
    fi
    if [ $(($1 * every % quality_every)) -lt "$every" ]; then
        sos-journal quality --db "$db" --from "$(TZ=Asia/Kolkata date +%Y-%m-%d)" --json \
            | jq -c --argjson now "$now" --argjson min "${SOS_REJECT_MIN:-5}" \
                --argjson share "${SOS_REJECT_SHARE:-0.8}" "$quality_alerts" || true
    fi
}

watch() {
    n=0
    while :; do
        round "$n"
        n=$((n + 1))
        [ -z "${SOS_WATCH_ROUNDS:-}" ] || [ "$n" -lt "$SOS_WATCH_ROUNDS" ] || break
        [ -z "$until_ts" ] || [ "$(date +%s)" -lt "$until_ts" ] || break
        sleep "$every"
    done
}

watch | sos-alert "$@"
