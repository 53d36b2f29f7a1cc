// The live broker's structures against a loopback server (fake_rest_server.hpp): the ORDER
// waits for /expiry (asked once per underlying), goes as one optionsmultiorder, and each leg's
// own result moves its own order; without /expiry's list, or with a list that does not hold the
// expiry the legs were priced on, nothing is sent. The whole path against the simulator, with
// fills, the unwinding and the kill, is tests/e2e/livestructs_e2e.sh.
#include <catch2/catch.hpp>
#include <thread>

#include "broker/live/live_broker.hpp"
#include "broker/live/structure_plan.hpp"
#include "event/order_parts.hpp"
#include "fake_rest_server.hpp"
#include "live_poll.hpp"
#include "temp_dir.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;

namespace {

struct Events : broker::EventSink {
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    void emit_line(std::string_view, std::string_view) override {}
    std::string messages(std::string_view id) const {
        std::string all;
        for (const auto& e : events)
            if (const auto* u = e.as<event::OrderUpdate>(); u && u->id == id) all += u->message + "\n";
        return all;
    }
};

using testing::poll_until;

std::shared_ptr<instrument::Registry> nifty() {
    auto r = std::make_shared<instrument::Registry>();
    r->set("NIFTY", instrument::Instrument{65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    return r;
}

LiveOptions options(const std::string& dir, std::string rest) {
    LiveOptions o;
    o.broker_name = "kotak";
    o.rest = std::move(rest);
    o.key = brokers::Secret("sos-dummy-structure-key");
    o.state_path = dir + "/kotak.state";
    return o;
}

// A bull put spread, its BUY leg written second.
broker::OrderRequest spread(const std::string& id) {
    broker::OrderRequest o;
    o.id = id;
    o.strategy = "BPS";
    o.symbol = o.underlying = "NIFTY";
    o.type = vocab::OrderType::Market;
    o.at = time::Timestamp::from_seconds(1755837000);
    o.legs.push_back({"NIFTY26AUG2524750PE", vocab::Side::Sell, 65, vocab::OptionRight::Put, "OTM1", 0});
    o.legs.push_back({"NIFTY26AUG2524700PE", vocab::Side::Buy, 65, vocab::OptionRight::Put, "OTM2", 0});
    return o;
}

constexpr const char* kExpiries =
    R"({"status":"success","message":"Found 2 expiry dates","data":["26-AUG-25","02-SEP-25"]})";
// Leg 1 is the BUY leg (sent first), leg 2 the SELL leg, refused.
constexpr const char* kSellLegFails =
    R"({"status":"success","underlying":"NIFTY","underlying_ltp":24800,"results":[
  {"leg":1,"action":"BUY","offset":"OTM2","option_type":"PE","symbol":"NIFTY26AUG2524700PE","exchange":"NFO","orderid":"2001","status":"success","mode":"live"},
  {"leg":2,"action":"SELL","offset":"OTM1","option_type":"PE","symbol":"NIFTY26AUG2524750PE","exchange":"NFO","status":"error","message":"Insufficient margin"}]})";

}  // namespace

TEST_CASE("a structure waits for /expiry once, then each leg's own result moves its own order") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    answers["/api/v1/expiry"] = kExpiries;
    answers["/api/v1/optionsmultiorder"] = kSellLegFails;
    testing::FakeRestServer server(answers);
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), nifty());
    b.reconcile({}, out);
    b.place(spread("BPS#1"), out);
    // The refused SELL leg is a part of the ORDER whose BUY leg works: said under its part id.
    const auto sell = [](const std::string& id) {
        return event::part_update_id(id, leg_client_id(id, 0, 0));
    };
    REQUIRE(poll_until(b, out,
                       [&] { return out.messages(sell("BPS#1")).find("REJECTED") != std::string::npos; }));
    CHECK_THAT(out.messages("BPS#1"), !Contains("REJECTED"));
    const auto said = out.messages("BPS#1") + out.messages(sell("BPS#1"));
    CHECK_THAT(said,
               Contains("INTENT: leg 2 (BUY OTM2 PE 26AUG25) of the structure, synced to the state file"));
    CHECK_THAT(said, Contains("SENT: optionsmultiorder, leg 1 of 2 [" + leg_client_id("BPS#1", 1, 0)));
    CHECK_THAT(
        said, Contains("OPEN: leg acknowledged by the broker (not a fill) [" + leg_client_id("BPS#1", 1, 0)));
    CHECK_THAT(said, Contains("REJECTED: Insufficient margin [" + leg_client_id("BPS#1", 0, 0)));
    CHECK(server.count("/api/v1/expiry") == 1);
    CHECK(server.count("/api/v1/optionsmultiorder") == 1);
    CHECK(server.count("/api/v1/placeorder") == 0);
    // The next structure on NIFTY takes the cached list.
    b.place(spread("BPS#2"), out);
    REQUIRE(poll_until(b, out,
                       [&] { return out.messages(sell("BPS#2")).find("REJECTED") != std::string::npos; }));
    CHECK(server.count("/api/v1/expiry") == 1);
    CHECK(server.count("/api/v1/optionsmultiorder") == 2);
    // The same ORDER again: never twice.
    b.place(spread("BPS#1"), out);
    poll_until(
        b, out, [] { return false; }, std::chrono::milliseconds(200));
    CHECK(server.count("/api/v1/optionsmultiorder") == 2);
}

TEST_CASE("without /expiry's list, or with one that moved, a structure is refused and nothing sent") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    answers["/api/v1/optionsmultiorder"] = kSellLegFails;
    testing::FakeRestServer server(answers);  // /expiry: 404
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), nifty());
    b.reconcile({}, out);
    b.place(spread("X#1"), out);
    poll_until(b, out, [&] { return out.messages("X#1").find("BROKER_ERROR") != std::string::npos; });
    CHECK_THAT(out.messages("X#1"), Contains("BROKER_ERROR: no expiries of NIFTY from /expiry"));
    // The list moved on (26 Aug has passed): the legs were priced on an expiry no longer first.
    server.answer("/api/v1/expiry", R"({"status":"success","data":["02-SEP-25","09-SEP-25"]})");
    b.place(spread("X#2"), out);
    poll_until(b, out, [&] { return out.messages("X#2").find("priced on") != std::string::npos; });
    CHECK_THAT(out.messages("X#2"), Contains("by /expiry, but the leg was priced on 26AUG25"));
    CHECK(server.count("/api/v1/optionsmultiorder") == 0);
}
