#!/bin/sh
# The main job: set up, build, and backtest the shipped playbook on four weeks of a seeded
# synthetic market (NIFTY and BANKNIFTY with option chains each minute, ten constituents, India
# VIX and breadth), through the whole loop:
#   sos-feed | sos-regime | sos-match | sos-risk | sos-exec (paper) | sos-journal
# then print the report and write the equity picture. Output lands in out/.
set -eu
cd "$(dirname "$0")/.."
mkdir -p out

echo "== setting up: the Debian 12 packages sos needs (scripts/install-deps.sh)"
sh scripts/install-deps.sh
echo "== building the six tools in build/ with CMake (a first build takes several minutes; the log is out/build.log)"
start=$(date +%s)
SOS_BUILD_TARGETS="sos-feed sos-regime sos-match sos-risk sos-exec sos-journal" \
    sh scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo >out/build.log 2>&1 &
build=$!
# On a terminal, the build's progress on one line; elsewhere (a log, CI) only the outcome.
if [ -t 1 ]; then
    while kill -0 $build 2>/dev/null; do
        done_files=$(grep -c '] Building CXX object' out/build.log 2>/dev/null || true)
        step=$(sed -n 's|^\[ *[0-9]*%\] Building CXX object .*/\([^/]*\)\.o$|compiling \1|p
                       s|^\[ *[0-9]*%\] Linking CXX [a-z ]* \(.*/\)*\([^/]*\)$|linking \2|p' out/build.log 2>/dev/null | tail -n 1)
        printf '\r\033[K   source files compiled: %s; %s' "${done_files:-0}" "${step:-configuring}"
        sleep 1
    done
    printf '\r\033[K'
fi
if ! wait $build; then
    echo "the build failed; the end of out/build.log:"
    tail -n 30 out/build.log
    exit 1
fi
echo "   built in $(($(date +%s) - start)) s"
echo

bin=build/bin
rm -f out/backtest.db out/backtest.db-wal out/backtest.db-shm out/equity.png
feedback=$(mktemp -u /tmp/sos-feedback.XXXXXX)

echo "== backtest: 20 sessions from 2024-01-01, seed 7, the strategies in strategies/, paper fills with Indian charges"
start=$(date +%s)
$bin/sos-feed synth --seed 7 --from 2024-01-01 --days 20 --indices NIFTY,BANKNIFTY --constituents 10 --chain-every 1 \
    | $bin/sos-regime \
    | $bin/sos-match --strategies strategies \
    | $bin/sos-risk --config examples/backtest-risk.json --feedback "$feedback" \
    | $bin/sos-exec --feedback "$feedback" \
    | $bin/sos-journal --db out/backtest.db --run demo --sync batch >/dev/null
echo "   done in $(($(date +%s) - start)) s, journaled in out/backtest.db"
echo

$bin/sos-journal report --db out/backtest.db --run demo
echo
$bin/sos-journal plot --db out/backtest.db --run demo --out out/equity.png
echo "equity curve and drawdown: $(pwd)/out/equity.png"
