// A structure ORDER planned as optionsmultiorder requests (structure_plan.hpp): BUY legs before
// SELL legs, each leg's expiry the one /expiry lists at its offset (and the one it was priced
// on), freeze slices from the one registry, client ids per leg and slice, only the documented
// fields on the wire; the answer read leg by leg; the dry run's line; the state file's records
// of a structure.
#include <catch2/catch.hpp>
#include <set>

#include "broker/live/client_order_id.hpp"
#include "broker/live/dry_run_broker.hpp"
#include "broker/live/state_file.hpp"
#include "broker/live/structure_plan.hpp"
#include "openalgo/multi_order.hpp"

#include "temp_dir.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;

namespace {

instrument::Registry nifty() {
    instrument::Registry r;
    r.set("NIFTY", instrument::Instrument{65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    return r;
}

constexpr time::Date kWeek{2025, 8, 28}, kNext{2025, 9, 2};

// An iron condor as sos-risk writes it: SELL legs among BUY legs, the ORDER's order.
broker::OrderRequest condor(std::int64_t qty = 65) {
    broker::OrderRequest o;
    o.id = "IC:NIFTY:5m:1755840000#1";
    o.underlying = "NIFTY";
    o.strategy = "IC";
    o.type = vocab::OrderType::Market;
    o.product = vocab::Product::Mis;
    const auto leg = [&](const char* sym, vocab::Side s, vocab::OptionRight r, const char* off) {
        o.legs.push_back({sym, s, qty, r, off, 0});
    };
    using vocab::OptionRight;
    using vocab::Side;
    leg("NIFTY28AUG2524600PE", Side::Buy, OptionRight::Put, "OTM2");
    leg("NIFTY28AUG2524700PE", Side::Sell, OptionRight::Put, "OTM1");
    leg("NIFTY28AUG2524900CE", Side::Sell, OptionRight::Call, "OTM1");
    leg("NIFTY28AUG2525000CE", Side::Buy, OptionRight::Call, "OTM2");
    return o;
}

const std::vector<time::Date> kListed{kWeek, kNext, {2025, 9, 9}};

}  // namespace

TEST_CASE("a structure's BUY legs go before its SELL legs, each leg an order of its own") {
    const auto plan = plan_structure(condor(), nifty(), &kListed);
    INFO(plan.refusal);
    REQUIRE(plan.requests.size() == 1);
    const auto& r = plan.requests[0];
    REQUIRE(r.body.legs.size() == 4);
    CHECK(r.leg_numbers == std::vector<int>{0, 3, 1, 2});  // the buys, then the sells, each in order
    CHECK(r.body.legs[0].action == vocab::Side::Buy);
    CHECK(r.body.legs[1].action == vocab::Side::Buy);
    CHECK(r.body.legs[2].action == vocab::Side::Sell);
    CHECK(r.body.legs[3].action == vocab::Side::Sell);
    CHECK(r.body.legs[1].offset == "OTM2");
    CHECK(r.body.legs[1].option_type == vocab::OptionRight::Call);
    CHECK(r.body.strategy == *client_order_id(condor().id, 0));
    CHECK(r.body.underlying == "NIFTY");
    CHECK(r.body.exchange == vocab::Exchange::NseIndex);
    // Each leg: its own client id (the ORDER's id, the leg's number, the slice), the option's
    // placeorder fields on NFO (what the books match), the request's strategy as its tag.
    std::set<std::string> ids;
    for (std::size_t i = 0; i < r.legs.size(); ++i) {
        const auto& leg = r.legs[i];
        CHECK(leg.client_id == leg_client_id(condor().id, r.leg_numbers[i], 0));
        CHECK(leg.client_id.size() == kClientIdLength);
        CHECK(leg.body.exchange == vocab::Exchange::Nfo);
        CHECK(leg.body.symbol == condor().legs[static_cast<std::size_t>(r.leg_numbers[i])].symbol);
        CHECK(leg.body.action == r.body.legs[i].action);
        CHECK(leg.body.pricetype == vocab::OrderType::Market);
        CHECK(leg.body.strategy == r.body.strategy);
        ids.insert(leg.client_id);
    }
    CHECK(ids.size() == 4);
    // The same ORDER plans the same ids (a restart recognises what it sent).
    CHECK(plan_structure(condor(), nifty(), &kListed).requests[0].legs[2].client_id == r.legs[2].client_id);
}

TEST_CASE("a leg's expiry is /expiry's at its offset, and the one it was priced on") {
    auto o = condor();
    auto plan = plan_structure(o, nifty(), &kListed);
    REQUIRE(plan.requests.size() == 1);
    for (const auto& l : plan.requests[0].body.legs)
        CHECK(l.expiry == kWeek);
    // A calendar: the far leg at offset 1 is the second listed expiry.
    o.legs.resize(2);
    o.legs[1].symbol = "NIFTY02SEP2524700PE";
    o.legs[1].expiry_offset = 1;
    plan = plan_structure(o, nifty(), &kListed);
    REQUIRE(plan.requests.size() == 1);
    CHECK(plan.requests[0].body.legs[1].expiry == kNext);
    // Priced on one expiry, listed as another: not the structure approved.
    o.legs[1].expiry_offset = 2;
    plan = plan_structure(o, nifty(), &kListed);
    CHECK(plan.requests.empty());
    CHECK_THAT(plan.refusal,
               Contains("expiry offset 2 is 09SEP25 by /expiry, but the leg was priced on 02SEP25"));
    // An offset /expiry does not list.
    o.legs[1].expiry_offset = 5;
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal, Contains("none at offset 5"));
    // A dry run asks nothing: the leg's own expiry.
    plan = plan_structure(o, nifty(), nullptr);
    REQUIRE(plan.requests.size() == 1);
    CHECK(plan.requests[0].body.legs[1].expiry == kNext);
}

TEST_CASE("a structure above the freeze quantity goes in slices, every leg split alike") {
    const auto plan = plan_structure(condor(65 * 40), nifty(), &kListed);  // 2600 > 1800
    REQUIRE(plan.requests.size() == 2);
    std::int64_t total = 0;
    std::set<std::string> ids;
    for (const auto& r : plan.requests) {
        REQUIRE(r.legs.size() == 4);
        for (const auto& l : r.body.legs) {
            CHECK(l.quantity < 1800);
            CHECK(l.quantity % 65 == 0);
        }
        CHECK(r.body.legs[0].quantity == r.body.legs[3].quantity);
        total += r.body.legs[0].quantity;
        CHECK(r.body.strategy == *client_order_id(condor().id, r.slice));
        for (const auto& l : r.legs) {
            CHECK(l.slice == r.slice);
            ids.insert(l.client_id);
        }
    }
    CHECK(total == 2600);
    CHECK(ids.size() == 8);
    // plan_placeorder's answer for a structure: every leg of every slice, as its own order.
    CHECK(plan_placeorder(condor(65 * 40), nifty()).requests.size() == 8);
}

TEST_CASE("optionsmultiorder carries only the documented fields") {
    const auto plan = plan_structure(condor(), nifty(), &kListed);
    REQUIRE(plan.requests.size() == 1);
    const auto body = openalgo::encode_optionsmultiorder("k3y", plan.requests[0].body);
    const auto s = plan.requests[0].body.strategy;
    CHECK(
        body ==
        R"({"apikey":"k3y","strategy":")" + s +
            R"(","underlying":"NIFTY","exchange":"NSE_INDEX","legs":[)"
            R"({"offset":"OTM2","option_type":"PE","action":"BUY","quantity":65,"expiry_date":"28AUG25","pricetype":"MARKET","product":"MIS"},)"
            R"({"offset":"OTM2","option_type":"CE","action":"BUY","quantity":65,"expiry_date":"28AUG25","pricetype":"MARKET","product":"MIS"},)"
            R"({"offset":"OTM1","option_type":"PE","action":"SELL","quantity":65,"expiry_date":"28AUG25","pricetype":"MARKET","product":"MIS"},)"
            R"({"offset":"OTM1","option_type":"CE","action":"SELL","quantity":65,"expiry_date":"28AUG25","pricetype":"MARKET","product":"MIS"}]})");
    CHECK_THAT(body, !Contains("expiry_offset") && !Contains("leg_type") && !Contains("symbol"));
}

TEST_CASE("what optionsmultiorder cannot take is refused with a reason") {
    auto o = condor();
    o.legs[2].offset.clear();
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal, Contains("has no offset"));
    o = condor();
    o.legs[2].offset = "OTM51";
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal, Contains("is not ATM, ITM1-50 or OTM1-50"));
    o = condor();
    o.type = vocab::OrderType::Limit;
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal, Contains("go at MARKET"));
    o = condor();
    o.product = vocab::Product::Cnc;
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal, Contains("not CNC"));
    o = condor();
    o.legs[0].option_type = vocab::OptionRight::Call;
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal,
               Contains("says CE but NIFTY28AUG2524600PE is a PE"));
    o = condor();
    o.underlying = "BANKNIFTY";
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal,
               Contains("no exchange known for the underlying"));
    o = condor();
    o.legs[0].symbol = "RELIANCE";
    CHECK_THAT(plan_structure(o, nifty(), &kListed).refusal, Contains("is not an option of NIFTY"));
}

TEST_CASE("the answer is read leg by leg, success at the top whatever the legs met") {
    const auto a = openalgo::read_multiorder_answer(
        200, R"({"status":"success","underlying":"NIFTY","underlying_ltp":24800.5,"results":[
          {"leg":1,"action":"BUY","offset":"OTM2","option_type":"PE","symbol":"NIFTY28AUG2524600PE","exchange":"NFO","orderid":"25082200000001","status":"success","mode":"live"},
          {"leg":2,"action":"SELL","offset":"OTM1","option_type":"PE","symbol":"NIFTY28AUG2524700PE","exchange":"NFO","status":"error","message":"Insufficient margin"}]})");
    REQUIRE(a.verdict == openalgo::PlaceVerdict::Accepted);
    REQUIRE(a.results.size() == 2);
    CHECK(a.results[0].leg == 1);
    CHECK(a.results[0].ok);
    CHECK(a.results[0].orderid == "25082200000001");
    CHECK(a.results[0].symbol == "NIFTY28AUG2524600PE");
    CHECK_FALSE(a.results[1].ok);
    CHECK(a.results[1].message == "Insufficient margin");
    // The request as a whole: a 429, a schema's 400, a 5xx, a success without results.
    CHECK(
        openalgo::read_multiorder_answer(429, R"({"status":"error","retry_after":2})").retry_after.count() ==
        2000);
    const auto bad =
        openalgo::read_multiorder_answer(400, R"({"status":"error","message":"{'legs': ['x']}"})");
    CHECK(bad.verdict == openalgo::PlaceVerdict::Refused);
    CHECK(openalgo::read_multiorder_answer(502, "<html>").verdict == openalgo::PlaceVerdict::Unsure);
    CHECK(openalgo::read_multiorder_answer(200, R"({"status":"success","mode":"semi_auto"})").verdict ==
          openalgo::PlaceVerdict::Unsure);
}

namespace {
struct Lines : broker::EventSink {
    std::vector<std::string> lines;
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    void emit_line(std::string_view, std::string_view line) override { lines.emplace_back(line); }
};
}  // namespace

TEST_CASE("a dry run writes the optionsmultiorder it would send, key masked") {
    DryRunBroker b(std::make_shared<instrument::Registry>(nifty()), "kotak");
    Lines first, second;
    b.place(condor(), first);
    b.place(condor(), second);
    REQUIRE(first.lines.size() == 1);
    CHECK(first.lines == second.lines);
    const auto& l = first.lines[0];
    CHECK_THAT(l, Contains(R"("endpoint":"optionsmultiorder","body":{"apikey":"***","strategy":")"));
    CHECK_THAT(l, Contains(R"("expiry_date":"28AUG25")"));
    CHECK_THAT(l, Contains(R"("legs":[{"client_id":")" + leg_client_id(condor().id, 0, 0) +
                           R"(","symbol":"NIFTY28AUG2524600PE"})"));
    auto o = condor();
    o.legs[1].offset.clear();
    Lines refused;
    b.place(o, refused);
    REQUIRE(refused.events.size() == 1);
    CHECK(refused.events[0].as<event::OrderUpdate>()->status == vocab::OrderStatus::Rejected);
}

TEST_CASE("the state file keeps a structure's plan and the option a leg resolved to") {
    sos::test::TempDir d;
    const auto path = d.file("exec.state");
    const auto plan = plan_structure(condor(), nifty(), &kListed);
    REQUIRE(plan.requests.size() == 1);
    const auto& leg = plan.requests[0].legs[2];
    {
        StateFile f(path);
        StoredOrder s{leg.client_id, condor().id, 0, leg.body, LiveState::Intent, {}, 0};
        s.plan = exit_plan_of(condor());
        CHECK(s.plan->structure);
        f.append_intent(s);
        StateExtras x;
        x.symbol = "NIFTY28AUG2524650PE";
        f.append_state(leg.client_id, LiveState::Sent, "2508220001", 0, x);
        f.append_state(leg.client_id, LiveState::Open, "2508220001", 0);
    }
    StateFile f(path);
    const auto* s = f.find(leg.client_id);
    REQUIRE(s);
    CHECK(s->request.symbol == "NIFTY28AUG2524650PE");
    CHECK(s->state == LiveState::Open);
    REQUIRE(s->plan);
    CHECK(s->plan->structure);
    CHECK(s->plan->underlying == "NIFTY");
}
