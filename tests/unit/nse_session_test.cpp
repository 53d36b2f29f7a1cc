#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "nse/nse_session.hpp"

using namespace sos;
using namespace sos::nse;

namespace {

std::string recorded(const std::string& name) {
    std::ifstream in(std::string(SOS_SOURCE_DIR) + "/tests/recorded/nse/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

time::Timestamp ist(int d, int h, int m, int s = 0) {
    return time::kIndia.at(time::Date{2025, 8, d}, h * 3600 + m * 60 + s);
}

std::string header(const NseRequest& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return "(none)";
}

const std::vector<std::string> kCookies{"nsit=abc123; Path=/; HttpOnly; Secure",
                                        "nseappid=eyJ0eXAi; Path=/; Max-Age=600; HttpOnly"};
const std::vector<std::string> kNone{};

NseSessionOptions nifty(NseEndpoint endpoint = NseEndpoint::V3) {
    NseSessionOptions o;
    o.base = "http://127.0.0.1:8081";
    o.symbol = "NIFTY";
    o.endpoint = endpoint;
    return o;
}

// Answers the warm-up at `now` with the two cookies.
void warm(NseSession& s, time::Timestamp now) {
    auto r = s.next(now);
    REQUIRE(r);
    REQUIRE(r->step == NseStep::Warmup);
    REQUIRE(s.on_answer(*r, 200, kCookies, "<html>option chain</html>", now).kind ==
            NseOutcomeKind::Progress);
}

}  // namespace

TEST_CASE("NSE session: the page's cookies first, then the expiries, then each wanted expiry's chain") {
    NseSession s(nifty());
    time::Timestamp now = ist(22, 10, 0);
    auto r = s.next(now);
    REQUIRE(r);
    REQUIRE(r->step == NseStep::Warmup);
    REQUIRE(r->url == "http://127.0.0.1:8081/option-chain");
    REQUIRE(header(*r, "Cookie") == "(none)");
    REQUIRE(header(*r, "User-Agent").rfind("Mozilla/5.0", 0) == 0);
    REQUIRE(header(*r, "Accept").rfind("text/html", 0) == 0);
    REQUIRE(s.on_answer(*r, 200, kCookies, "<html/>", now).kind == NseOutcomeKind::Progress);
    REQUIRE(s.cookie_header() == "nsit=abc123; nseappid=eyJ0eXAi");

    r = s.next(now);
    REQUIRE(r->step == NseStep::Expiries);
    REQUIRE(r->url == "http://127.0.0.1:8081/api/option-chain-contract-info?symbol=NIFTY");
    REQUIRE(header(*r, "Cookie") == "nsit=abc123; nseappid=eyJ0eXAi");
    REQUIRE(header(*r, "Referer") == "http://127.0.0.1:8081/option-chain");
    REQUIRE(header(*r, "Accept") == "application/json, text/plain, */*");
    REQUIRE(s.on_answer(*r, 200, kNone, recorded("contract-info-nifty.json"), now).kind ==
            NseOutcomeKind::Progress);

    r = s.next(now);
    REQUIRE(r->step == NseStep::Chain);
    REQUIRE(r->url ==
            "http://127.0.0.1:8081/api/option-chain-v3?type=Indices&symbol=NIFTY&expiry=26-Aug-2025");
    REQUIRE(r->expiry == time::Date{2025, 8, 26});
    NseOutcome o = s.on_answer(*r, 200, kNone, recorded("nifty-indices-legacy.json"), now);
    REQUIRE(o.kind == NseOutcomeKind::Chain);
    REQUIRE(o.expiries == std::vector<time::Date>{time::Date{2025, 8, 26}});
    REQUIRE(o.chain->rows.size() == 17);

    r = s.next(now);
    REQUIRE(r->url ==
            "http://127.0.0.1:8081/api/option-chain-v3?type=Indices&symbol=NIFTY&expiry=02-Sep-2025");
    o = s.on_answer(*r, 200, kNone, recorded("nifty-v3-02-Sep-2025.json"), now);
    REQUIRE(o.kind == NseOutcomeKind::Chain);
    REQUIRE(o.expiries == std::vector<time::Date>{time::Date{2025, 9, 2}});

    // Nothing more until the next cycle; then the same snapshot again is said to be unchanged.
    REQUIRE_FALSE(s.next(ist(22, 10, 0, 59)));
    REQUIRE(s.due() == ist(22, 10, 1));
    r = s.next(ist(22, 10, 1));
    REQUIRE(r->expiry == time::Date{2025, 8, 26});
    o = s.on_answer(*r, 200, kNone, recorded("nifty-indices-legacy.json"), ist(22, 10, 1));
    REQUIRE(o.kind == NseOutcomeKind::Unchanged);
    REQUIRE(s.counts().chains == 2);
    REQUIRE(s.counts().unchanged == 1);
}

TEST_CASE("NSE session: expired cookies ({}, 401, 403) are fetched again and the call repeated") {
    for (int status : {200, 401, 403}) {
        NseSession s(nifty(NseEndpoint::Legacy));
        time::Timestamp now = ist(22, 11, 0);
        warm(s, now);
        auto r = s.next(now);
        REQUIRE(r->step == NseStep::Chain);
        REQUIRE(r->url == "http://127.0.0.1:8081/api/option-chain-indices?symbol=NIFTY");
        // A good answer first, so the session has been accepted once.
        REQUIRE(s.on_answer(*r, 200, kNone, recorded("nifty-indices-legacy.json"), now).kind ==
                NseOutcomeKind::Chain);

        now = ist(22, 11, 1);
        r = s.next(now);
        NseOutcome o =
            s.on_answer(*r, status, kNone, status == 200 ? "{}" : recorded("access-denied.html"), now);
        INFO("status " << status);
        REQUIRE(o.kind == NseOutcomeKind::SessionExpired);
        REQUIRE(s.cookie_header().empty());
        r = s.next(now);
        REQUIRE(r->step == NseStep::Warmup);
        REQUIRE(s.on_answer(*r, 200, std::vector<std::string>{"nsit=fresh; Path=/"}, "<html/>", now).kind ==
                NseOutcomeKind::Progress);
        r = s.next(now);
        REQUIRE(r->step == NseStep::Chain);
        REQUIRE(header(*r, "Cookie") == "nsit=fresh");
        auto fresh = s.on_answer(*r, 200, kNone, recorded("nifty-indices-legacy.json"), now);
        // The snapshot's time did not move since the first answer.
        REQUIRE(fresh.kind == NseOutcomeKind::Unchanged);
        REQUIRE(s.counts().warmups == 2);
        REQUIRE(s.counts().expired == 1);
    }
}

TEST_CASE("NSE session: fresh cookies refused too is a wait, not a hammering") {
    NseSession s(nifty(NseEndpoint::Legacy));
    time::Timestamp now = ist(22, 11, 0);
    warm(s, now);
    auto r = s.next(now);
    NseOutcome o = s.on_answer(*r, 403, kNone, recorded("access-denied.html"), now);
    REQUIRE(o.kind == NseOutcomeKind::Failed);
    REQUIRE(o.message ==
            "NSE refused fresh cookies too (HTTP 403 (session expired): <HTML><HEAD>): waiting 300 s");
    REQUIRE(o.retry_at == ist(22, 11, 5));
    REQUIRE_FALSE(s.next(ist(22, 11, 4, 59)));
    REQUIRE(s.due() == ist(22, 11, 5));
    r = s.next(ist(22, 11, 5));
    REQUIRE(r->step == NseStep::Warmup);
}

TEST_CASE("NSE session: a 429, a server fault and a garbled answer wait and ask again") {
    NseSession s(nifty(NseEndpoint::Legacy));
    time::Timestamp now = ist(22, 11, 0);
    warm(s, now);
    auto r = s.next(now);
    NseOutcome o = s.on_answer(*r, 429, kNone, "Too Many Requests", now);
    REQUIRE(o.kind == NseOutcomeKind::Failed);
    REQUIRE(o.message == "HTTP 429 (rate limited): Too Many Requests");
    REQUIRE(o.retry_at == ist(22, 11, 1));
    REQUIRE_FALSE(s.next(ist(22, 11, 0, 59)));

    now = ist(22, 11, 1);
    r = s.next(now);
    REQUIRE(r->step == NseStep::Chain);
    o = s.on_answer(*r, 503, kNone, "Service Unavailable", now);
    REQUIRE(o.kind == NseOutcomeKind::Failed);
    REQUIRE(o.retry_at == ist(22, 11, 1, 15));

    now = ist(22, 11, 1, 15);
    r = s.next(now);
    o = s.on_answer(*r, 200, kNone, R"({"records":{"data":[)", now);
    REQUIRE(o.kind == NseOutcomeKind::Failed);
    REQUIRE(o.message.rfind("HTTP 200 (malformed): not an option chain", 0) == 0);

    now = ist(22, 11, 1, 30);
    r = s.next(now);
    REQUIRE(s.on_answer(*r, 200, kNone, recorded("nifty-indices-legacy.json"), now).kind ==
            NseOutcomeKind::Chain);
    REQUIRE(s.counts().failures == 3);
}

TEST_CASE(
    "NSE session: a page that sets no cookie is a failure; cookies age out; a new day asks the expiries "
    "again") {
    NseSession s(nifty());
    time::Timestamp now = ist(22, 12, 0);
    auto r = s.next(now);
    NseOutcome o = s.on_answer(*r, 403, kNone, recorded("access-denied.html"), now);
    REQUIRE(o.kind == NseOutcomeKind::Failed);
    REQUIRE(o.message == "NSE's page set no cookies (HTTP 403)");
    REQUIRE(o.retry_at == ist(22, 12, 5));

    now = ist(22, 12, 5);
    warm(s, now);
    r = s.next(now);
    REQUIRE(s.on_answer(*r, 200, kNone, recorded("contract-info-nifty.json"), now).kind ==
            NseOutcomeKind::Progress);
    // Ten minutes on, the cookies are fetched again before the next call.
    r = s.next(ist(22, 12, 15));
    REQUIRE(r->step == NseStep::Warmup);
    // A cookie the page deletes is no longer sent.
    s.on_answer(*r, 200, std::vector<std::string>{"nsit=second", "nseappid=deleted; Max-Age=0"}, "",
                ist(22, 12, 15));
    REQUIRE(s.cookie_header() == "nsit=second");

    // The next trading day: the expiries are asked for again.
    warm(s, ist(25, 9, 20));
    r = s.next(ist(25, 9, 20));
    REQUIRE(r->step == NseStep::Expiries);
}

TEST_CASE("NSE session: equities' URLs, and symbols encoded") {
    NseSessionOptions o = nifty();
    o.symbol = "M&M";
    o.index = false;
    REQUIRE(option_chain_url(o, time::Date{2025, 8, 28}) ==
            "http://127.0.0.1:8081/api/option-chain-v3?type=Equity&symbol=M%26M&expiry=28-Aug-2025");
    o.endpoint = NseEndpoint::Legacy;
    REQUIRE(option_chain_url(o, {}) == "http://127.0.0.1:8081/api/option-chain-equities?symbol=M%26M");
    NseSessionOptions d;
    d.symbol = "NIFTY";
    d.endpoint = NseEndpoint::Legacy;
    REQUIRE(option_chain_url(d, {}) == "https://www.nseindia.com/api/option-chain-indices?symbol=NIFTY");
}
