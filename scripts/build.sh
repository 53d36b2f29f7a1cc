#!/bin/sh
# Configures and builds one tree: scripts/build.sh DIR [cmake options...]
# Installs what is missing first (Debian 12 packages), so it works on a fresh machine.
# SOS_BUILD_TARGETS="a b" builds only those targets.
set -eu
cd "$(dirname "$0")/.."
dir=$1
shift
sh scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$dir" "$@" >/dev/null
if [ -n "${SOS_BUILD_TARGETS:-}" ]; then
    for t in $SOS_BUILD_TARGETS; do cmake --build "$dir" -j"$jobs" --target "$t"; done
else
    cmake --build "$dir" -j"$jobs"
fi
