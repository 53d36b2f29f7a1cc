#!/bin/sh
# Usage: notify.sh LEVEL CODE MESSAGE [sos-alert OPTIONS...]
# One ALERT line (tool "notify", timestamped now) given to sos-alert with the OPTIONS (e.g.
# --telegram): for what happens outside a pipeline, such as a unit of the daily routine failing
# (examples/systemd/sos-notify@.service) or a cron job's own check. LEVEL is info, warn or
# crit. The line also goes to standard output. Exit status: sos-alert's.
set -eu
level=${1:?usage: notify.sh LEVEL CODE MESSAGE [sos-alert OPTIONS...]}
code=${2:?usage: notify.sh LEVEL CODE MESSAGE [sos-alert OPTIONS...]}
message=${3:?usage: notify.sh LEVEL CODE MESSAGE [sos-alert OPTIONS...]}
shift 3
jq -nc --argjson now "$(date +%s)" --arg level "$level" --arg code "$code" --arg message "$message" \
    '{type: "ALERT", timestamp: $now, level: $level, code: $code, message: $message, tool: "notify"}' \
    | sos-alert "$@"
