#!/bin/sh
# Installs what sos needs to build and test from Debian 12's packages: the one place that
# installs anything (CMake only checks, and names the package when one is missing).
# Called by scripts/demo.sh, scripts/test.sh and scripts/build.sh.
# Idempotent: does nothing when everything is already there.
set -eu

PACKAGES="cmake make g++ pkg-config git ca-certificates
  libsimdjson-dev libcli11-dev nlohmann-json3-dev libfmt-dev catch2
  libcurl4-openssl-dev libwebsockets-dev libsqlite3-dev sqlite3
  libcairo2-dev fonts-dejavu-core
  clang libclang-rt-14-dev clang-format jq python3
  python3-aiohttp python3-marshmallow"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "sos: installing missing packages:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "sos: need root (or sudo) to install:$missing" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once, then install.
$SUDO apt-get install -y --no-install-recommends $missing >/dev/null 2>&1 || {
    $SUDO apt-get update -qq
    $SUDO apt-get install -y --no-install-recommends $missing
}
