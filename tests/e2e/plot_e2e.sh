#!/bin/sh
# sos-journal plot end to end: the hand-worked session of tests/golden/sos-journal/report-session
# journaled by the real binary, then drawn as PNG and SVG at the default and other sizes. Each
# file must be what its name says (a PNG whose chunks and pixels decode to the size asked for,
# an SVG document that parses as XML with that size), the same bytes when drawn again from the
# same journal, and replaced whole (no temporary file left beside it).
set -eu

bin=${SOS_BIN:?set SOS_BIN to the directory holding sos-journal}/sos-journal
src=${SOS_SOURCE_DIR:?set SOS_SOURCE_DIR to the source tree}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
    echo "plot_e2e: $*" >&2
    exit 1
}

"$bin" --db "$tmp/j.db" --run session <"$src/tests/golden/sos-journal/report-session/stdin" >/dev/null ||
    fail "recording the session: exit $?"

# Checks a PNG (signature, every chunk's CRC, IHDR size, IDAT inflating to the rows that size
# needs) or an SVG (well-formed XML, an <svg> root of that size) and prints what it found.
check() {
    python3 - "$@" <<'PY'
import struct, sys, zlib
import xml.etree.ElementTree as ET

path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
if path.lower().endswith(".png"):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
    at, chunks, idat = 8, [], b""
    while at < len(data):
        (n,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + n]
        (crc,) = struct.unpack(">I", data[at + 8 + n:at + 12 + n])
        assert zlib.crc32(kind + body) == crc, "bad CRC in " + kind.decode()
        chunks.append(kind)
        if kind == b"IDAT":
            idat += body
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
        at += 12 + n
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND", chunks
    channels = {2: 3, 6: 4}[colour]
    assert len(zlib.decompress(idat)) == h * (1 + w * channels * depth // 8), "IDAT does not fill the image"
else:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    w, h = (int(float(root.get(a).removesuffix("px"))) for a in ("width", "height"))
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and "session" in title.text, "no title naming the run"
assert (w, h) == (want_w, want_h), f"{w}x{h}, want {want_w}x{want_h}"
print(f"{path}: {w}x{h}")
PY
}

for size in "1200 800" "400 300"; do
    set -- $size
    for ext in png svg; do
        out="$tmp/equity-$1.$ext"
        "$bin" plot --db "$tmp/j.db" --out "$out" --width "$1" --height "$2" --capital 100000 ||
            fail "plot $ext $1x$2: exit $?"
        check "$out" "$1" "$2" >/dev/null || fail "$out is not a valid $ext of $1x$2"
        "$bin" plot --db "$tmp/j.db" --out "$tmp/again.$ext" --width "$1" --height "$2" --capital 100000 ||
            fail "plot again: exit $?"
        cmp -s "$out" "$tmp/again.$ext" || fail "$ext $1x$2 differs when drawn again from the same journal"
    done
done
[ -z "$(find "$tmp" -name '*.tmp')" ] || fail "a temporary file was left: $(find "$tmp" -name '*.tmp')"

# Narrowed to the first day, of a named run, an upper-case ending: still a picture.
"$bin" plot --db "$tmp/j.db" --run session --from 2024-01-08 --to 2024-01-08 --capital 100000 --out "$tmp/day.PNG" ||
    fail "plot of one day: exit $?"
check "$tmp/day.PNG" 1200 800 >/dev/null || fail "day.PNG is not a PNG"
cmp -s "$tmp/day.PNG" "$tmp/equity-1200.png" && fail "--from/--to changed nothing"

echo "plot_e2e: ok"
