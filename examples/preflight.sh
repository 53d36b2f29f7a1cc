#!/bin/sh
# Usage: preflight.sh BROKERS NAME...
# Before the open, after the broker logins: does each named OpenAlgo instance of the brokers
# file answer, and does it take its key? Asks each one's /api/v1/ping (OpenAlgo answers 403
# when the key is wrong or the broker session behind it is missing or expired) and says, one
# line per instance, what it found. Start the pipeline only when this exits 0 (the
# ExecStartPre= of examples/systemd/sos-live.service, the && of examples/cron/sos.crontab).
# With SOS_ENV_FILE=FILE (the units' EnvironmentFile=, which holds the keys), that file must be
# readable by its owner only.
#
# Exit status: 0 every instance answered and took its key; otherwise the first failure's, as
# openalgo-call.sh gives it (69 no answer, 77 key refused, 78 a wrong file or missing key).
# Every instance is checked before exiting. Keys are never printed.
set -u
here=$(dirname "$0")
brokers=${1:?usage: preflight.sh BROKERS NAME...}
shift
[ $# -gt 0 ] || { echo "usage: preflight.sh BROKERS NAME..." >&2; exit 64; }
if [ -n "${SOS_ENV_FILE:-}" ]; then
    case $(stat -L -c %a "$SOS_ENV_FILE" 2> /dev/null) in
    [0-7]00) ;;
    "") echo "FAIL: the environment file $SOS_ENV_FILE is missing" >&2; exit 78 ;;
    *) echo "FAIL: the environment file $SOS_ENV_FILE is readable by others (mode $(stat -L -c %a "$SOS_ENV_FILE")): chmod 600 it" >&2; exit 78 ;;
    esac
fi
status=0
for name; do
    if answer=$(sh "$here/openalgo-call.sh" "$brokers" "$name" ping 2>&1); then
        echo "ok: $name: $(printf '%s' "$answer" | jq -r '"\(.data.message // "answered"), broker \(.data.broker // "unnamed")"' 2> /dev/null)"
    else
        s=$?
        echo "FAIL: $answer" >&2
        [ "$status" = 0 ] && status=$s
    fi
done
exit "$status"
