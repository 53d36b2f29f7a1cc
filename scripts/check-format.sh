#!/bin/sh
# Checks that the project's own C++ sources (lib, tools, tests, bench, fuzz) are formatted with
# the repository's .clang-format, by clang-format 14 (Debian 12's package clang-format, which
# scripts/install-deps.sh installs). Prints every file that is not and exits 1.
#   sh scripts/check-format.sh          check
#   sh scripts/check-format.sh --fix    format them in place
# Generated tables (*.inc) are data, not formatted.
set -eu
cd "$(dirname "$0")/.."
fix=0
[ "${1:-}" = --fix ] && fix=1

if ! command -v clang-format >/dev/null 2>&1; then
    echo "check-format: clang-format not found: install Debian's clang-format (sh scripts/install-deps.sh)" >&2
    exit 2
fi
version=$(clang-format --version | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p')
[ "$version" = 14 ] || echo "check-format: clang-format $version, not 14 as in CI: its layout may differ" >&2

jobs=$(nproc 2>/dev/null || echo 2)
unformatted=$(find lib tools tests bench fuzz -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cpp.in' \) |
    sort | xargs -P "$jobs" -n 25 sh -c 'for f; do clang-format --style=file "$f" | cmp -s - "$f" || echo "$f"; done' sh |
    sort)
[ -z "$unformatted" ] && exit 0

if [ $fix = 1 ]; then
    for f in $unformatted; do clang-format -i --style=file "$f" && echo "formatted $f"; done
    exit 0
fi
echo "check-format: not formatted with .clang-format (fix: sh scripts/check-format.sh --fix):"
for f in $unformatted; do echo "  $f"; done
exit 1
