// An ORDER sos-exec --live sends in several parts (freeze slices of a placeorder, the legs of an
// optionsmultiorder): a part that ends with nothing (refused in the answer, rejected by the RMS
// after acknowledgement, withdrawn) while another part is on its way or filled is said under its
// part id ("ORDER_ID/part-CLIENT_ID", event/order_parts.hpp), never under the ORDER's, which
// sos-risk reads as the end of the whole ORDER; the last part to end with nothing, every other
// part having ended so too, speaks for the ORDER: one REJECTED under its id. Against a loopback
// server (fake_rest_server.hpp).
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <thread>

#include "broker/live/client_order_id.hpp"
#include "broker/live/live_broker.hpp"
#include "broker/live/structure_plan.hpp"
#include "event/order_parts.hpp"
#include "fake_rest_server.hpp"
#include "live_poll.hpp"
#include "temp_dir.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;
using vocab::OrderStatus;

namespace {

struct Events : broker::EventSink {
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    void emit_line(std::string_view, std::string_view) override {}
    std::vector<const event::OrderUpdate*> updates(std::string_view id) const {
        std::vector<const event::OrderUpdate*> out;
        for (const auto& e : events)
            if (const auto* u = e.as<event::OrderUpdate>(); u && u->id == id) out.push_back(u);
        return out;
    }
    int count(std::string_view id, OrderStatus status) const {
        int n = 0;
        for (const auto* u : updates(id))
            n += u->status == status ? 1 : 0;
        return n;
    }
    int fills(std::string_view order_id) const {
        int n = 0;
        for (const auto& e : events)
            if (const auto* f = e.as<event::Fill>(); f && f->order_id == order_id) ++n;
        return n;
    }
};

using testing::poll_until;

// RELIANCE with a freeze quantity of 2: an ORDER of 2 goes as two slices of 1.
std::shared_ptr<instrument::Registry> sliced() {
    auto r = std::make_shared<instrument::Registry>();
    r->set("RELIANCE", instrument::Instrument{1, 2, money::Paise{5}, vocab::Exchange::Nse});
    r->set("NIFTY", instrument::Instrument{65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    return r;
}

LiveOptions options(const std::string& dir, std::string rest) {
    LiveOptions o;
    o.broker_name = "kotak";
    o.rest = std::move(rest);
    o.key = brokers::Secret("sos-dummy-parts-key");
    o.state_path = dir + "/kotak.state";
    o.limits.orders = {{1, std::chrono::milliseconds(700)}};  // one slice at a time
    o.book_every = std::chrono::milliseconds(50);
    return o;
}

broker::OrderRequest market(const std::string& id) {
    broker::OrderRequest o;
    o.id = id;
    o.strategy = "orb";
    o.symbol = o.underlying = "RELIANCE";
    o.qty = 2;
    o.type = vocab::OrderType::Market;
    o.at = time::Timestamp::from_seconds(1755837000);
    return o;
}

std::string row(const char* id, const char* status) {
    return fmt::format(
        R"({{"orderid":"{}","symbol":"RELIANCE","exchange":"NSE","action":"BUY","quantity":"1","price":0,)"
        R"("trigger_price":0,"pricetype":"MARKET","product":"MIS","order_status":"{}","timestamp":"22-Aug-2025 09:15:01"}})",
        id, status);
}

std::string orderbook(const std::string& rows) {
    return R"({"status":"success","data":{"orders":[)" + rows + "]}}";
}

std::string part(const std::string& order_id, int slice) {
    return event::part_update_id(order_id, *client_order_id(order_id, slice));
}

constexpr const char* kPlaced1 = R"({"status":"success","orderid":"1001"})";
constexpr const char* kPlaced2 = R"({"status":"success","orderid":"1002"})";
constexpr const char* kRefused = R"({"status":"error","message":"RMS: insufficient margin"})";

}  // namespace

TEST_CASE("a slice refused while its sibling goes on is said under its part id; the last under the ORDER's") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    answers["/api/v1/placeorder"] = kRefused;
    testing::FakeRestServer server(answers);
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), sliced());
    b.reconcile({}, out);
    b.place(market("M#1"), out);
    // Slice 0 is refused in the answer while slice 1 waits in the queue: the ORDER goes on.
    REQUIRE(poll_until(b, out, [&] { return out.count(part("M#1", 0), OrderStatus::Rejected) == 1; }));
    CHECK_THAT(out.updates(part("M#1", 0)).back()->message, Contains("RMS: insufficient margin"));
    CHECK(out.count("M#1", OrderStatus::Rejected) == 0);
    // Slice 1 is acknowledged, then rejected by the RMS: nothing of the ORDER is left, and its
    // rejection is the ORDER's, said once.
    server.answer("/api/v1/placeorder", kPlaced1);
    REQUIRE(poll_until(b, out, [&] { return out.count("M#1", OrderStatus::Open) == 1; }));
    server.answer("/api/v1/orderbook", orderbook(row("1001", "rejected")));
    REQUIRE(poll_until(b, out, [&] { return out.count("M#1", OrderStatus::Rejected) == 1; }));
    CHECK_THAT(out.updates("M#1").back()->message, Contains("after acknowledgement (RMS)"));
    CHECK(out.count(part("M#1", 1), OrderStatus::Rejected) == 0);
    CHECK(out.count(part("M#1", 0), OrderStatus::Rejected) == 1);
    CHECK(server.count("/api/v1/placeorder") == 2);
}

TEST_CASE("a slice rejected by the RMS while its sibling works leaves the ORDER to the sibling's fill") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    answers["/api/v1/placeorder"] = kPlaced1;
    testing::FakeRestServer server(answers);
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), sliced());
    b.reconcile({}, out);
    b.place(market("M#2"), out);
    REQUIRE(poll_until(b, out, [&] { return out.count("M#2", OrderStatus::Open) == 1; }));
    server.answer("/api/v1/placeorder", kPlaced2);
    REQUIRE(poll_until(b, out, [&] { return out.count("M#2", OrderStatus::Open) == 2; }));
    server.answer("/api/v1/orderbook", orderbook(row("1001", "rejected") + "," + row("1002", "open")));
    REQUIRE(poll_until(b, out, [&] { return out.count(part("M#2", 0), OrderStatus::Rejected) == 1; }));
    CHECK(out.count("M#2", OrderStatus::Rejected) == 0);
    // The sibling fills: its FILL and COMPLETE are the ORDER's.
    server.answer("/api/v1/orderbook", orderbook(row("1001", "rejected") + "," + row("1002", "complete")));
    server.answer(
        "/api/v1/tradebook",
        R"({"status":"success","data":[{"action":"BUY","symbol":"RELIANCE","exchange":"NSE","orderid":"1002",)"
        R"("product":"MIS","quantity":1,"average_price":2500.0,"timestamp":"22-Aug-2025 09:15:02","trade_value":2500.0}]})");
    REQUIRE(poll_until(b, out, [&] { return out.count("M#2", OrderStatus::Complete) == 1; }));
    CHECK(out.fills("M#2") == 1);
    CHECK(out.count("M#2", OrderStatus::Rejected) == 0);
}

TEST_CASE("a structure's SELL leg refused beside its acknowledged BUY leg is said under the leg's part id") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    answers["/api/v1/expiry"] =
        R"({"status":"success","message":"Found 2 expiry dates","data":["26-AUG-25","02-SEP-25"]})";
    testing::FakeRestServer server(answers);
    Events out;
    auto o = options(d.path.string(), server.url());
    o.leg_failed = vocab::LegFailure::Alert;  // the BUY leg is left held: sos-risk must still count it
    LiveBroker b(std::move(o), sliced());
    b.reconcile({}, out);
    broker::OrderRequest s;
    s.id = "BPS#1";
    s.strategy = "BPS";
    s.symbol = s.underlying = "NIFTY";
    s.type = vocab::OrderType::Market;
    s.at = time::Timestamp::from_seconds(1755837000);
    s.legs.push_back({"NIFTY26AUG2524750PE", vocab::Side::Sell, 65, vocab::OptionRight::Put, "OTM1", 0});
    s.legs.push_back({"NIFTY26AUG2524700PE", vocab::Side::Buy, 65, vocab::OptionRight::Put, "OTM2", 0});
    SECTION("one leg refused") {
        server.answer("/api/v1/optionsmultiorder", R"({"status":"success","results":[
  {"leg":1,"action":"BUY","offset":"OTM2","option_type":"PE","symbol":"NIFTY26AUG2524700PE","exchange":"NFO","orderid":"2001","status":"success"},
  {"leg":2,"action":"SELL","offset":"OTM1","option_type":"PE","symbol":"NIFTY26AUG2524750PE","exchange":"NFO","status":"error","message":"Insufficient margin"}]})");
        b.place(s, out);
        const auto sell = event::part_update_id("BPS#1", leg_client_id("BPS#1", 0, 0));
        REQUIRE(poll_until(b, out, [&] { return out.count(sell, OrderStatus::Rejected) == 1; }));
        CHECK_THAT(out.updates(sell).back()->message, Contains("REJECTED: Insufficient margin"));
        CHECK(out.count("BPS#1", OrderStatus::Open) == 1);
        CHECK(out.count("BPS#1", OrderStatus::Rejected) == 0);
    }
    SECTION("every leg refused: one REJECTED for the ORDER") {
        server.answer("/api/v1/optionsmultiorder", R"({"status":"success","results":[
  {"leg":1,"action":"BUY","offset":"OTM2","option_type":"PE","symbol":"NIFTY26AUG2524700PE","exchange":"NFO","status":"error","message":"Insufficient margin"},
  {"leg":2,"action":"SELL","offset":"OTM1","option_type":"PE","symbol":"NIFTY26AUG2524750PE","exchange":"NFO","status":"error","message":"Insufficient margin"}]})");
        b.place(s, out);
        REQUIRE(poll_until(b, out, [&] { return out.count("BPS#1", OrderStatus::Rejected) == 1; }));
        CHECK(out.count(event::part_update_id("BPS#1", leg_client_id("BPS#1", 1, 0)),
                        OrderStatus::Rejected) == 1);
        CHECK(out.count("BPS#1", OrderStatus::Rejected) == 1);
    }
}
