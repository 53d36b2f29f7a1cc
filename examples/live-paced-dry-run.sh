#!/bin/sh
# Usage: live-paced-dry-run.sh DAY.ndjson|DAY.csv [SPEED]
# Replays a recorded day at real time x SPEED (default 60: a session in ~6 minutes) into a Unix
# socket, the way a live feed arrives, and follows it from another process: NIFTY's closes as
# they come. Ctrl-C stops both cleanly.
set -eu
day=${1:?usage: live-paced-dry-run.sh DAY.ndjson [SPEED]}
speed=${2:-60}
sock=$(mktemp -u /tmp/sos-feed.XXXXXX)
sos-feed replay "$day" --speed "$speed" --out "unix:$sock" &
trap 'kill $! 2>/dev/null' INT TERM EXIT
sos-feed replay "unix:$sock" | jq -r --unbuffered 'select(.type == "CANDLE" and .symbol == "NIFTY") | "\(.timestamp | todate)  \(.c)"'
