#!/bin/sh
# One conformance case of the strategy spec through the real sos-match binary:
#   match_conformance.sh CONFORMANCE_DIR CASE
# runs `sos-match --strategies CONFORMANCE_DIR/strategies < cases/CASE.in.ndjson` and checks the
# decision lines with the folder's own compare.py.
set -eu
dir=$1
case_name=$2
bin=${SOS_BIN:?set SOS_BIN to the directory holding sos-match}/sos-match
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$bin" --strategies "$dir/strategies" <"$dir/cases/$case_name.in.ndjson" >"$tmp/out.ndjson"
python3 "$dir/compare.py" "$dir/cases/$case_name.expected.ndjson" "$tmp/out.ndjson"
# The same input with several threads gives the same bytes (and succeeds: set -e).
"$bin" --strategies "$dir/strategies" --threads 3 <"$dir/cases/$case_name.in.ndjson" >"$tmp/threads.ndjson"
cmp "$tmp/out.ndjson" "$tmp/threads.ndjson"
