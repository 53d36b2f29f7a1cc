#!/bin/sh
# sos-feed live --chain-source nse against the project's NSE server (tests/tier-sims/nse-sim) on
# 127.0.0.1, with candles from the yahoo tier's recorded answer (no broker at all):
# 1. v3: the page's cookies first, the expiries, then a chain of each of the two nearest
#    expiries every --chain-every, each an OPTION_CHAIN (src nse) equal to NSE's recorded
#    answer and followed by its SENTIMENT_UPDATE; cookies refused (401), a 500 and Akamai's 403
#    are each said, the page asked again where the session needs it, and the chains go on.
# 2. legacy: one answer holds every expiry; the two nearest are written from it.
# About 25 s.
set -u
bin=${SOS_BIN:?}
src=${SOS_SOURCE_DIR:?}
PATH="$bin:$PATH"
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
SIM_DIR="$tmp/sim"
mkdir -p "$SIM_DIR"
. "$src/tests/tier-sims/tier-env.sh"
trap 'tier_stop_all; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

tier_start yahoo yahoo-sim --answer '^NSEI=nifty-1m.json' || exit 1
tier_start nse nse-sim --start 2025-08-22T09:25 --speed 30 || exit 1
live="sos-feed live --feed yahoo --yahoo-url $TIER_yahoo_URL --yahoo-every 1 --session always --health-every 4"
live="$live --chain-source nse --nse-url $TIER_nse_URL --chain-every 1"

# 1. v3, through faults.
$live --symbols NSE_INDEX:NIFTY,NSE_INDEX:INDIAVIX --duration 16 > "$tmp/v3.out" 2> "$tmp/v3.err" &
pid=$!
sleep 4
tier_fault nse '{"fault":"expire"}'
sleep 4
tier_fault nse '{"fault":"status","status":500,"count":1}'
sleep 3
tier_fault nse '{"fault":"status","status":403,"count":1}'
wait $pid
status=$?
[ $status = 0 ] && pass "v3: exit 0 at --duration" || fail "v3: exit $status: $(cat "$tmp/v3.err")"
python3 - "$tmp/v3.out" "$src/tests/recorded/nse/nifty-v3-02-Sep-2025.json" <<'PY' && pass "v3: chains of 26 Aug and 2 Sep, src nse, equal to NSE's answer, each followed by its sentiment" || fail "v3: the chains: $(grep -c OPTION_CHAIN "$tmp/v3.out") written"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
rec = json.load(open(sys.argv[2]))["records"]
chains = [(i, e) for i, e in enumerate(lines) if e["type"] == "OPTION_CHAIN"]
assert len(chains) >= 8, len(chains)
for i, e in chains:
    assert e["symbol"] == "NIFTY" and e["exchange"] == "NSE_INDEX" and e["src"] == "nse", e
    assert e["expiry"] in ("2025-08-26", "2025-09-02"), e["expiry"]
    assert e["spot"] == rec["underlyingValue"], e["spot"]
    s = lines[i + 1]
    assert s["type"] == "SENTIMENT_UPDATE" and s["symbol"] == "NIFTY" and s["timestamp"] == e["timestamp"], s
times = sorted({e["timestamp"] for _, e in chains})
assert len(times) >= 4, times  # NSE's snapshot moved, and each new one was written (once per expiry)
assert len(chains) == 2 * len(times), (len(chains), times)
sep = [e for _, e in chains if e["expiry"] == "2025-09-02"][-1]
want = {}
for row in rec["data"]:
    for side, key in (("CE", "ce"), ("PE", "pe")):
        if side in row and row[side]["openInterest"]:
            leg = row[side]
            want[(row["strikePrice"], key)] = (leg["openInterest"], leg["changeinOpenInterest"],
                                               leg["totalTradedVolume"], leg["lastPrice"],
                                               round(leg["impliedVolatility"] / 100, 6) or None)
got = {}
for k in sep["strikes"]:
    for key in ("ce", "pe"):
        if key in k:
            leg = k[key]
            got[(k["strike"], key)] = (leg["oi"], leg["oi_change"], leg["volume"], leg["ltp"],
                                       round(leg["iv"], 6) if "iv" in leg else None)
assert got == want, (got, want)
PY
curl -sf "$TIER_nse_URL/_requests" > "$tmp/requests.json"
python3 - "$tmp/requests.json" "$TIER_nse_URL" <<'PY' && pass "v3: the page first, cookies sent back with a browser's headers; after a 401 and a 403 the page again, after a 500 a retry; chains after each" || fail "v3: the requests: $(head -c 3000 "$tmp/requests.json")"
import json, sys
reqs = json.load(open(sys.argv[1]))["requests"]
base = sys.argv[2]
steps = [(r["status"], r["path"]) for r in reqs]
assert steps[0] == (200, "/option-chain"), steps[:3]
assert steps[1] == (200, "/api/option-chain-contract-info"), steps[:3]
cookies = None
for r in reqs:
    h = {k.lower(): v for k, v in r["headers"].items()}
    assert h["user-agent"].startswith("Mozilla/5.0"), h
    if r["path"] == "/option-chain":
        cookies = r.get("cookies", cookies)
        continue
    assert h["referer"] == base + "/option-chain", h
    assert h["accept"].startswith("application/json"), h
    assert "gzip" in h.get("accept-encoding", ""), h
for status in (401, 403):
    i = steps.index((status, "/api/option-chain-v3"))
    assert steps[i + 1] == (200, "/option-chain"), steps[i:i + 3]
    assert (200, "/api/option-chain-v3") in steps[i + 2:], steps[i:]
i = steps.index((500, "/api/option-chain-v3"))
assert steps[i + 1] == (200, "/api/option-chain-v3"), steps[i:i + 3]
PY
for want in "NIFTY: NSE refused the session's cookies (HTTP 401 (session expired)" "NIFTY: HTTP 500" \
    "NIFTY: NSE refused the session's cookies (HTTP 403 (session expired)" \
    "nse: NSE_INDEX:INDIAVIX: NSE lists no options on it"; do
    grep -qF "$want" "$tmp/v3.err" && pass "v3: said on stderr: $want" \
        || fail "v3: '$want' not said; stderr: $(head -c 2000 "$tmp/v3.err")"
done
python3 -c '
import json, sys
h = [json.loads(l) for l in open(sys.argv[1]) if "\"HEALTH\"" in l][-1]["nse"]
assert h["chains"] >= 8 and h["expired"] >= 2 and h["warmups"] >= 3 and h["failures"] >= 1, h
' "$tmp/v3.out" && pass "v3: HEALTH counts the chains, the refused cookies, the page asked and the failure" \
    || fail "v3: HEALTH: $(grep HEALTH "$tmp/v3.out" | tail -1)"

# 2. legacy: every expiry in one answer.
$live --symbols NSE_INDEX:NIFTY --nse-api legacy --duration 4 > "$tmp/legacy.out" 2> "$tmp/legacy.err"
status=$?
[ $status = 0 ] && pass "legacy: exit 0" || fail "legacy: exit $status: $(cat "$tmp/legacy.err")"
python3 -c '
import json, sys
chains = [json.loads(l) for l in open(sys.argv[1]) if "\"OPTION_CHAIN\"" in l]
assert chains and {c["expiry"] for c in chains} == {"2025-08-26", "2025-09-02"}, [c["expiry"] for c in chains]
' "$tmp/legacy.out" && pass "legacy: the two nearest expiries from one answer" \
    || fail "legacy: $(grep -c OPTION_CHAIN "$tmp/legacy.out") chains; stderr: $(head -c 1000 "$tmp/legacy.err")"
curl -sf "$TIER_nse_URL/_requests" | grep -q '"/api/option-chain-indices"' && pass "legacy: asked /api/option-chain-indices" \
    || fail "legacy: /api/option-chain-indices not asked"

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
