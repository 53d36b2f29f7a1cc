#!/bin/sh
# Usage: ticks-to-candles.sh TICKS.ndjson|TICKS.csv > candles.ndjson
# Closed candles of 1m, 5m and 15m from a tick recording. Minutes without trades come out as
# gap bars ("gap": true), late ticks are reported on stderr, and bars still open when the
# recording ends are flagged "partial": true.
set -eu
sos-feed replay "${1:?usage: ticks-to-candles.sh TICKS}" --tf 1m,5m,15m --only CANDLE --log-level info
