#!/bin/sh
# Configures and builds one tree: scripts/build.sh DIR [cmake options...]
# Installs what is missing first (Debian 12 packages), so it works on a fresh machine.
set -eu
cd "$(dirname "$0")/.."
dir=$1
shift
sh scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$dir" "$@" >/dev/null
cmake --build "$dir" -j"$jobs"
