// Entries triggered on their underlying, live (issue 15): an option's stop entry on its index is
// armed (ARMED in the state file, TRIGGER_PENDING on the stream, nothing sent), judged on the
// index's candles as the paper broker judges a stop entry, and only then sent at MARKET, slice 0
// by optionsorder (ATM at that moment), the other slices by placeorder on the option it placed.
// Its expiry, a kill and a pause withdraw it; a restart re-arms it from the state file and never
// sends it twice. Against a loopback server (fake_rest_server.hpp); the simulator's run is
// tests/e2e/livearmed_e2e.sh.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "broker/live/accept_broker.hpp"
#include "broker/live/armed_entries.hpp"
#include "broker/live/client_order_id.hpp"
#include "broker/live/dry_run_broker.hpp"
#include "broker/live/history_positions.hpp"
#include "broker/live/live_broker.hpp"
#include "broker/live/state_file.hpp"
#include "fake_rest_server.hpp"
#include "live_poll.hpp"
#include "openalgo/options_order.hpp"
#include "temp_dir.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;
using money::Paise;

namespace {

constexpr std::int64_t kAt = 1704685740;  // the ORDER's time (a 1m signal bar's close)
constexpr const char* kPath = "/api/v1/optionsorder";
constexpr const char* kPlaced =
    R"({"status":"success","orderid":"2001","symbol":"NIFTY08JAN2421650PE","exchange":"NFO",)"
    R"("offset":"ATM","option_type":"PE","underlying":"NIFTY","underlying_ltp":21648.2})";

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
    bool says(std::string_view id, std::string_view text) const {
        for (const auto* u : updates(id))
            if (u->message.find(text) != std::string::npos) return true;
        return false;
    }
};

struct Lines : broker::EventSink {
    std::vector<std::string> lines;
    void emit(const event::Event&) override {}
    void emit_line(std::string_view, std::string_view line) override { lines.emplace_back(line); }
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::shared_ptr<instrument::Registry> registry() {
    auto r = std::make_shared<instrument::Registry>();
    r->set("NIFTY", instrument::Instrument{65, 1800, Paise{5}, vocab::Exchange::NseIndex});
    return r;
}

// A SELL signal on NIFTY bought as its ATM put: a stop entry at 21650 on the index.
broker::OrderRequest put_entry(const std::string& id, std::int64_t qty = 65) {
    broker::OrderRequest o;
    o.id = id;
    o.strategy = "orb";
    o.symbol = "NIFTY08JAN2421700PE";
    o.underlying = "NIFTY";
    o.side = vocab::Side::Buy;
    o.underlying_side = vocab::Side::Sell;
    o.qty = qty;
    o.type = vocab::OrderType::SlM;
    o.trigger = Paise{2165000};
    o.sl = Paise{2175000};
    o.at = time::Timestamp::from_seconds(kAt);
    return o;
}

// A BUY signal bought as the call: a stop entry at 21750 on the index.
broker::OrderRequest call_entry(const std::string& id) {
    auto o = put_entry(id);
    o.symbol = "NIFTY08JAN2421700CE";
    o.underlying_side = vocab::Side::Buy;
    o.trigger = Paise{2175000};
    o.sl = Paise{2165000};
    return o;
}

event::Event candle(std::int64_t open, double o, double h, double l, double c, std::string symbol = "NIFTY") {
    event::Event e;
    e.env.kind = event::Kind::Candle;
    e.env.symbol = std::move(symbol);
    e.env.timestamp = time::Timestamp::from_seconds(open);
    auto& k = e.body.emplace<event::Candle>();
    k.tf = time::kOneMinute;
    k.o = o;
    k.h = h;
    k.l = l;
    k.c = c;
    return e;
}

event::Candle bar(double h, double l, int tf = 60) {
    event::Candle k;
    k.tf.seconds = tf;
    k.o = k.c = (h + l) / 2;
    k.h = h;
    k.l = l;
    return k;
}

LiveOptions options(const std::string& dir, std::string rest) {
    LiveOptions o;
    o.broker_name = "kotak";
    o.rest = std::move(rest);
    o.key = brokers::Secret("sos-dummy-armed-key");
    o.state_path = dir + "/kotak.state";
    o.book_every = std::chrono::milliseconds(100);
    return o;
}

using testing::poll_until;

void settle(LiveBroker& b, Events& out, std::chrono::milliseconds for_ = std::chrono::milliseconds(300)) {
    poll_until(
        b, out, [] { return false; }, for_);
}

// A broker whose start's reconciliation runs (the empty account agrees: ORDERs held meanwhile
// go once it does).
std::unique_ptr<LiveBroker> started(const std::string& dir, const testing::FakeRestServer& server,
                                    Events& out) {
    auto b = std::make_unique<LiveBroker>(options(dir, server.url()), registry());
    b->reconcile({}, out);
    return b;
}

// Places `o` and waits until it is armed (after the start's reconciliation, if it still runs).
void arm(LiveBroker& b, Events& out, const broker::OrderRequest& o) {
    b.place(o, out);
    REQUIRE(poll_until(b, out, [&] { return out.says(o.id, "ARMED: watching"); }));
}

}  // namespace

TEST_CASE("armed: a candle of the underlying triggers in the entry's direction only, touching counts") {
    const ArmedEntry sell{{"NIFTY", vocab::Side::Sell, Paise{2165000}},
                          time::kOneMinute,
                          time::Timestamp::from_seconds(kAt),
                          time::Timestamp::from_seconds(kAt + 180)};
    const auto t = [](std::int64_t s) { return time::Timestamp::from_seconds(kAt + s); };
    CHECK(judge(sell, "NIFTY", t(0), bar(21700, 21650)) == ArmedVerdict::Fire);  // touching
    CHECK(judge(sell, "NIFTY", t(0), bar(21700, 21651)) == ArmedVerdict::Wait);
    CHECK(judge(sell, "NIFTY", t(0), bar(21800, 21760)) == ArmedVerdict::Wait);       // up, not down
    CHECK(judge(sell, "NIFTY", t(-60), bar(21700, 21600)) == ArmedVerdict::Wait);     // the signal's own bar
    CHECK(judge(sell, "BANKNIFTY", t(0), bar(100, 1)) == ArmedVerdict::Wait);         // not its underlying
    CHECK(judge(sell, "NIFTY", t(0), bar(21700, 21600, 300)) == ArmedVerdict::Wait);  // another timeframe
    CHECK(judge(sell, "NIFTY", t(120), bar(21700, 21660)) == ArmedVerdict::Expire);   // its 3rd candle closed
    CHECK(judge(sell, "NIFTY", t(120), bar(21700, 21600)) == ArmedVerdict::Fire);     // reached on its last
    CHECK(judge(sell, "NIFTY", t(180), bar(21700, 21600)) == ArmedVerdict::Expire);   // too late
    CHECK(judge(sell, "NIFTY", t(600), bar(21700, 21600, 300)) == ArmedVerdict::Expire);
    auto buy = sell;
    buy.on = {"NIFTY", vocab::Side::Buy, Paise{2175000}};
    CHECK(judge(buy, "NIFTY", t(0), bar(21750, 21700)) == ArmedVerdict::Fire);
    CHECK(judge(buy, "NIFTY", t(0), bar(21749.95, 21500)) == ArmedVerdict::Wait);  // down, not up
    CHECK(reached(buy, bar(21760, 21700)) == Paise{2176000});
}

TEST_CASE("optionsorder: the documented fields, ATM on the signal's option's expiry and right") {
    const auto r = registry();
    openalgo::PlaceOrder body{
        "S0123456789abcdef00",    vocab::Exchange::Nfo, "NIFTY08JAN2421700PE", vocab::Side::Buy, 130,
        vocab::OrderType::Market, vocab::Product::Mis,  std::nullopt,          std::nullopt};
    const auto o = options_order_for(body, "NIFTY", *r);
    REQUIRE(o);
    CHECK(openalgo::encode_optionsorder("***", *o) ==
          R"({"apikey":"***","strategy":"S0123456789abcdef00","underlying":"NIFTY","exchange":"NSE_INDEX",)"
          R"("expiry_date":"08JAN24","offset":"ATM","option_type":"PE","action":"BUY","quantity":130,)"
          R"("splitsize":0,"pricetype":"MARKET","product":"MIS"})");
    body.symbol = "NIFTY08JAN24FUT";
    CHECK_FALSE(options_order_for(body, "NIFTY", *r));  // a future goes by placeorder
    body.symbol = "BANKNIFTY08JAN2447000PE";
    CHECK_FALSE(options_order_for(body, "NIFTY", *r));
    CHECK(same_series("NIFTY08JAN2421700PE", "NIFTY08JAN2421650PE"));
    CHECK_FALSE(same_series("NIFTY08JAN2421700PE", "NIFTY08JAN2421700CE"));
    CHECK_FALSE(same_series("NIFTY08JAN2421700PE", "NIFTY15JAN2421700PE"));
    const auto a = openalgo::read_options_answer(200, kPlaced);
    CHECK(a.place.verdict == openalgo::PlaceVerdict::Accepted);
    CHECK(a.symbol == "NIFTY08JAN2421650PE");
    CHECK(openalgo::read_options_answer(200, R"({"status":"success","orderid":"1"})").place.verdict ==
          openalgo::PlaceVerdict::Unsure);  // what it placed unnamed: the order book says
}

TEST_CASE("state file: an armed entry reads back ARMED with its trigger, then as it moved") {
    sos::test::TempDir d;
    const auto path = d.file("a.state");
    StoredOrder s{"S1", "A#1", 0, {}, LiveState::Intent, {}, 0};
    s.request = {"S1",        vocab::Exchange::Nfo,     "NIFTY08JAN2421700PE", vocab::Side::Buy,
                 65,          vocab::OrderType::Market, vocab::Product::Mis,   std::nullopt,
                 std::nullopt};
    s.armed = ArmedEntry{{"NIFTY", vocab::Side::Sell, Paise{2165000}},
                         time::kOneMinute,
                         time::Timestamp::from_seconds(kAt),
                         time::Timestamp::from_seconds(kAt + 180)};
    {
        StateFile f(path);
        f.append_intent(s);
        CHECK(f.find("S1")->state == LiveState::Armed);
    }
    {
        StateFile f(path);
        REQUIRE(f.find("S1"));
        CHECK(f.find("S1")->state == LiveState::Armed);
        const auto& a = f.find("S1")->armed;
        REQUIRE(a);
        CHECK(a->on.underlying == "NIFTY");
        CHECK(a->on.side == vocab::Side::Sell);
        CHECK(a->on.level == Paise{2165000});
        CHECK(a->tf.seconds == 60);
        CHECK(a->from == s.armed->from);
        CHECK(a->until == s.armed->until);
        f.append_state("S1", LiveState::Intent, "", 0);
        StateExtras x;
        x.symbol = "NIFTY08JAN2421650PE";
        f.append_state("S1", LiveState::Open, "2001", 0, x);
    }
    StateFile f(path);
    CHECK(f.find("S1")->state == LiveState::Open);
    CHECK(f.find("S1")->request.symbol == "NIFTY08JAN2421650PE");
    CHECK(f.find("S1")->resolved);
    CHECK(f.position_keys().contains(PositionKey{"NIFTY08JAN2421650PE", "NFO", vocab::Product::Mis}));
    CHECK_THAT(slurp(path),
               Contains(R"("on":{"underlying":"NIFTY","side":"SELL","trigger":21650.00,"tf":60,)"));
}

TEST_CASE(
    "armed: nothing is sent until the index trades through; then one optionsorder, its option recorded") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, kPlaced);
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, put_entry("P#1"));
    const auto u = out.updates("P#1");
    REQUIRE_FALSE(u.empty());
    CHECK(u.back()->status == vocab::OrderStatus::TriggerPending);
    CHECK_THAT(u.back()->message, Contains("ARMED: watching NIFTY for a trade at or below 21650.00"));
    b->on_market(candle(kAt - 60, 21700, 21710, 21600, 21690), out);  // the signal's bar: never used
    b->on_market(candle(kAt, 21700, 21720, 21660, 21680), out);       // above the trigger
    b->on_market(candle(kAt, 21700, 21720, 21600, 21680, "BANKNIFTY"), out);
    settle(*b, out);
    CHECK(server.count(kPath) == 0);
    CHECK(server.count("/api/v1/placeorder") == 0);
    b->on_market(candle(kAt + 60, 21680, 21690, 21640, 21645), out);  // through it
    REQUIRE(poll_until(*b, out, [&] { return out.says("P#1", "optionsorder placed NIFTY08JAN2421650PE"); }));
    CHECK(out.says("P#1", "TRIGGERED: NIFTY traded at or below 21650.00 (low 21640.00)"));
    CHECK(out.says("P#1", "SENT: optionsorder NIFTY 08JAN24 PE ATM"));
    b->on_market(candle(kAt + 120, 21645, 21650, 21600, 21610), out);  // again through: nothing more
    settle(*b, out);
    CHECK(server.count(kPath) == 1);
    CHECK(server.count("/api/v1/placeorder") == 0);
    const auto state = slurp(d.file("kotak.state"));
    CHECK_THAT(state, Contains(R"("state":"INTENT")"));  // triggered: synced before it went
    CHECK_THAT(
        state,
        Contains(R"("state":"OPEN","broker_order_id":"2001","filled_qty":0,"symbol":"NIFTY08JAN2421650PE")"));
    CHECK_THAT(state, !Contains("sos-dummy-armed-key"));
}

TEST_CASE("armed: a BUY trigger fires on the way up only") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, R"({"status":"success","orderid":"2002","symbol":"NIFTY08JAN2421750CE"})");
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, call_entry("C#1"));
    b->on_market(candle(kAt, 21700, 21740, 21500, 21600), out);  // far down: not its direction
    settle(*b, out);
    CHECK(server.count(kPath) == 0);
    b->on_market(candle(kAt + 60, 21600, 21755, 21590, 21740), out);
    REQUIRE(poll_until(*b, out, [&] { return out.says("C#1", "optionsorder placed NIFTY08JAN2421750CE"); }));
    CHECK(out.says("C#1", "at or above 21750.00 (high 21755.00)"));
    CHECK(server.count(kPath) == 1);
}

TEST_CASE("armed: not triggered within its candles, it is withdrawn, never sent") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, put_entry("X#1"));
    for (int i = 0; i < 3; ++i)
        b->on_market(candle(kAt + 60 * i, 21700, 21720, 21660, 21680), out);
    const auto u = out.updates("X#1");
    CHECK(u.back()->status == vocab::OrderStatus::Cancelled);
    CHECK_THAT(u.back()->message, Contains("WITHDRAWN (EXPIRED): armed on NIFTY, never triggered"));
    b->on_market(candle(kAt + 180, 21700, 21720, 21500, 21680), out);
    settle(*b, out);
    CHECK(server.count(kPath) == 0);
    StateFile after(d.file("kotak.state"));
    CHECK(after.find(*client_order_id("X#1", 0))->state == LiveState::Withdrawn);
}

TEST_CASE("armed: a restart re-arms it from the state file and sends it once") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, kPlaced);
    {
        Events out;
        auto b = started(d.path.string(), server, out);
        arm(*b, out, put_entry("R#1"));
        b->on_market(candle(kAt, 21700, 21720, 21660, 21680), out);
    }  // gone, as after SIGKILL: the state file holds it ARMED
    Events out;
    auto b = std::make_unique<LiveBroker>(options(d.path.string(), server.url()), registry());
    b->place(put_entry("R#1"), out);  // the same ORDER again (a replay): not armed twice
    b->reconcile({}, out);
    CHECK(out.says("R#1", "re-armed from the state file; ARMED: watching NIFTY"));
    settle(*b, out);
    b->on_market(candle(kAt + 60, 21680, 21690, 21640, 21645), out);
    REQUIRE(poll_until(*b, out, [&] { return out.says("R#1", "optionsorder placed"); }));
    settle(*b, out);
    CHECK(server.count(kPath) == 1);
    const auto state = slurp(d.file("kotak.state"));
    std::size_t intents = 0;
    for (auto at = state.find(R"("rec":"intent")"); at != std::string::npos;
         at = state.find(R"("rec":"intent")", at + 1))
        ++intents;
    CHECK(intents == 1);
    // And a restart after it was sent does not send it again: it is settled from the books.
    Events again;
    LiveBroker c(options(d.path.string(), server.url()), registry());
    c.reconcile({}, again);
    c.on_market(candle(kAt + 120, 21645, 21650, 21600, 21610), again);
    settle(c, again);
    CHECK(server.count(kPath) == 1);
}

TEST_CASE("armed: a kill and a pause withdraw what is armed; nothing goes after") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, put_entry("K#1"));
    arm(*b, out, call_entry("Z#1"));
    b->flatten("", time::Timestamp::from_seconds(kAt + 30), out);
    CHECK(out.says("K#1", "WITHDRAWN (KILL): armed on NIFTY"));
    CHECK(out.says("Z#1", "WITHDRAWN (KILL): armed on NIFTY"));
    arm(*b, out, put_entry("Q#1"));
    event::Control pause;
    pause.command = "pause";
    pause.target = "sos-risk";  // the operator's pause of new entries reaches sos-exec too
    b->control(pause, time::Timestamp::from_seconds(kAt + 40), out);
    CHECK(out.updates("Q#1").back()->status == vocab::OrderStatus::Cancelled);
    CHECK(out.says("Q#1", "WITHDRAWN (PAUSE)"));
    b->on_market(candle(kAt, 21700, 21800, 21500, 21600), out);
    settle(*b, out);
    CHECK(server.count(kPath) == 0);
    CHECK(server.count("/api/v1/placeorder") == 0);
}

TEST_CASE("armed: slices above the freeze quantity follow slice 0 onto the option it placed") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, kPlaced);
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, put_entry("F#1", 65 * 40));  // 2600: two slices below NIFTY's 1800
    b->on_market(candle(kAt, 21700, 21720, 21640, 21680), out);
    REQUIRE(poll_until(*b, out, [&] { return server.count("/api/v1/placeorder") == 1; }));
    CHECK(server.count(kPath) == 1);
    CHECK(out.says("F#1", "TRIGGERED with slice 0, on the option it placed (NIFTY08JAN2421650PE)"));
    const auto s1 = *client_order_id("F#1", 1);
    settle(*b, out);
    StateFile after(d.file("kotak.state"));
    CHECK(after.find(s1)->request.symbol == "NIFTY08JAN2421650PE");
    CHECK(after.find(*client_order_id("F#1", 0))->request.symbol == "NIFTY08JAN2421650PE");
}

TEST_CASE("dry run: an armed option's slice 0 is an optionsorder, the others follow it") {
    auto r = registry();
    DryRunBroker b(r, "kotak");
    Lines out;
    b.place(put_entry("D#1", 65 * 40), out);
    REQUIRE(out.lines.size() == 4);  // each slice, then its exit (MARKET: no exchange stop on an option)
    CHECK_THAT(out.lines[0], Contains(R"("endpoint":"optionsorder","body":{"apikey":"***",)"));
    CHECK_THAT(out.lines[0], Contains(R"("offset":"ATM","option_type":"PE")"));
    CHECK_THAT(out.lines[1], Contains(R"("after":"exit")"));
    CHECK_THAT(out.lines[2], Contains(R"("endpoint":"placeorder")"));
    CHECK_THAT(out.lines[2], Contains(R"("with_slice":0})"));
    CHECK_THAT(out.lines[3], Contains(R"("after":"exit")"));
}

TEST_CASE("armed: a crossing during the start's reconciliation goes once the books agree") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, kPlaced);
    {
        Events out;
        auto b = started(d.path.string(), server, out);
        arm(*b, out, put_entry("G#1"));
    }
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), registry());
    b.reconcile({}, out);
    b.on_market(candle(kAt, 21680, 21690, 21640, 21645), out);  // the books have not answered yet
    CHECK(out.says("G#1", "once the start's reconciliation with the broker agrees"));
    CHECK(server.count(kPath) == 0);
    REQUIRE(poll_until(b, out, [&] { return out.says("G#1", "optionsorder placed"); }));
    CHECK(out.says("G#1", "(after the start's reconciliation)"));
    settle(b, out);
    CHECK(server.count(kPath) == 1);
}

TEST_CASE("history: a fill counts on the option it traded, not its ORDER's strike") {
    HistoryPositions h;
    h.order("A", PositionKey{"NIFTY08JAN2421700PE", "NFO", vocab::Product::Mis});
    h.fill("A", vocab::Side::Buy, 65, "NIFTY08JAN2421650PE");  // placed ATM at the crossing
    CHECK(held(h.positions(), PositionKey{"NIFTY08JAN2421650PE", "NFO", vocab::Product::Mis}) == 65);
    CHECK(held(h.positions(), PositionKey{"NIFTY08JAN2421700PE", "NFO", vocab::Product::Mis}) == 0);
}

TEST_CASE("reconcile --accept-broker: an entry still armed does not block it (it never left)") {
    sos::test::TempDir d;
    const auto path = d.file("acct.state");
    {
        StateFile f(path);
        StoredOrder s{"S1", "A#1", 0, {}, LiveState::Intent, {}, 0};
        s.request = {"S1",        vocab::Exchange::Nfo,     "NIFTY08JAN2421700PE", vocab::Side::Buy,
                     65,          vocab::OrderType::Market, vocab::Product::Mis,   std::nullopt,
                     std::nullopt};
        s.armed = ArmedEntry{{"NIFTY", vocab::Side::Sell, Paise{2165000}},
                             time::kOneMinute,
                             time::Timestamp::from_seconds(kAt),
                             time::Timestamp::from_seconds(kAt + 180)};
        f.append_intent(s);
    }
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    AcceptOptions o;
    o.broker_name = "zerodha";
    o.rest = server.url();
    o.key = brokers::Secret("sos-dummy-armed-key");
    o.state_path = path;
    o.lock_dir = d.path;
    const auto r = accept_broker_positions(o);
    CHECK(r.status == 0);
    CHECK_THAT(r.message, !Contains("not settled"));
}

TEST_CASE("armed: an optionsorder left unanswered is settled from the order book, at the strike placed") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, "<html>gateway</html>");  // no readable answer: it may have been placed
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, put_entry("U#1"));
    b->on_market(candle(kAt, 21680, 21690, 21640, 21645), out);
    REQUIRE(poll_until(*b, out, [&] { return out.says("U#1", "UNKNOWN"); }));
    server.answer(
        "/api/v1/orderbook",
        R"({"status":"success","data":{"orders":[{"orderid":"3001","symbol":"NIFTY08JAN2421650PE",)"
        R"("exchange":"NFO","action":"BUY","quantity":"65","price":0,"trigger_price":0,"pricetype":"MARKET",)"
        R"("product":"MIS","order_status":"complete","timestamp":"08-Jan-2024 09:20:01"}]}})");
    server.answer(
        "/api/v1/tradebook",
        R"({"status":"success","data":[{"action":"BUY","symbol":"NIFTY08JAN2421650PE","exchange":"NFO",)"
        R"("orderid":"3001","product":"MIS","quantity":65,"average_price":101.5,)"
        R"("timestamp":"08-Jan-2024 09:20:01","trade_value":6597.5}]})");
    REQUIRE(poll_until(*b, out, [&] { return out.says("U#1", "FILLED: settled from the order book"); }));
    bool fill = false;
    for (const auto& e : out.events)
        if (const auto* f = e.as<event::Fill>(); f && f->order_id == "U#1")
            fill = e.env.symbol == "NIFTY08JAN2421650PE" && f->qty == 65;
    CHECK(fill);
    CHECK(server.count(kPath) == 1);  // never resent
    StateFile after(d.file("kotak.state"));
    CHECK(after.find(*client_order_id("U#1", 0))->request.symbol == "NIFTY08JAN2421650PE");
}

TEST_CASE("armed: no POSITION while armed; once filled, marked on the option it placed, by its chain") {
    sos::test::TempDir d;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    server.answer(kPath, kPlaced);
    Events out;
    auto b = started(d.path.string(), server, out);
    arm(*b, out, put_entry("M#1"));
    const auto positions = [&](std::string_view symbol) {
        std::vector<const event::Position*> ps;
        for (const auto& e : out.events)
            if (const auto* p = e.as<event::Position>(); p && e.env.symbol == symbol) ps.push_back(p);
        return ps;
    };
    b->on_market(candle(kAt, 21700, 21720, 21660, 21680), out);       // armed, not triggered: nothing held
    b->on_market(candle(kAt + 60, 21680, 21690, 21640, 21645), out);  // through it: the optionsorder
    REQUIRE(poll_until(*b, out, [&] { return out.says("M#1", "optionsorder placed NIFTY08JAN2421650PE"); }));
    settle(*b, out);
    for (const auto& e : out.events)
        CHECK_FALSE(e.as<event::Position>());  // sent and acknowledged is not held
    server.answer(
        "/api/v1/orderbook",
        R"({"status":"success","data":{"orders":[{"orderid":"2001","symbol":"NIFTY08JAN2421650PE",)"
        R"("exchange":"NFO","action":"BUY","quantity":"65","price":0,"trigger_price":0,"pricetype":"MARKET",)"
        R"("product":"MIS","order_status":"complete","timestamp":"08-Jan-2024 09:21:01"}]}})");
    server.answer(
        "/api/v1/tradebook",
        R"({"status":"success","data":[{"action":"BUY","symbol":"NIFTY08JAN2421650PE","exchange":"NFO",)"
        R"("orderid":"2001","product":"MIS","quantity":65,"average_price":101.5,)"
        R"("timestamp":"08-Jan-2024 09:21:01","trade_value":6597.5}]})");
    REQUIRE(poll_until(*b, out, [&] { return !positions("NIFTY08JAN2421650PE").empty(); }));
    CHECK(positions("NIFTY08JAN2421650PE").back()->qty == 65);
    CHECK(positions("NIFTY08JAN2421650PE").back()->avg_price == Approx(101.5));
    CHECK(positions("NIFTY08JAN2421700PE").empty());  // not the ORDER's strike
    CHECK(positions("NIFTY").empty());
    // The index's candle marks nothing (sos holds no index); the put's chain marks it at its LTP.
    const auto n = positions("NIFTY08JAN2421650PE").size();
    b->on_market(candle(kAt + 120, 21645, 21650, 21600, 21610), out);
    CHECK(positions("NIFTY08JAN2421650PE").size() == n);
    event::Event ch;
    ch.env.kind = event::Kind::OptionChain;
    ch.env.symbol = "NIFTY";
    ch.env.timestamp = time::Timestamp::from_seconds(kAt + 180);
    auto& c = ch.body.emplace<event::OptionChain>();
    c.expiry = time::Date{2024, 1, 8};
    event::StrikeRow row;
    row.strike = 21650;
    row.has_ce = row.has_pe = true;
    row.ce.ltp = 40.0;
    row.pe.ltp = 120.25;
    c.strikes.push_back(row);
    b->on_market(ch, out);
    REQUIRE(positions("NIFTY08JAN2421650PE").size() == n + 1);
    CHECK(Paise::from_rupees(positions("NIFTY08JAN2421650PE").back()->unrealized_pnl) ==
          Paise{(12025 - 10150) * 65});
}
