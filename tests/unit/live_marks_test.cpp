// Live POSITION marks (docs/decisions.md "Live POSITION marks"): sos-exec --live writes what sos
// holds in a symbol, from the FILL lines it wrote, after each fill and each EXIT, on each candle
// of the symbol (marked at its close) and on each option chain pricing an option it holds (at
// its LTP), in exact paise, as the paper broker does; against a loopback server
// (fake_rest_server.hpp). mark_of's arithmetic is checked on its own first.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <thread>

#include "broker/live/live_broker.hpp"
#include "broker/live/marks.hpp"
#include "fake_rest_server.hpp"
#include "live_poll.hpp"
#include "temp_dir.hpp"

using namespace sos;
using namespace sos::broker::live;
using money::Paise;

namespace {

struct Events : broker::EventSink {
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    std::vector<std::string> lines;  // encoded lines (the reconciliation's POSITION lines)
    void emit_line(std::string_view, std::string_view line) override { lines.emplace_back(line); }
    bool has_line(std::string_view words) const {
        for (const auto& l : lines)
            if (l.find(words) != std::string::npos) return true;
        return false;
    }
    std::vector<const event::Event*> positions() const {
        std::vector<const event::Event*> out;
        for (const auto& e : events)
            if (e.as<event::Position>()) out.push_back(&e);
        return out;
    }
    const event::Position* last_position() const {
        const auto ps = positions();
        return ps.empty() ? nullptr : ps.back()->as<event::Position>();
    }
    bool has(event::Kind k) const {
        for (const auto& e : events)
            if (e.env.kind == k) return true;
        return false;
    }
};

using testing::poll_until;

std::shared_ptr<instrument::Registry> registry() {
    auto r = std::make_shared<instrument::Registry>();
    r->set("RELIANCE", instrument::Instrument{1, 0, money::Paise{5}, vocab::Exchange::Nse});
    r->set("NIFTY", instrument::Instrument{75, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    return r;
}

LiveOptions options(const std::string& dir, std::string rest) {
    LiveOptions o;
    o.broker_name = "kotak";
    o.rest = std::move(rest);
    o.key = brokers::Secret("sos-dummy-marks-key");
    o.state_path = dir + "/kotak.state";
    o.book_every = std::chrono::milliseconds(50);
    return o;
}

const auto kAt = time::Timestamp::from_seconds(1755837000);  // 2025-08-22 10:00 IST

std::string order_row(const char* id, const char* symbol, const char* action, int qty, const char* status,
                      const char* exchange = "NSE") {
    return fmt::format(
        R"({{"orderid":"{}","symbol":"{}","exchange":"{}","action":"{}","quantity":"{}","price":0,)"
        R"("trigger_price":0,"pricetype":"MARKET","product":"MIS","order_status":"{}","timestamp":"22-Aug-2025 10:00:01"}})",
        id, symbol, exchange, action, qty, status);
}

std::string trade_row(const char* id, const char* action, int qty, const char* price, const char* at,
                      const char* symbol = "RELIANCE", const char* exchange = "NSE") {
    return fmt::format(
        R"({{"action":"{}","symbol":"{}","exchange":"{}","orderid":"{}","product":"MIS","quantity":{},)"
        R"("average_price":{},"timestamp":"22-Aug-2025 {}","trade_value":0}})",
        action, symbol, exchange, id, qty, price, at);
}

const event::Position* last_of(const Events& out, std::string_view symbol) {
    const event::Position* p = nullptr;
    for (const auto* e : out.positions())
        if (e->env.symbol == symbol) p = e->as<event::Position>();
    return p;
}

event::Event chain(time::Timestamp at, time::Date expiry, double pe24700, double pe24750) {
    event::Event e;
    e.env.kind = event::Kind::OptionChain;
    e.env.timestamp = at;
    e.env.symbol = "NIFTY";
    auto& ch = e.body.emplace<event::OptionChain>();
    ch.expiry = expiry;
    for (auto [strike, ltp] : {std::pair{24650.0, 50.0}, {24700.0, pe24700}, {24750.0, pe24750}}) {
        event::StrikeRow row;
        row.strike = strike;
        row.has_ce = row.has_pe = true;
        row.ce.ltp = 1000.0;  // the calls: never these legs' marks
        row.pe.ltp = ltp;
        ch.strikes.push_back(row);
    }
    return e;
}

event::Event candle(const char* symbol, time::Timestamp open, double o, double h, double l, double c) {
    event::Event e;
    e.env.kind = event::Kind::Candle;
    e.env.timestamp = open;
    e.env.symbol = symbol;
    auto& k = e.body.emplace<event::Candle>();
    k.o = o, k.h = h, k.l = l, k.c = c;
    return e;
}

}  // namespace

TEST_CASE("mark_of: exact paise, the closed part's cost its share of the entry's") {
    // Long 2 bought at 2500.00 and 2501.05, marked at 2490.00.
    auto m = mark_of({{true, 2, Paise{500105}, 0, Paise{0}}}, Paise{249000});
    CHECK(m.qty == 2);
    CHECK(m.avg == Paise{250053});  // 2500.525: halves away from zero
    CHECK(m.unrealized == Paise{-2105});
    CHECK(m.realized == Paise{0});
    // One of them sold at 2495.00: closed at half the value (250052.5 -> 250053), the rest open.
    m = mark_of({{true, 2, Paise{500105}, 1, Paise{249500}}}, Paise{249000});
    CHECK(m.qty == 1);
    CHECK(m.realized == Paise{249500 - 250053});
    CHECK(m.unrealized == Paise{249000 - 250052});
    CHECK(m.realized + m.unrealized == Paise{249500 + 249000 - 500105});  // exact in all
    // A short beside a long of the same symbol (two ORDERs): netted, as the paper broker does.
    m = mark_of({{false, 3, Paise{300}, 0, Paise{0}}, {true, 1, Paise{90}, 0, Paise{0}}}, Paise{110});
    CHECK(m.qty == -2);
    CHECK(m.unrealized == Paise{(300 - 330) + (110 - 90)});
    CHECK(m.avg == Paise{105});  // (90 - 300) / -2
    // All closed: flat, the realised the round trip's.
    m = mark_of({{false, 3, Paise{300}, 3, Paise{330}}}, Paise{999});
    CHECK(m.qty == 0);
    CHECK(m.avg == Paise{0});
    CHECK(m.unrealized == Paise{0});
    CHECK(m.realized == Paise{-30});
}

TEST_CASE("live marks: a POSITION after the fills, at each candle's close, and flat after the EXIT") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    testing::FakeRestServer server(answers);
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), registry());
    b.reconcile({}, out);
    broker::OrderRequest o;
    o.id = "M#1";
    o.strategy = "orb";
    o.symbol = o.underlying = "RELIANCE";
    o.qty = 2;
    o.type = vocab::OrderType::Market;
    o.tp = Paise{252000};  // a target and no stop: no exchange stop to follow here
    o.at = kAt;
    b.place(o, out);
    REQUIRE(poll_until(b, out, [&] { return server.count("/api/v1/placeorder") == 1; }));
    CHECK(out.positions().empty());  // an acknowledgement is no position
    // Two fills: 2500.00, then 2501.05. The mark is the latest price sos knows: the last fill.
    server.answer("/api/v1/orderbook", R"({"status":"success","data":{"orders":[)" +
                                           order_row("1001", "RELIANCE", "BUY", 2, "complete") + "]}}");
    server.answer("/api/v1/tradebook", R"({"status":"success","data":[)" +
                                           trade_row("1001", "BUY", 1, "2500.00", "10:00:01") + "," +
                                           trade_row("1001", "BUY", 1, "2501.05", "10:00:02") + "]}");
    REQUIRE(poll_until(b, out, [&] { return out.last_position() && out.last_position()->qty == 2; }));
    const auto* p = out.last_position();
    CHECK(p->avg_price == Approx(2500.53));
    CHECK(Paise::from_rupees(p->unrealized_pnl) == Paise{105});
    CHECK(p->realized_pnl == 0.0);
    CHECK(out.positions().back()->env.mode == "live");
    CHECK(out.positions().back()->env.src == "sos-exec");
    // A candle of another symbol marks nothing; RELIANCE's marks at its close.
    const auto n = out.positions().size();
    b.on_market(candle("INFY", kAt.plus_seconds(60), 1500, 1501, 1499, 1500), out);
    CHECK(out.positions().size() == n);
    b.on_market(candle("RELIANCE", kAt.plus_seconds(60), 2500, 2501, 2489, 2490), out);
    REQUIRE(out.positions().size() == n + 1);
    CHECK(out.positions().back()->env.timestamp == kAt.plus_seconds(120));  // the candle's close
    CHECK(Paise::from_rupees(out.last_position()->unrealized_pnl) == Paise{-2105});
    CHECK(out.last_position()->qty == 2);
    // The target: the exit goes at MARKET once the position book shows what is held; it fills at
    // 2521.00: flat, the round trip's P&L realised, the EXIT's.
    server.answer(
        "/api/v1/positionbook",
        R"({"status":"success","data":[{"symbol":"RELIANCE","exchange":"NSE","product":"MIS","quantity":"2","average_price":"2500.53","pnl":"0"}]})");
    server.answer("/api/v1/placeorder", R"({"status":"success","orderid":"1002"})");
    b.on_market(candle("RELIANCE", kAt.plus_seconds(120), 2490, 2522, 2489, 2520), out);
    REQUIRE(poll_until(b, out, [&] { return server.count("/api/v1/placeorder") == 2; }));
    server.answer("/api/v1/orderbook", R"({"status":"success","data":{"orders":[)" +
                                           order_row("1001", "RELIANCE", "BUY", 2, "complete") + "," +
                                           order_row("1002", "RELIANCE", "SELL", 2, "complete") + "]}}");
    server.answer("/api/v1/tradebook", R"({"status":"success","data":[)" +
                                           trade_row("1001", "BUY", 1, "2500.00", "10:00:01") + "," +
                                           trade_row("1001", "BUY", 1, "2501.05", "10:00:02") + "," +
                                           trade_row("1002", "SELL", 2, "2521.00", "10:03:01") + "]}");
    REQUIRE(poll_until(b, out, [&] { return out.has(event::Kind::Exit); }));
    b.poll(out);
    p = out.last_position();
    CHECK(p->qty == 0);
    CHECK(p->avg_price == 0.0);
    CHECK(p->unrealized_pnl == 0.0);
    CHECK(Paise::from_rupees(p->realized_pnl) == Paise{2 * 252100 - 500105});
    // The EXIT came before the flat line: sos-risk counts the loss once, realised.
    const event::Event* exit = nullptr;
    for (const auto& e : out.events)
        if (e.as<event::Exit>()) exit = &e;
    REQUIRE(exit);
    CHECK(Paise::from_rupees(exit->as<event::Exit>()->pnl) == Paise::from_rupees(p->realized_pnl));
    // Flat: later candles mark nothing.
    const auto m = out.positions().size();
    b.on_market(candle("RELIANCE", kAt.plus_seconds(300), 2520, 2521, 2519, 2520), out);
    CHECK(out.positions().size() == m);
}

TEST_CASE("live marks: a structure's legs, each its own symbol, marked by their option chain's LTP") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    answers["/api/v1/expiry"] =
        R"({"status":"success","message":"Found 2 expiry dates","data":["26-AUG-25","02-SEP-25"]})";
    answers["/api/v1/optionsmultiorder"] = R"({"status":"success","underlying":"NIFTY","results":[
  {"leg":1,"action":"BUY","offset":"OTM2","option_type":"PE","symbol":"NIFTY26AUG2524700PE","exchange":"NFO","orderid":"2001","status":"success"},
  {"leg":2,"action":"SELL","offset":"OTM1","option_type":"PE","symbol":"NIFTY26AUG2524750PE","exchange":"NFO","orderid":"2002","status":"success"}]})";
    testing::FakeRestServer server(answers);
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), registry());
    b.reconcile({}, out);
    broker::OrderRequest o;  // a bull put spread, no stop: nothing but the legs goes
    o.id = "BPS#1";
    o.strategy = "BPS";
    o.symbol = o.underlying = "NIFTY";
    o.type = vocab::OrderType::Market;
    o.at = kAt;
    o.legs.push_back({"NIFTY26AUG2524750PE", vocab::Side::Sell, 75, vocab::OptionRight::Put, "OTM1", 0});
    o.legs.push_back({"NIFTY26AUG2524700PE", vocab::Side::Buy, 75, vocab::OptionRight::Put, "OTM2", 0});
    b.place(o, out);
    REQUIRE(poll_until(b, out, [&] { return server.count("/api/v1/optionsmultiorder") == 1; }));
    // Before the chain: a chain priced while nothing is held marks nothing.
    const time::Date expiry{2025, 8, 26};
    b.on_market(chain(kAt.plus_seconds(30), expiry, 70, 95), out);
    CHECK(out.positions().empty());
    server.answer("/api/v1/orderbook",
                  R"({"status":"success","data":{"orders":[)" +
                      order_row("2001", "NIFTY26AUG2524700PE", "BUY", 75, "complete", "NFO") + "," +
                      order_row("2002", "NIFTY26AUG2524750PE", "SELL", 75, "complete", "NFO") + "]}}");
    server.answer("/api/v1/tradebook",
                  R"({"status":"success","data":[)" +
                      trade_row("2001", "BUY", 75, "80.00", "10:00:01", "NIFTY26AUG2524700PE", "NFO") + "," +
                      trade_row("2002", "SELL", 75, "100.05", "10:00:01", "NIFTY26AUG2524750PE", "NFO") +
                      "]}");
    REQUIRE(poll_until(
        b, out, [&] { return last_of(out, "NIFTY26AUG2524700PE") && last_of(out, "NIFTY26AUG2524750PE"); }));
    CHECK(last_of(out, "NIFTY26AUG2524700PE")->qty == 75);
    CHECK(last_of(out, "NIFTY26AUG2524750PE")->qty == -75);
    CHECK(last_of(out, "NIFTY26AUG2524750PE")->avg_price == Approx(100.05));
    CHECK(last_of(out, "NIFTY26AUG2524750PE")->unrealized_pnl == 0.0);  // marked at its fill
    // Another expiry's chain marks nothing; the legs' own chain marks each at its put's LTP.
    const auto n = out.positions().size();
    b.on_market(chain(kAt.plus_seconds(60), time::Date{2025, 9, 2}, 1, 1), out);
    CHECK(out.positions().size() == n);
    b.on_market(chain(kAt.plus_seconds(60), expiry, 70.5, 95), out);
    REQUIRE(out.positions().size() == n + 2);
    CHECK(out.positions().back()->env.timestamp == kAt.plus_seconds(60));
    CHECK(Paise::from_rupees(last_of(out, "NIFTY26AUG2524700PE")->unrealized_pnl) ==
          Paise{(7050 - 8000) * 75});
    CHECK(Paise::from_rupees(last_of(out, "NIFTY26AUG2524750PE")->unrealized_pnl) ==
          Paise{(10005 - 9500) * 75});
    CHECK(last_of(out, "NIFTY26AUG2524750PE")->qty == -75);
}

TEST_CASE("live marks: after a restart, what the state file holds is marked from its own fills") {
    sos::test::TempDir d;
    auto answers = testing::FakeRestServer::empty_account();
    testing::FakeRestServer server(answers);
    broker::OrderRequest o;
    o.id = "R#1";
    o.strategy = "orb";
    o.symbol = o.underlying = "RELIANCE";
    o.qty = 2;
    o.type = vocab::OrderType::Market;
    o.tp = Paise{252000};
    o.at = kAt;
    const auto orders = R"({"status":"success","data":{"orders":[)" +
                        order_row("1001", "RELIANCE", "BUY", 2, "complete") + "]}}";
    const auto trades = R"({"status":"success","data":[)" +
                        trade_row("1001", "BUY", 1, "2500.00", "10:00:01") + "," +
                        trade_row("1001", "BUY", 1, "2501.05", "10:00:02") + "]}";
    {
        Events out;
        LiveBroker b(options(d.path.string(), server.url()), registry());
        b.reconcile({}, out);
        b.place(o, out);
        REQUIRE(poll_until(b, out, [&] { return server.count("/api/v1/placeorder") == 1; }));
        server.answer("/api/v1/orderbook", orders);
        server.answer("/api/v1/tradebook", trades);
        REQUIRE(poll_until(b, out, [&] { return out.last_position() && out.last_position()->qty == 2; }));
    }
    // The broker agrees at the start; no fill is written again, and the candle marks the 2 held
    // at their own cost.
    server.answer(
        "/api/v1/positionbook",
        R"({"status":"success","data":[{"symbol":"RELIANCE","exchange":"NSE","product":"MIS","quantity":"2","average_price":"2500.53","pnl":"0"}]})");
    Events out;
    LiveBroker b(options(d.path.string(), server.url()), registry());
    b.reconcile(kAt.plus_seconds(60), out);
    // Agreed once the reconciliation's POSITION (adopted) is out: the position book's answer
    // is read by a poll after it arrives, which a loaded machine may delay past the request.
    REQUIRE(poll_until(b, out, [&] { return out.has_line(R"("reconcile":"adopted")"); }));
    for (const auto& e : out.events)
        CHECK_FALSE(e.as<event::Fill>());
    b.on_market(candle("RELIANCE", kAt.plus_seconds(60), 2500, 2501, 2489, 2490), out);
    const auto* p = out.last_position();
    REQUIRE(p);
    CHECK(p->qty == 2);
    CHECK(p->avg_price == Approx(2500.53));
    CHECK(Paise::from_rupees(p->unrealized_pnl) == Paise{-2105});
}
