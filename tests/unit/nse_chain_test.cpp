#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <simdjson.h>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "nse/chain_events.hpp"
#include "nse/option_chain_answer.hpp"
#include "openalgo/rest_events.hpp"
#include "sentiment/sentiment_engine.hpp"

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

time::Timestamp ist(int d, int h, int m) {
    return time::kIndia.at(time::Date{2025, 8, d}, h * 3600 + m * 60);
}

constexpr time::Date kNear{2025, 8, 26}, kNext{2025, 9, 2}, kFar{2025, 9, 30};

NseChain legacy() {
    auto r = parse_option_chain(200, recorded("nifty-indices-legacy.json"));
    INFO(r.error.describe());
    REQUIRE(r.ok());
    return *r.value;
}

const event::StrikeRow* strike(const event::OptionChain& ch, double k) {
    for (const auto& row : ch.strikes)
        if (row.strike == k) return &row;
    return nullptr;
}

// Every key path of a JSON line ("strikes[].ce.oi"), to compare shapes.
void paths(simdjson::dom::element e, const std::string& prefix, std::set<std::string>& out) {
    if (e.is_object()) {
        for (auto [k, v] : e.get_object()) {
            std::string p = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
            out.insert(p);
            paths(v, p, out);
        }
    } else if (e.is_array()) {
        for (auto v : e.get_array())
            paths(v, prefix + "[]", out);
    }
}

}  // namespace

TEST_CASE("NSE chain: the legacy answer is read whole") {
    NseChain c = legacy();
    REQUIRE(c.underlying == "NIFTY");
    REQUIRE(c.underlying_value == 24870.1);
    REQUIRE(c.as_of == ist(22, 15, 30));
    REQUIRE(c.expiries == std::vector<time::Date>{kNear, kNext, kFar, time::Date{2025, 12, 25}});
    REQUIRE(c.bad_rows.empty());
    REQUIRE(c.rows.size() == 17);
    REQUIRE(c.filtered_ce_oi == 43400);
    REQUIRE(c.filtered_pe_oi == 37800);
    const NseRow& r = c.rows.front();
    REQUIRE(r.strike == 24650);
    REQUIRE_FALSE(r.ce);
    REQUIRE(r.pe->oi == 400);
    REQUIRE(r.pe->iv_percent == 13.9);
    REQUIRE(r.pe->bid == 26.9);
}

TEST_CASE("NSE chain: one OPTION_CHAIN per wanted expiry, in the contract's form") {
    NseChain c = legacy();
    REQUIRE(nearest_expiries(c.expiries, time::Date{2025, 8, 22}, 2) ==
            std::vector<time::Date>{kNear, kNext});
    REQUIRE(nearest_expiries(c.expiries, kNear, 1) ==
            std::vector<time::Date>{kNear});  // expiring today trades today
    REQUIRE(nearest_expiries(c.expiries, time::Date{2025, 8, 27}, 1) == std::vector<time::Date>{kNext});

    std::vector<event::Event> out;
    std::vector<time::Date> wanted{kNear, kNext, time::Date{2025, 12, 25}};
    ChainConversion n =
        chain_events(c, ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, wanted, ist(22, 20, 0), out);
    REQUIRE(n.refusal.empty());
    REQUIRE(n.written == std::vector<time::Date>{kNear, kNext});
    REQUIRE(n.missing == std::vector<time::Date>{time::Date{2025, 12, 25}});
    REQUIRE(out.size() == 2);
    const event::Event& e = out[0];
    REQUIRE(e.env.kind == event::Kind::OptionChain);
    REQUIRE(e.time() == ist(22, 15, 30));  // NSE's snapshot time, not when it was asked
    REQUIRE(e.env.symbol == "NIFTY");
    REQUIRE(e.env.exchange == "NSE_INDEX");
    REQUIRE(e.env.src == "nse");
    const auto& ch = *e.as<event::OptionChain>();
    REQUIRE(ch.expiry == kNear);
    REQUIRE(ch.spot == 24870.1);
    REQUIRE_FALSE(ch.lot_size);
    REQUIRE(ch.strikes.size() == 9);
    REQUIRE(ch.strikes.front().strike == 24650);
    REQUIRE(ch.strikes.back().strike == 25050);
    const event::StrikeRow* atm = strike(ch, 24850);
    REQUIRE(atm->has_ce);
    REQUIRE(atm->ce.ltp == 96.2);
    REQUIRE(atm->ce.oi == 6900);
    REQUIRE(atm->ce.oi_change == 1500);
    REQUIRE(atm->ce.volume == 380440);
    REQUIRE(*atm->ce.iv == Approx(0.104));
    REQUIRE_FALSE(atm->ce.delta);
    // A contract that never traded keeps NSE's price of 0 and has no IV (NSE writes 0 for both).
    const event::StrikeRow* dead = strike(ch, 25050);
    REQUIRE(dead->ce.ltp == 0);
    REQUIRE_FALSE(dead->ce.iv);
    REQUIRE(dead->ce.oi == 0);
    REQUIRE_FALSE(strike(ch, 24650)->has_ce);

    // The line decodes back through the contract's reader as it was.
    std::string line = event::encode(e);
    event::Decoder d;
    event::EventList list;
    INFO(line);
    bool decoded = d.decode(line, list);
    INFO(d.error().message());
    REQUIRE(decoded);
    REQUIRE(d.canonical());
    REQUIRE(event::encode(list[0]) == line);
}

TEST_CASE("NSE chain: the same shape as lib/openalgo's OPTION_CHAIN") {
    std::vector<event::Event> out;
    std::vector<time::Date> wanted{kNear};
    chain_events(legacy(), ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, wanted, ist(22, 20, 0), out);

    openalgo::OptionChainAnswer oa;
    oa.underlying = "NIFTY";
    oa.underlying_ltp = 24870.1;
    oa.expiry = kNear;
    openalgo::ChainStrike s;
    s.strike = 24850;
    s.ce = openalgo::ChainLeg{"NIFTY26AUG2524850CE", "ATM", 96.2, 96, 96.5, 380440, 6900, 65, 10.4, 0.5};
    s.pe = s.ce;
    oa.chain.push_back(s);
    auto theirs = openalgo::option_chain_event(oa, "NSE_INDEX", ist(22, 15, 30), "openalgo-rest:zerodha");
    REQUIRE(theirs);

    simdjson::dom::parser p1, p2;
    std::set<std::string> mine_paths, their_paths;
    paths(p1.parse(event::encode(out[0])), "", mine_paths);
    paths(p2.parse(event::encode(*theirs)), "", their_paths);
    // NSE adds the day's change in OI; it has no lot size and no delta.
    their_paths.erase("lot_size");
    their_paths.erase("strikes[].ce.delta");
    their_paths.erase("strikes[].pe.delta");
    mine_paths.erase("strikes[].ce.oi_change");
    mine_paths.erase("strikes[].pe.oi_change");
    REQUIRE(mine_paths == their_paths);
}

TEST_CASE("NSE chain: lib/sentiment reads PCR and the OI walls from it unchanged") {
    std::vector<event::Event> out;
    std::vector<time::Date> wanted{kNear, kNext};
    chain_events(legacy(), ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, wanted, ist(22, 20, 0), out);
    sentiment::SentimentEngine engine(sentiment::SentimentConfig{});
    event::Event update;
    REQUIRE(engine.observe(out[0], update));
    REQUIRE(update.env.kind == event::Kind::Sentiment);
    REQUIRE(update.env.symbol == "NIFTY");
    const auto& s = *update.as<event::Sentiment>();
    // The front expiry's put/call OI ratio is NSE's own filtered totals' (37800 / 43400).
    NseChain c = legacy();
    REQUIRE(*s.pcr == Approx(*c.filtered_pe_oi / *c.filtered_ce_oi).margin(0.0005));  // written to 3 decimals
    REQUIRE(*s.pcr == Approx(37800.0 / 43400.0).margin(0.0005));
    REQUIRE(s.oi_wall_above == 25000);  // the largest call OI above spot
    REQUIRE(s.oi_wall_below == 24700);  // the largest put OI below spot
    REQUIRE(s.max_pain);
    REQUIRE(s.iv);
    // The next expiry refreshes the term structure.
    REQUIRE(engine.observe(out[1], update));
    REQUIRE(update.as<event::Sentiment>()->term);
}

TEST_CASE("NSE chain: a v3 answer (one expiry, its own field names) is read the same way") {
    auto r = parse_option_chain(200, recorded("nifty-v3-02-Sep-2025.json"));
    REQUIRE(r.ok());
    const NseChain& c = *r.value;
    REQUIRE(c.expiries.empty());
    REQUIRE(c.rows.size() == 7);
    REQUIRE(c.rows[0].expiry == kNext);
    REQUIRE(c.rows[0].ce->bid);
    REQUIRE(c.rows[0].ce->ask);
    std::vector<event::Event> out;
    std::vector<time::Date> wanted{kNext};
    REQUIRE(chain_events(c, ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, wanted, ist(22, 20, 0), out)
                .written.size() == 1);

    // The same expiry from the legacy answer gives the same line.
    std::vector<event::Event> from_legacy;
    chain_events(legacy(), ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, wanted, ist(22, 20, 0), from_legacy);
    REQUIRE(event::encode(out[0]) == event::encode(from_legacy[0]));

    auto info = parse_contract_info(200, recorded("contract-info-nifty.json"));
    REQUIRE(info.ok());
    REQUIRE(*info.value == std::vector<time::Date>{kNear, kNext, kFar, time::Date{2025, 12, 25}});
}

TEST_CASE("NSE chain: an expired session, refusals and faults are typed errors") {
    auto r = parse_option_chain(200, recorded("session-expired.json"));
    REQUIRE(r.error.kind == NseErrorKind::SessionExpired);
    REQUIRE(r.error.describe() == "HTTP 200 (session expired): NSE answered without records");
    REQUIRE(parse_option_chain(200, R"({"records":{},"filtered":{}})").error.kind ==
            NseErrorKind::SessionExpired);
    r = parse_option_chain(403, recorded("access-denied.html"));
    REQUIRE(r.error.kind == NseErrorKind::SessionExpired);
    REQUIRE(r.error.message == "<HTML><HEAD>");
    REQUIRE(parse_option_chain(401, "").error.kind == NseErrorKind::SessionExpired);
    REQUIRE(parse_option_chain(429, "Too Many Requests").error.kind == NseErrorKind::RateLimited);
    REQUIRE(parse_option_chain(502, "Bad Gateway").error.kind == NseErrorKind::ServerFault);
    REQUIRE(parse_option_chain(404, "Not Found").error.kind == NseErrorKind::Other);
    REQUIRE(parse_contract_info(200, "{}").error.kind == NseErrorKind::SessionExpired);
    REQUIRE(parse_contract_info(403, "").error.kind == NseErrorKind::SessionExpired);

    auto malformed = [](const std::string& body) {
        auto m = parse_option_chain(200, body);
        REQUIRE(m.error.kind == NseErrorKind::Malformed);
        return m.error.message;
    };
    REQUIRE(malformed(recorded("access-denied.html")).rfind("not an option chain: ", 0) == 0);
    REQUIRE(malformed(R"({"records":{"data":[{"strikePrice":1,"CE":[]}]}})") ==
            "not an option chain: field 'records.data[0].CE': not an object");
    REQUIRE(malformed(R"({"records":{"data":{}}})") ==
            "not an option chain: field 'records.data': not an array");
    REQUIRE(malformed(R"({"records":{"data":[]}} {})") == "not an option chain: text after the object");
    REQUIRE(parse_contract_info(200, R"({"expiryDates":["31-Feb-2025"]})").error.message ==
            "not NSE's contract info: field 'expiryDates[0]': not a date (DD-Mon-YYYY)");
}

TEST_CASE("NSE chain: rows that cannot be placed are named and left out; odd numbers are absent") {
    auto r = parse_option_chain(
        200, R"({"records":{"timestamp":"22-Aug-2025 15:30:00","underlyingValue":"24870.10",
        "data":[{"strikePrice":24800,"CE":{"openInterest":10,"expiryDate":"26-AUG-2025"}},
                {"strikePrice":24850,"expiryDate":"26-Aug-2025"},
                {"expiryDate":"26-Aug-2025","PE":{"openInterest":5}},
                {"strikePrice":24900,"PE":{"openInterest":5}},
                {"strikePrice":24950,"expiryDate":"26-Aug-2025","PE":{"openInterest":"-","lastPrice":true,
                 "impliedVolatility":null,"totalTradedVolume":"1,200","depth":{"x":[1]}}}]}})");
    REQUIRE(r.ok());
    const NseChain& c = *r.value;
    REQUIRE(c.underlying_value == 24870.1);
    REQUIRE(c.bad_rows == std::vector<std::string>{"records.data[1]: neither CE nor PE",
                                                   "records.data[2]: no strike price",
                                                   "records.data[3]: no expiry date"});
    REQUIRE(c.rows.size() == 2);
    REQUIRE(c.rows[0].expiry == kNear);  // from the leg when the row has none
    REQUIRE_FALSE(c.rows[1].pe->oi);
    REQUIRE_FALSE(c.rows[1].pe->ltp);
    REQUIRE_FALSE(c.rows[1].pe->volume);
    // A leg without open interest says nothing about PCR or walls: left out.
    std::vector<event::Event> legs;
    std::vector<time::Date> near{kNear};
    chain_events(c, ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, near, ist(22, 10, 0), legs);
    REQUIRE(legs[0].as<event::OptionChain>()->strikes.size() == 1);

    // No underlying value anywhere: no canonical chain.
    auto bare = parse_option_chain(
        200, R"({"records":{"data":[{"strikePrice":1,"expiryDate":"26-Aug-2025","PE":{}}]}})");
    REQUIRE(bare.ok());
    std::vector<event::Event> out;
    std::vector<time::Date> wanted{kNear};
    REQUIRE(chain_events(*bare.value, ChainSeries{"NIFTY", "NSE_INDEX", "nse"}, wanted, ist(22, 10, 0), out)
                .refusal == "the answer gives no underlying value");
    REQUIRE(out.empty());
}

TEST_CASE("NSE dates") {
    REQUIRE(parse_nse_date("26-Aug-2025") == kNear);
    REQUIRE(parse_nse_date("2-sep-2025") == kNext);
    REQUIRE_FALSE(parse_nse_date("31-Feb-2025"));
    REQUIRE_FALSE(parse_nse_date("26-Aug-25"));
    REQUIRE_FALSE(parse_nse_date("26-Agu-2025"));
    REQUIRE_FALSE(parse_nse_date(""));
    REQUIRE(parse_nse_time("22-Aug-2025 15:30:00") == ist(22, 15, 30));
    REQUIRE_FALSE(parse_nse_time("22-Aug-2025"));
    REQUIRE(format_nse_date(kNext) == "02-Sep-2025");
}

TEST_CASE("NSE chain: every truncation of a recorded answer is refused or read, never a crash") {
    for (const char* name :
         {"nifty-indices-legacy.json", "nifty-v3-02-Sep-2025.json", "contract-info-nifty.json"}) {
        const std::string body = recorded(name);
        for (std::size_t cut = 0; cut + 1 < body.size(); cut += 7) {
            INFO(name << " cut at " << cut);
            auto r = parse_option_chain(200, body.substr(0, cut));
            REQUIRE_FALSE(r.ok());
            REQUIRE_FALSE(r.error.describe().empty());
            REQUIRE_FALSE(parse_contract_info(200, body.substr(0, cut)).ok());
        }
    }
}
