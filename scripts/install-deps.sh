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
  python3-aiohttp python3-marshmallow chromium curl"
# npm installs the page's chart library (below). Debian's npm, unless a Node.js of another origin
# already brings its own (Debian's package would conflict with it).
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

# The dashboard's browser libraries (web/package.json, versions pinned by web/package-lock.json),
# into web/node_modules, where the build finds them. Run after the packages, which bring npm.
web_deps() {
    root=$(cd "$(dirname "$0")/.." && pwd)
    [ -f "$root/web/node_modules/lightweight-charts/package.json" ] \
        && grep -q "\"version\": \"$(jq -r '.dependencies["lightweight-charts"]' "$root/web/package.json")\"" \
            "$root/web/node_modules/lightweight-charts/package.json" && return 0
    echo "sos: installing the dashboard's browser libraries (npm ci in web/)" >&2
    (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

if [ -z "$missing" ]; then
    web_deps
    exit 0
fi

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
web_deps
