// The order_update stream (issue 15): a fill seen on the stream and in the trade book is one
// FILL whichever comes first, a doubled update is no news, a lost one is settled by the book,
// partial fills add up, an update ahead of its placement's answer waits for it, and the
// stream's loss and return are ALERT lines while the books go on. Against a loopback REST server
// (fake_rest_server.hpp) and a scripted WebSocket server (ws_test_server.hpp) whose frames are
// OpenAlgo's; the broker's stream runs on libwebsockets' thread beside the test's (tsan).
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <thread>

#include "broker/live/fill_ledger.hpp"
#include "broker/live/live_broker.hpp"
#include "broker/live/stream_fill.hpp"
#include "fake_rest_server.hpp"
#include "temp_dir.hpp"
#include "ws_test_server.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;
using money::Paise;
using namespace std::chrono_literals;

namespace {

openalgo::BookTrade trade(std::string id, std::int64_t qty, std::int64_t paise, std::string at) {
    return openalgo::BookTrade{std::move(id), qty, Paise{paise}, std::move(at)};
}

}  // namespace

TEST_CASE("ledger: a fill on the stream, then in the trade book, is written once") {
    FillLedger l;
    CHECK(l.take_stream("7", 10) == 10);
    CHECK(l.take_new({trade("7", 10, 80005, "22-Aug-2025 09:15:03")}).empty());
    CHECK(l.filled("7") == 10);
}

TEST_CASE("ledger: a fill in the trade book, then on the stream, is written once") {
    FillLedger l;
    CHECK(l.take_new({trade("7", 10, 80005, "22-Aug-2025 09:15:03")}).size() == 1);
    CHECK(l.take_stream("7", 10) == 0);
    CHECK(l.filled("7") == 10);
}

TEST_CASE("ledger: a doubled or older update is no fill") {
    FillLedger l;
    CHECK(l.take_stream("7", 4) == 4);
    CHECK(l.take_stream("7", 4) == 0);  // the postback after the broker's feed
    CHECK(l.take_stream("7", 2) == 0);  // an older one, late
    CHECK(l.take_stream("7", 10) == 6);
    CHECK(l.filled("7") == 10);
}

TEST_CASE("ledger: partial fills from both, the book's rows beyond the stream are new") {
    FillLedger l;
    CHECK(l.take_stream("7", 4) == 4);  // the stream saw 4
    const auto a = trade("7", 4, 10000, "22-Aug-2025 09:15:03");
    const auto b = trade("7", 6, 10010, "22-Aug-2025 09:15:04");
    const auto fresh = l.take_new({a, b});  // the book has 4 + 6: the 6 is new
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].quantity == 6);
    CHECK(fresh[0].price == Paise{10010});
    CHECK(l.take_stream("7", 10) == 0);
    // A row only partly beyond what was written: that part alone.
    FillLedger m;
    CHECK(m.take_stream("8", 3) == 3);
    const auto part = m.take_new({trade("8", 5, 10000, "22-Aug-2025 09:15:03")});
    REQUIRE(part.size() == 1);
    CHECK(part[0].quantity == 2);
    CHECK(m.filled("8") == 5);
}

TEST_CASE("ledger: fills known before a restart are not written again by the stream") {
    FillLedger l;
    l.seed("7", 5);
    CHECK(l.take_stream("7", 5) == 0);
    CHECK(l.take_stream("7", 8) == 3);
}

TEST_CASE("stream price: the part newly filled, from the order's average") {
    CHECK(stream_fill_price(800.05, 10, 10, Paise{0}) == Paise{80005});
    // 4 at 100.00 written, then 10 at an average of 100.06: the 6 at 100.10.
    CHECK(stream_fill_price(100.06, 10, 6, Paise{40000}) == Paise{10010});
    CHECK_FALSE(stream_fill_price(std::nullopt, 10, 10, Paise{0}));  // no average: the book prices it
    CHECK_FALSE(stream_fill_price(0.0, 10, 10, Paise{0}));
    CHECK_FALSE(stream_fill_price(800.0, 10, 0, Paise{0}));
    // What was written already exceeds the average's value: the average itself.
    CHECK(stream_fill_price(100.0, 10, 5, Paise{600000}) == Paise{10000});
}

TEST_CASE("stream row: an update read as an order book row") {
    openalgo::OrderUpdateFrame u;
    u.orderid = "1001";
    u.symbol = "RELIANCE";
    u.action = "SELL";
    u.pricetype = "SL-M";
    u.order_status = "trigger pending";
    u.quantity = 3;
    const auto r = row_of(u);
    CHECK(r.orderid == "1001");
    CHECK(r.action == vocab::Side::Sell);
    CHECK(r.pricetype == vocab::OrderType::SlM);
    CHECK(r.status == vocab::OrderStatus::TriggerPending);
    CHECK(r.quantity == 3);
}

namespace {

struct Events : broker::EventSink {
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    void emit_line(std::string_view, std::string_view) override {}
    std::vector<const event::Fill*> fills() const {
        std::vector<const event::Fill*> out;
        for (const auto& e : events)
            if (const auto* f = e.as<event::Fill>()) out.push_back(f);
        return out;
    }
    std::int64_t filled() const {
        std::int64_t n = 0;
        for (const auto* f : fills())
            n += f->qty;
        return n;
    }
    const event::OrderUpdate* last_update() const {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (const auto* u = it->as<event::OrderUpdate>()) return u;
        return nullptr;
    }
    bool alert(std::string_view code) const {
        for (const auto& e : events)
            if (const auto* a = e.as<event::Alert>(); a && a->code == code) return true;
        return false;
    }
};

std::shared_ptr<instrument::Registry> registry() {
    auto r = std::make_shared<instrument::Registry>();
    r->set("RELIANCE", instrument::Instrument{1, 0, Paise{5}, vocab::Exchange::Nse});
    return r;
}

// No stop or target: no exit-side orders beside the entry.
broker::OrderRequest market(const std::string& id, std::int64_t qty) {
    broker::OrderRequest o;
    o.id = id;
    o.strategy = "orb";
    o.symbol = o.underlying = "RELIANCE";
    o.qty = qty;
    o.type = vocab::OrderType::Market;
    o.at = time::Timestamp::from_seconds(1755837000);
    return o;
}

std::string update(const char* status, int qty, int filled, double average) {
    return fmt::format(
        R"({{"type":"order_update","user_id":"u","mode":"live","broker":"zerodha","orderid":"1001",)"
        R"("symbol":"RELIANCE","exchange":"NSE","action":"BUY","quantity":{},"price":0.0,"trigger_price":0.0,)"
        R"("pricetype":"MARKET","product":"MIS","order_status":"{}","filled_quantity":{},"pending_quantity":{},)"
        R"("average_price":{},"rejection_reason":""}})",
        qty, status, filled, qty - filled, average);
}

std::string orderbook(const char* status, int qty) {
    return fmt::format(
        R"({{"status":"success","data":{{"orders":[{{"orderid":"1001","symbol":"RELIANCE","exchange":"NSE",)"
        R"("action":"BUY","quantity":"{}","price":0,"trigger_price":0,"pricetype":"MARKET","product":"MIS",)"
        R"("order_status":"{}","timestamp":"22-Aug-2025 09:15:01"}}]}}}})",
        qty, status);
}

std::string tradebook(const std::vector<std::pair<int, double>>& rows) {
    std::string out = R"({"status":"success","data":[)";
    for (std::size_t i = 0; i < rows.size(); ++i)
        out += fmt::format(
            R"({}{{"action":"BUY","symbol":"RELIANCE","exchange":"NSE","orderid":"1001","product":"MIS",)"
            R"("quantity":{},"average_price":{},"timestamp":"22-Aug-2025 09:15:0{}"}})",
            i ? "," : "", rows[i].first, rows[i].second, i + 1);
    return out + "]}";
}

// A live broker on the fake REST server and a scripted order_update stream.
struct Rig {
    sos::test::TempDir dir{"sos-live-stream"};
    testing::FakeRestServer rest{testing::FakeRestServer::empty_account()};
    testing::WsTestServer ws;
    testing::WsPeer peer;
    Events out;
    std::unique_ptr<LiveBroker> broker;

    explicit Rig(std::chrono::milliseconds book_every = 100ms) {
        LiveOptions o;
        o.broker_name = "kotak";
        o.rest = rest.url();
        o.ws = ws.url();
        o.key = brokers::Secret("sos-dummy-stream-key");
        o.state_path = (dir.path / "kotak.state").string();
        o.book_every = book_every;
        broker = std::make_unique<LiveBroker>(std::move(o), registry());
        broker->reconcile({}, out);
    }

    template <class F>
    bool poll_until(F done, std::chrono::milliseconds limit = 10s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(5ms);
            broker->poll(out);
        }
        return done();
    }
    // The next text the client sends, polling the broker meanwhile (it sends from poll()).
    std::optional<std::string> next_text(std::chrono::milliseconds limit = 5s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            broker->poll(out);
            if (auto t = peer.read_text(20ms)) return t;
        }
        return std::nullopt;
    }
    // Accepts the stream's connection and answers authenticate and subscribe_orders.
    void connect() {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!peer.valid() && std::chrono::steady_clock::now() < deadline) {
            broker->poll(out);  // the attempt is made from poll() (after its back-off)
            peer = ws.accept(50ms);
        }
        REQUIRE(peer.valid());
        REQUIRE(peer.handshake(5s));
        const auto auth = next_text();
        REQUIRE(auth);
        CHECK_THAT(*auth, Contains(R"("action":"authenticate")"));
        peer.send_text(
            R"({"type":"auth","status":"success","message":"Authentication successful","broker":"zerodha","user_id":"u"})");
        const auto sub = next_text();
        REQUIRE(sub);
        CHECK(*sub == R"({"action":"subscribe_orders"})");
        peer.send_text(
            R"({"type":"subscribe_orders","status":"success","message":"Subscribed to order updates"})");
        REQUIRE(poll_until([&] { return broker->stream_state() == broker::Broker::StreamState::Up; }));
    }
    // Places RELIANCE x qty and waits for its acknowledgement (broker id 1001).
    void place(std::int64_t qty) {
        REQUIRE(poll_until([&] { return rest.count("/api/v1/positionbook") > 0; }));  // reconciled
        broker->place(market("S#1", qty), out);
        REQUIRE(poll_until([&] {
            const auto* u = out.last_update();
            return u && u->broker_order_id == "1001";
        }));
    }
    // Lets the books be read `n` more times.
    void books(int n) {
        const int seen = rest.count("/api/v1/tradebook");
        REQUIRE(poll_until([&] { return rest.count("/api/v1/tradebook") >= seen + n; }));
        broker->poll(out);
    }
};

}  // namespace

TEST_CASE("stream: a fill on the stream is written at once, and once when the book shows it") {
    Rig r;
    r.connect();
    r.place(10);
    r.peer.send_text(update("open", 10, 0, 0));
    r.peer.send_text(update("open", 10, 4, 2500.5));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 4; }));
    REQUIRE(r.out.fills().size() == 1);
    CHECK(r.out.fills()[0]->price == 2500.5);
    CHECK(r.out.last_update()->filled_qty == 4);
    CHECK_THAT(r.out.last_update()->message, Contains("the order_update stream says OPEN"));
    // The books read afterwards show the same fill: no second FILL.
    r.rest.answer("/api/v1/orderbook", orderbook("open", 10));
    r.rest.answer("/api/v1/tradebook", tradebook({{4, 2500.5}}));
    r.books(2);
    CHECK(r.out.fills().size() == 1);
    r.peer.send_text(update("complete", 10, 10, 2500.5));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    CHECK(r.out.fills().size() == 2);
    CHECK(r.out.last_update()->status == vocab::OrderStatus::Complete);
}

TEST_CASE("stream: a fill in the book first, the stream's update after it, is one FILL") {
    Rig r;
    r.connect();
    r.place(10);
    r.rest.answer("/api/v1/orderbook", orderbook("complete", 10));
    r.rest.answer("/api/v1/tradebook", tradebook({{10, 2500.5}}));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    r.peer.send_text(update("complete", 10, 10, 2500.5));
    r.peer.send_text(update("complete", 10, 10, 2500.5));
    const auto events = r.out.events.size();
    r.poll_until([] { return false; }, 300ms);
    CHECK(r.out.fills().size() == 1);
    CHECK(r.out.events.size() == events);  // nothing new at all
}

TEST_CASE("stream: a doubled update (feed plus postback) is one FILL and one ORDER_UPDATE") {
    Rig r(10s);  // the books wait: the stream alone
    r.connect();
    r.place(10);
    for (int i = 0; i < 2; ++i)
        r.peer.send_text(update("complete", 10, 10, 2500.5));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    r.poll_until([] { return false; }, 300ms);
    CHECK(r.out.fills().size() == 1);
    int completes = 0;
    for (const auto& e : r.out.events)
        if (const auto* u = e.as<event::OrderUpdate>(); u && u->status == vocab::OrderStatus::Complete)
            ++completes;
    CHECK(completes == 1);
}

TEST_CASE("stream: an update lost is settled by the books") {
    Rig r;
    r.connect();
    r.place(10);
    r.peer.send_text(update("open", 10, 0, 0));  // the complete one never comes
    r.rest.answer("/api/v1/orderbook", orderbook("complete", 10));
    r.rest.answer("/api/v1/tradebook", tradebook({{10, 2500.5}}));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    CHECK(r.out.fills().size() == 1);
    CHECK_THAT(r.out.last_update()->message, Contains("the order book says COMPLETE"));
}

TEST_CASE("stream: partial fills add up across the stream and the book") {
    Rig r(10s);
    r.connect();
    r.place(10);
    r.peer.send_text(update("open", 10, 4, 100.0));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 4; }));
    CHECK(r.out.last_update()->filled_qty == 4);
    CHECK(r.out.last_update()->status == vocab::OrderStatus::Open);
    r.peer.send_text(update("complete", 10, 10, 100.06));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    REQUIRE(r.out.fills().size() == 2);
    CHECK(r.out.fills()[1]->qty == 6);
    CHECK(r.out.fills()[1]->price == 100.1);
    CHECK(r.out.last_update()->status == vocab::OrderStatus::Complete);
}

TEST_CASE("stream: an update ahead of its placement's answer waits for the order's id") {
    Rig r(10s);
    r.connect();
    REQUIRE(r.poll_until([&] { return r.rest.count("/api/v1/positionbook") > 0; }));
    r.peer.send_text(update("complete", 10, 10, 2500.5));  // 1001: nobody's yet
    r.poll_until([] { return false; }, 200ms);
    CHECK(r.out.fills().empty());
    r.broker->place(market("S#1", 10), r.out);
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    CHECK(r.out.fills().size() == 1);
    CHECK(r.out.last_update()->status == vocab::OrderStatus::Complete);
}

TEST_CASE("stream: its loss is an ALERT, the books go on, and it comes back") {
    Rig r;
    r.connect();
    CHECK_FALSE(r.out.alert("ORDER_STREAM_DOWN"));
    r.peer.drop();
    REQUIRE(r.poll_until([&] { return r.out.alert("ORDER_STREAM_DOWN"); }));
    CHECK(r.broker->stream_state() == broker::Broker::StreamState::Down);
    // Meanwhile the books settle a fill.
    r.place(10);
    r.rest.answer("/api/v1/orderbook", orderbook("complete", 10));
    r.rest.answer("/api/v1/tradebook", tradebook({{10, 2500.5}}));
    REQUIRE(r.poll_until([&] { return r.out.filled() == 10; }));
    r.connect();  // reconnected after its back-off
    CHECK(r.out.alert("ORDER_STREAM_RECOVERED"));
    r.peer.send_text(update("complete", 10, 10, 2500.5));
    r.poll_until([] { return false; }, 200ms);
    CHECK(r.out.fills().size() == 1);
    for (const auto& e : r.out.events)
        if (const auto* a = e.as<event::Alert>()) CHECK_THAT(a->message, !Contains("sos-dummy-stream-key"));
}

TEST_CASE("stream: a refused key is an ALERT, the server's words masked") {
    Rig r;
    r.broker->poll(r.out);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!r.peer.valid() && std::chrono::steady_clock::now() < deadline) {
        r.broker->poll(r.out);
        r.peer = r.ws.accept(50ms);
    }
    REQUIRE(r.peer.valid());
    REQUIRE(r.peer.handshake(5s));
    REQUIRE(r.next_text());
    r.peer.send_text(
        R"({"status":"error","code":"AUTHENTICATION_ERROR","message":"Invalid API key sos-dummy-stream-key"})");
    REQUIRE(r.poll_until([&] { return r.out.alert("ORDER_STREAM_DOWN"); }));
    for (const auto& e : r.out.events)
        if (const auto* a = e.as<event::Alert>(); a && a->code == "ORDER_STREAM_DOWN") {
            CHECK_THAT(a->message, Contains("authentication refused: Invalid API key ***"));
            CHECK_THAT(a->message, !Contains("sos-dummy-stream-key"));
        }
    CHECK(r.broker->stream_state() == broker::Broker::StreamState::Down);
}
