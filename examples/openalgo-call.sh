#!/bin/sh
# Usage: openalgo-call.sh BROKERS NAME ENDPOINT
# One REST call to the OpenAlgo instance NAME of the brokers file, with the key its entry names
# (api_key_env or api_key_file, as sos-feed and sos-exec read it): POST /api/v1/ENDPOINT with
# {"apikey": KEY}, the answer's body on standard output. For the checks before the open
# (preflight.sh: ping) and after the close (after-close.sh: positionbook, orderbook), never for
# orders: those go through sos-exec, whose state file keeps every intent.
#
# Exit status: 0 HTTP 200; 69 no answer (not started, wrong port, timeout) or an HTTP error
# other than these; 77 the key was refused (401/403: a wrong key, or the broker session behind
# it is missing or expired); 78 the brokers file, the key's variable or its file is wrong (a key
# file others can read is refused). What went wrong is said on standard error, naming the
# instance. The key is never printed: it reaches curl on its standard input, never on a command
# line, and an answer that quotes it shows *** in its place.
set -u
brokers=${1:?usage: openalgo-call.sh BROKERS NAME ENDPOINT}
name=${2:?usage: openalgo-call.sh BROKERS NAME ENDPOINT}
endpoint=${3:?usage: openalgo-call.sh BROKERS NAME ENDPOINT}
names=$(jq -r '.brokers | keys_unsorted | join(", ")' "$brokers" 2> /dev/null) || {
    echo "$brokers: not a brokers file (JSON with a \"brokers\" object)" >&2
    exit 78
}
entry=$(jq -c --arg n "$name" '.brokers[$n] // empty' "$brokers")
[ -n "$entry" ] || { echo "$brokers has no broker '$name' (it has $names)" >&2; exit 78; }
rest=$(printf '%s' "$entry" | jq -r '.rest // empty')
var=$(printf '%s' "$entry" | jq -r '.api_key_env // empty')
file=$(printf '%s' "$entry" | jq -r '.api_key_file // empty')
if [ -n "$var" ]; then
    key=$(printenv "$var") || key=""
    [ -n "$key" ] || { echo "$name: no key: \$$var is not set (put it in the environment file)" >&2; exit 78; }
elif [ -n "$file" ]; then
    # shellcheck disable=SC2088 # the literal ~/ a brokers file may hold
    case $file in "~/"*) file=$HOME/${file#"~/"} ;; esac
    [ -r "$file" ] || { echo "$name: its key file $file cannot be read" >&2; exit 78; }
    case $(stat -L -c %a "$file") in
    [0-7]00) ;;
    *) echo "$name: its key file $file is readable by others: chmod 600 it" >&2; exit 78 ;;
    esac
    key=$(head -n 1 "$file")
else
    echo "$name: the entry names no key (api_key_env or api_key_file)" >&2
    exit 78
fi
# awk's program writing its input with the key K (from its environment) replaced by ***
# shellcheck disable=SC2016 # awk's own $0
mask='BEGIN { k = ENVIRON["K"] } { if (k != "") while ((i = index($0, k)) > 0) $0 = substr($0, 1, i - 1) "***" substr($0, i + length(k)); print }'
answer=$(printf '%s' "$key" | jq -Rc '{apikey: .}' \
    | curl -s -m "${SOS_CALL_TIMEOUT:-10}" -w '\n%{http_code}' -H 'Content-Type: application/json' \
        --data-binary @- "$rest/api/v1/$endpoint" | K=$key awk "$mask")
code=$(printf '%s\n' "$answer" | tail -n 1)
body=$(printf '%s\n' "$answer" | sed '$d')
message=$(printf '%s' "$body" | jq -r '.message // empty | tostring' 2> /dev/null) || message=""
case $code in
200) printf '%s\n' "$body" ;;
000) echo "$name ($rest) does not answer: is its OpenAlgo instance started, on this port?" >&2; exit 69 ;;
401 | 403)
    echo "$name ($rest) refused its key (HTTP $code: ${message:-no message}): log in to the broker on that instance and generate its API key again" >&2
    exit 77
    ;;
*) echo "$name ($rest): $endpoint answered HTTP $code: ${message:-$(printf '%s' "$body" | head -c 200)}" >&2; exit 69 ;;
esac
