#!/bin/sh
# Runs one golden case: tests/golden/<tool>/<case>/ holds
#   cmd              one shell command line, run in the case directory with the built tools first on PATH,
#                    by bash with pipefail: a tool that fails inside a pipeline (`tool | sed ...`)
#                    fails the pipeline, so its status is checked like any other
#   stdin            (optional) fed to the command
#   expected_stdout  compared byte for byte
#   expected_stderr  (optional) compared byte for byte
#   expected_status  (optional, default 0) the exit status
# Set SOS_GOLDEN_UPDATE=1 to rewrite the expected files from the current output (then read the diff!).
set -u
case_dir=$1
bin=${SOS_BIN:?SOS_BIN must point at the built binaries}
cd "$case_dir" || exit 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
if [ -f stdin ]; then
    PATH="$bin:$PATH" bash -o pipefail -c "$(cat cmd)" <stdin >"$out" 2>"$err"
else
    PATH="$bin:$PATH" bash -o pipefail -c "$(cat cmd)" </dev/null >"$out" 2>"$err"
fi
status=$?
if [ "${SOS_GOLDEN_UPDATE:-}" = 1 ]; then
    cp "$out" expected_stdout
    [ -s "$err" ] && cp "$err" expected_stderr || rm -f expected_stderr
    [ "$status" -ne 0 ] && echo "$status" >expected_status || rm -f expected_status
    exit 0
fi
want_status=0
[ -f expected_status ] && want_status=$(cat expected_status)
rc=0
if [ "$status" -ne "$want_status" ]; then
    echo "exit status $status, expected $want_status"
    rc=1
fi
if ! cmp -s "$out" expected_stdout; then
    echo "stdout differs:"
    diff expected_stdout "$out" | head -20
    rc=1
fi
if [ -f expected_stderr ]; then
    if ! cmp -s "$err" expected_stderr; then
        echo "stderr differs:"
        diff expected_stderr "$err" | head -20
        rc=1
    fi
elif [ -s "$err" ]; then
    echo "unexpected stderr:"
    head -5 "$err"
    rc=1
fi
exit $rc
