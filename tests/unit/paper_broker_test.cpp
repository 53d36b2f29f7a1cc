#include <catch2/catch.hpp>

#include "broker/order_convert.hpp"
#include "broker/paper/paper_broker.hpp"
#include "event/encoder.hpp"
#include "event/json_writer.hpp"

using namespace sos;
using namespace sos::broker;
using event::Event;
using event::Kind;
using time::Timestamp;

namespace {

const time::Calendar& cal() {
    static const auto c = time::Calendar::nse_default();
    return c;
}

// 2024-01-08 (Monday) at hh:mm IST, or another day of January 2024.
Timestamp at(int h, int m, int day = 8) {
    return cal().zone().at(time::Date{2024, 1, day}, h * 3600 + m * 60);
}

struct Capture : EventSink {
    std::vector<Event> events;
    void emit(const Event& e) override { events.push_back(e); }
    void emit_line(std::string_view, std::string_view) override {
        FAIL("the paper broker writes events only");
    }
    std::vector<const Event*> of(Kind k) const {
        std::vector<const Event*> out;
        for (const auto& e : events)
            if (e.env.kind == k) out.push_back(&e);
        return out;
    }
};

PaperConfig config(int slippage = 0) {
    PaperConfig c;
    c.calendar = &cal();
    c.slippage_ticks = slippage;
    return c;  // no fees unless a test sets them
}

Event candle(const char* sym, Timestamp t, double o, double h, double l, double c) {
    Event e;
    e.env.kind = Kind::Candle;
    e.env.symbol = sym;
    e.env.timestamp = t;
    auto& k = e.body.emplace<event::Candle>();
    k.o = o;
    k.h = h;
    k.l = l;
    k.c = c;
    k.v = 100;
    return e;
}

// A BUY stop entry on NIFTY at 100 with stop 95 and target 110, approved at 09:20 (the close of
// the 09:19 signal bar).
OrderRequest long_order(double trigger = 100, double sl = 95, double tp = 110) {
    OrderRequest r;
    r.id = "o1";
    r.signal_id = "s1";
    r.strategy = "TEST";
    r.symbol = r.underlying = "NIFTY";
    r.side = r.underlying_side = vocab::Side::Buy;
    r.qty = 65;
    r.trigger = money::Paise::from_rupees(trigger);
    r.sl = money::Paise::from_rupees(sl);
    r.tp = money::Paise::from_rupees(tp);
    r.at = at(9, 20);
    return r;
}

}  // namespace

TEST_CASE("a stop entry fills at its trigger and the target exits later") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 19), 98, 101, 97, 99), out);  // the signal bar: never used
    REQUIRE(out.of(Kind::Fill).empty());
    b.on_market(candle("NIFTY", at(9, 20), 99, 101, 98.5, 100.5), out);  // reaches 100
    auto fills = out.of(Kind::Fill);
    REQUIRE(fills.size() == 1);
    REQUIRE(fills[0]->as<event::Fill>()->price == 100);
    REQUIRE(fills[0]->time() == at(9, 21));  // the close of the candle that decided it
    REQUIRE(fills[0]->env.mode == "paper");
    b.on_market(candle("NIFTY", at(9, 21), 100.5, 111, 100, 109), out);  // reaches 110
    auto exits = out.of(Kind::Exit);
    REQUIRE(exits.size() == 1);
    REQUIRE(exits[0]->as<event::Exit>()->reason == vocab::ExitReason::Tp);
    REQUIRE(exits[0]->as<event::Exit>()->price == 110);
    REQUIRE(exits[0]->as<event::Exit>()->pnl == 650);  // (110 - 100) x 65, no fees configured
}

TEST_CASE("a candle opening beyond the trigger fills at its open") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 102, 103, 101.5, 102.5), out);
    REQUIRE(out.of(Kind::Fill)[0]->as<event::Fill>()->price == 102);
}

TEST_CASE("on its entry candle a position can be stopped but not take profit") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 112, 94, 96), out);  // reaches trigger, target and stop
    auto exits = out.of(Kind::Exit);
    REQUIRE(exits.size() == 1);
    REQUIRE(exits[0]->as<event::Exit>()->reason == vocab::ExitReason::Sl);
    REQUIRE(exits[0]->as<event::Exit>()->price == 95);
}

TEST_CASE("a later candle reaching both stop and target takes the stop") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 100.5, 99, 100.2), out);
    b.on_market(candle("NIFTY", at(9, 21), 100, 111, 94, 105), out);
    auto x = out.of(Kind::Exit)[0]->as<event::Exit>();
    REQUIRE(x->reason == vocab::ExitReason::Sl);
    REQUIRE(x->price == 95);
}

TEST_CASE("a gap through the target or the stop exits at the open") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 100.5, 99, 100.2), out);
    b.on_market(candle("NIFTY", at(9, 21), 112, 113, 111, 112), out);
    REQUIRE(out.of(Kind::Exit)[0]->as<event::Exit>()->price == 112);
    PaperBroker b2(config());
    Capture out2;
    b2.place(long_order(), out2);
    b2.on_market(candle("NIFTY", at(9, 20), 99, 100.5, 99, 100.2), out2);
    b2.on_market(candle("NIFTY", at(9, 21), 93, 94, 92, 93), out2);
    auto x = out2.of(Kind::Exit)[0]->as<event::Exit>();
    REQUIRE(x->reason == vocab::ExitReason::Sl);
    REQUIRE(x->price == 93);
}

TEST_CASE("an entry not triggered within its candles is cancelled at the last one's close") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    for (int m = 20; m < 23; ++m)
        b.on_market(candle("NIFTY", at(9, m), 98, 99, 97, 98), out);
    auto ups = out.of(Kind::OrderUpdate);
    REQUIRE(ups.back()->as<event::OrderUpdate>()->status == vocab::OrderStatus::Cancelled);
    REQUIRE(ups.back()->time() == at(9, 23));
    REQUIRE(b.working_orders() == 0);
    b.on_market(candle("NIFTY", at(9, 23), 99, 105, 99, 104), out);
    REQUIRE(out.of(Kind::Fill).empty());
}

TEST_CASE("the stop trails the best close and an exit on it says TRAIL") {
    PaperBroker b(config());
    Capture out;
    auto r = long_order(100, 95, 150);
    r.trail = money::Paise::from_rupees(4);
    b.place(r, out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 101, 99, 101), out);      // fill at 100; stop 97
    b.on_market(candle("NIFTY", at(9, 21), 101, 106, 100.5, 105), out);  // stop 101
    b.on_market(candle("NIFTY", at(9, 22), 105, 105.5, 103, 104), out);  // best stays 105
    b.on_market(candle("NIFTY", at(9, 23), 104, 104, 100.5, 101), out);  // hits 101
    auto x = out.of(Kind::Exit)[0]->as<event::Exit>();
    REQUIRE(x->reason == vocab::ExitReason::Trail);
    REQUIRE(x->price == 101);
}

TEST_CASE("a trailing stop is a decimal level: a candle touching it exactly exits") {
    // 100.1 - 0.2 in floating point is 99.89999999999999, which a low of 99.9 never touches.
    PaperBroker b(config());
    Capture out;
    auto r = long_order(100, 95, 150);
    r.trail = money::Paise::from_rupees(0.2);
    b.place(r, out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 100.1, 99, 100.1), out);   // fill at 100; stop 99.9
    b.on_market(candle("NIFTY", at(9, 21), 100, 100, 99.9, 99.95), out);  // touches 99.9
    const auto exits = out.of(Kind::Exit);
    REQUIRE(exits.size() == 1);
    REQUIRE(exits[0]->as<event::Exit>()->reason == vocab::ExitReason::Trail);
    REQUIRE(exits[0]->as<event::Exit>()->price == 99.9);
}

TEST_CASE("a LIMIT entry fills at its price or better, never at a worse open") {
    PaperBroker b(config());
    Capture out;
    auto r = long_order();
    r.type = vocab::OrderType::Limit;
    r.trigger.reset();
    r.limit = money::Paise::from_rupees(99);
    b.place(r, out);
    REQUIRE(out.of(Kind::OrderUpdate)[0]->as<event::OrderUpdate>()->status == vocab::OrderStatus::Open);
    b.on_market(candle("NIFTY", at(9, 20), 100, 101, 99.5, 100), out);  // never down to 99
    REQUIRE(out.of(Kind::Fill).empty());
    b.on_market(candle("NIFTY", at(9, 21), 99.5, 100, 98.8, 99.2), out);  // trades through 99
    REQUIRE(out.of(Kind::Fill)[0]->as<event::Fill>()->price == 99);

    PaperBroker gap(config());
    Capture out2;
    gap.place(r, out2);
    gap.on_market(candle("NIFTY", at(9, 20), 98.5, 99.5, 98, 99), out2);  // opens below the limit
    REQUIRE(out2.of(Kind::Fill)[0]->as<event::Fill>()->price == 98.5);
}

TEST_CASE("a LIMIT entry on an option triggered by its index is refused: its price is the option's") {
    PaperBroker b(config());
    Capture out;
    auto r = long_order(21700, 21650, 21800);
    r.symbol = "NIFTY11JAN2421700CE";
    r.type = vocab::OrderType::Limit;
    r.limit = money::Paise::from_rupees(150);
    b.place(r, out);
    const auto u = out.of(Kind::OrderUpdate);
    REQUIRE(u.size() == 1);
    REQUIRE(u[0]->as<event::OrderUpdate>()->status == vocab::OrderStatus::Rejected);
    REQUIRE_THAT(u[0]->as<event::OrderUpdate>()->message, Catch::Contains("fills a limit only"));
    REQUIRE(b.working_orders() == 0);
}

TEST_CASE("an ORDER reaches the broker with its type, prices, side and product as a REST broker needs") {
    Event e;
    e.env.kind = Kind::Order;
    e.env.symbol = "NIFTY11JAN2421700PE";
    e.env.timestamp = at(9, 20);
    auto& o = e.body.emplace<event::Order>();
    o.id = "o9";
    o.side = vocab::Side::Buy;
    o.signal_side = vocab::Side::Sell;  // a SELL signal on the index, bought as a put
    o.underlying = "NIFTY";
    o.qty = 65;
    o.order_type = vocab::OrderType::Sl;
    o.price = 21649.95;
    o.trigger_price = 21650.05;
    o.sl = 21700.1;
    o.tp = 21600.2;
    o.trail = 0.3;
    o.product = vocab::Product::Nrml;
    std::string why;
    const auto r = to_request(e, why);
    REQUIRE(r);
    REQUIRE(r->side == vocab::Side::Buy);
    REQUIRE(r->underlying_side == vocab::Side::Sell);
    REQUIRE(r->type == vocab::OrderType::Sl);
    REQUIRE(r->product == vocab::Product::Nrml);
    REQUIRE(r->limit == money::Paise{2164995});
    REQUIRE(r->trigger == money::Paise{2165005});
    REQUIRE(r->sl == money::Paise{2170010});
    REQUIRE(r->tp == money::Paise{2160020});
    REQUIRE(r->trail == money::Paise{30});
    REQUIRE_FALSE(r->trigger_on_traded());  // a level of NIFTY, not of the put

    o.order_type = vocab::OrderType::SlM;  // OpenAlgo's SL-M may carry its trigger in `price`
    o.trigger_price.reset();
    const auto m = to_request(e, why);
    REQUIRE(m->trigger == money::Paise{2164995});
    REQUIRE_FALSE(m->limit);

    o.sl = 1e20;  // beyond what a count of paise holds: refused, not overflowed
    REQUIRE_FALSE(to_request(e, why));
    REQUIRE(why == "a price beyond a trillion rupees");
}

TEST_CASE("MIS positions are squared off at the close of the 15:15 candle and working entries cancelled") {
    PaperBroker b(config());
    Capture out;
    auto r = long_order();
    r.at = at(15, 10);
    b.place(r, out);
    b.on_market(candle("NIFTY", at(15, 10), 99, 101, 99, 100.5), out);  // fills
    auto r2 = long_order(200, 190, 220);
    r2.id = "o2";
    r2.at = at(15, 14);
    b.place(r2, out);
    b.on_market(candle("NIFTY", at(15, 14), 100.5, 101, 100, 100.8), out);  // closes 15:15: square-off
    auto x = out.of(Kind::Exit)[0];
    REQUIRE(x->as<event::Exit>()->reason == vocab::ExitReason::Eod);
    REQUIRE(x->as<event::Exit>()->price == 100.8);
    REQUIRE(x->time() == at(15, 15));
    REQUIRE(b.working_orders() == 0);  // o2 cancelled, not filled
}

TEST_CASE("an intraday entry at or after the square-off time is rejected with the reason") {
    PaperBroker b(config());
    Capture out;
    auto r = long_order();
    r.at = at(15, 15);
    b.place(r, out);
    const auto u = out.of(Kind::OrderUpdate);
    REQUIRE(u.size() == 1);
    REQUIRE(u[0]->as<event::OrderUpdate>()->status == vocab::OrderStatus::Rejected);
    REQUIRE(u[0]->as<event::OrderUpdate>()->message == "an intraday entry after the square-off time (15:15)");
    REQUIRE(b.working_orders() == 0);
    auto carried = long_order();
    carried.id = "o2";
    carried.product = vocab::Product::Nrml;  // carried overnight: no square-off
    carried.at = at(15, 20);
    b.place(carried, out);
    REQUIRE(b.working_orders() == 1);
}

TEST_CASE("a day whose data ends early is squared off at its last close when the next day starts") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 101, 99, 100.5), out);
    b.on_market(candle("NIFTY", at(11, 0), 101, 102, 100.5, 101.5), out);  // the data stops here
    REQUIRE(out.of(Kind::Exit).empty());                                   // end of input squares off nothing
    b.on_market(candle("NIFTY", at(9, 15, 9), 108, 109, 107, 108), out);
    auto x = out.of(Kind::Exit)[0];
    REQUIRE(x->as<event::Exit>()->reason == vocab::ExitReason::Eod);
    REQUIRE(x->as<event::Exit>()->price == 101.5);
    REQUIRE(x->time() == at(11, 1));
}

TEST_CASE("slippage and charges make the exit P&L exact to the paisa") {
    auto cfg = config(1);
    auto& f = cfg.fees[money::Segment::EquityIntraday];
    f.brokerage_per_order = *money::Paise::parse("20");
    f.stt_sell = *money::Rate::parse("0.00025");
    PaperBroker b(cfg);
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 101, 99, 100.5), out);
    b.on_market(candle("NIFTY", at(9, 21), 100.5, 111, 100, 109), out);
    auto fills = out.of(Kind::Fill);
    REQUIRE(fills[0]->as<event::Fill>()->price == 100.05);  // a tick against the buyer
    REQUIRE(*fills[0]->as<event::Fill>()->fees == 20);
    REQUIRE(fills[1]->as<event::Fill>()->price == 109.95);  // a tick against the seller
    // sell turnover 109.95 x 65 = 7146.75; STT 0.025% = 1.7867 -> 1.79; fees 21.79
    REQUIRE(*fills[1]->as<event::Fill>()->fees == Approx(21.79));
    // (109.95 - 100.05) x 65 = 643.50, less 20 and 21.79: 601.71
    REQUIRE(out.of(Kind::Exit)[0]->as<event::Exit>()->pnl == Approx(601.71).epsilon(1e-12));
}

TEST_CASE("fills land on the instrument registry's tick, not a tick written in the broker") {
    auto cfg = config(1);
    // A stock quoted in paise (a tick of 0.01) and an index with a whole-rupee tick.
    instrument::Registry instruments;
    instruments.set("IDEA", instrument::Instrument{1, 0, money::Paise{1}, vocab::Exchange::Nse});
    instruments.set("NIFTY", instrument::Instrument{65, 1800, money::Paise{100}, vocab::Exchange::NseIndex});
    cfg.instruments = std::make_shared<const instrument::Registry>(std::move(instruments));
    PaperBroker b(cfg);
    Capture out;
    OrderRequest r = long_order(10, 9.5, 11);
    r.symbol = r.underlying = "IDEA";
    r.qty = 100;
    b.place(r, out);
    b.on_market(candle("IDEA", at(9, 20), 9.9, 10.2, 9.9, 10.1), out);
    b.on_market(candle("IDEA", at(9, 21), 10.1, 11.2, 10, 11), out);
    auto fills = out.of(Kind::Fill);
    REQUIRE(fills.size() == 2);
    CHECK(fills[0]->as<event::Fill>()->price == 10.01);  // one tick of 0.01 against the buyer
    CHECK(fills[1]->as<event::Fill>()->price == 10.99);  // and against the seller
    PaperBroker whole(cfg);
    Capture out2;
    whole.place(long_order(), out2);
    whole.on_market(candle("NIFTY", at(9, 20), 99, 101, 99, 100.5), out2);
    REQUIRE(out2.of(Kind::Fill).size() == 1);
    CHECK(out2.of(Kind::Fill)[0]->as<event::Fill>()->price == 101);  // one rupee tick
}

TEST_CASE("an index signal traded as an option fills at the next chain's price") {
    PaperBroker b(config());
    Capture out;
    OrderRequest r = long_order(21700, 21650, 21800);
    r.symbol = "NIFTY11JAN2421700CE";
    b.place(r, out);
    auto chain = [&](Timestamp t, double ce) {
        Event e;
        e.env.kind = Kind::OptionChain;
        e.env.symbol = "NIFTY";
        e.env.timestamp = t;
        auto& ch = e.body.emplace<event::OptionChain>();
        ch.expiry = time::Date{2024, 1, 11};
        ch.spot = 21700;
        ch.strikes.push_back({});
        ch.strikes.back().strike = 21700;
        ch.strikes.back().has_ce = true;
        ch.strikes.back().ce.ltp = ce;
        ch.strikes.back().ce.oi = 1;
        return e;
    };
    b.on_market(candle("NIFTY", at(9, 20), 21690, 21705, 21680, 21702), out);  // triggers at 09:21
    REQUIRE(out.of(Kind::Fill).empty());
    b.on_market(chain(at(9, 25), 150.5), out);
    auto fills = out.of(Kind::Fill);
    REQUIRE(fills.size() == 1);
    REQUIRE(fills[0]->env.symbol == "NIFTY11JAN2421700CE");
    REQUIRE(fills[0]->as<event::Fill>()->price == 150.5);
    REQUIRE(fills[0]->time() == at(9, 25));
    b.on_market(candle("NIFTY", at(9, 25), 21750, 21810, 21740, 21805), out);  // target on the index
    REQUIRE(out.of(Kind::Exit).empty());  // decided; priced at the next chain
    b.on_market(chain(at(9, 30), 190), out);
    auto x = out.of(Kind::Exit)[0]->as<event::Exit>();
    REQUIRE(x->reason == vocab::ExitReason::Tp);
    REQUIRE(x->price == 190);
    REQUIRE(x->pnl == Approx((190 - 150.5) * 65));
}

TEST_CASE("an option without a price in the chain is not filled and the update says why") {
    PaperBroker b(config());
    Capture out;
    OrderRequest r = long_order(21700, 21650, 21800);
    r.symbol = "NIFTY11JAN2421900CE";
    b.place(r, out);
    b.on_market(candle("NIFTY", at(9, 20), 21690, 21705, 21680, 21702), out);
    Event e;
    e.env.kind = Kind::OptionChain;
    e.env.symbol = "NIFTY";
    e.env.timestamp = at(9, 25);
    auto& ch = e.body.emplace<event::OptionChain>();
    ch.expiry = time::Date{2024, 1, 11};
    ch.spot = 21700;
    b.on_market(e, out);
    auto u = out.of(Kind::OrderUpdate).back()->as<event::OrderUpdate>();
    REQUIRE(u->status == vocab::OrderStatus::Rejected);
    REQUIRE(u->message.find("no price for NIFTY11JAN2421900CE") != std::string::npos);
    REQUIRE(out.of(Kind::Fill).empty());
}

TEST_CASE("a kill cancels working orders and closes positions at the next open") {
    PaperBroker b(config());
    Capture out;
    b.place(long_order(), out);
    b.on_market(candle("NIFTY", at(9, 20), 99, 101, 99, 100.5), out);
    auto r2 = long_order(200, 190, 220);
    r2.id = "o2";
    r2.at = at(9, 21);
    b.place(r2, out);
    b.flatten("", at(9, 21), out);
    REQUIRE(b.working_orders() == 0);
    b.on_market(candle("NIFTY", at(9, 21), 103, 104, 102, 103), out);
    auto x = out.of(Kind::Exit)[0]->as<event::Exit>();
    REQUIRE(x->reason == vocab::ExitReason::Kill);
    REQUIRE(x->price == 103);
    REQUIRE(b.open_positions() == 0);
}

namespace {
Event chain_with(Timestamp t, std::initializer_list<std::tuple<double, double, double>> rows) {
    Event e;
    e.env.kind = Kind::OptionChain;
    e.env.symbol = "NIFTY";
    e.env.timestamp = t;
    auto& ch = e.body.emplace<event::OptionChain>();
    ch.expiry = time::Date{2024, 1, 11};
    ch.spot = 21700;
    for (auto [k, ce, pe] : rows) {
        event::StrikeRow r;
        r.strike = k;
        r.has_ce = r.has_pe = true;
        r.ce.ltp = ce;
        r.ce.oi = 1;
        r.pe.ltp = pe;
        r.pe.oi = 1;
        ch.strikes.push_back(r);
    }
    return e;
}
}  // namespace

TEST_CASE("a structure fills leg by leg at the next chain after it with hedges first and takes profit") {
    PaperBroker b(config());
    Capture out;
    OrderRequest r;
    r.id = "ic1";
    r.underlying = "NIFTY";
    r.strategy = "IRON_CONDOR";
    r.at = at(9, 25);
    r.legs = {{"NIFTY11JAN2421600PE", vocab::Side::Sell, 65},
              {"NIFTY11JAN2421500PE", vocab::Side::Buy, 65},
              {"NIFTY11JAN2421800CE", vocab::Side::Sell, 65},
              {"NIFTY11JAN2421900CE", vocab::Side::Buy, 65}};
    b.place(r, out);
    auto prices = {std::tuple{21500.0, 260.0, 20.0}, std::tuple{21600.0, 180.0, 40.0},
                   std::tuple{21800.0, 60.0, 150.0}, std::tuple{21900.0, 30.0, 230.0}};
    b.on_market(chain_with(at(9, 25), prices), out);  // the signal bar's own snapshot: not used
    REQUIRE(out.of(Kind::Fill).empty());
    b.on_market(chain_with(at(9, 30), prices), out);
    auto fills = out.of(Kind::Fill);
    REQUIRE(fills.size() == 4);
    REQUIRE(fills[0]->as<event::Fill>()->side == vocab::Side::Buy);  // hedges first
    REQUIRE(fills[1]->as<event::Fill>()->side == vocab::Side::Buy);
    REQUIRE(fills[2]->as<event::Fill>()->side == vocab::Side::Sell);
    // credit: sold 40 + 60, bought 20 + 30: 50 x 65 = 3250; take profit at half of it
    b.on_market(chain_with(at(9, 35), {std::tuple{21500.0, 250.0, 12.0}, std::tuple{21600.0, 170.0, 24.0},
                                       std::tuple{21800.0, 40.0, 160.0}, std::tuple{21900.0, 18.0, 240.0}}),
                out);
    REQUIRE(out.of(Kind::Exit).empty());  // worth 34: profit 16 x 65 = 1040 < 1625
    b.on_market(chain_with(at(9, 40), {std::tuple{21500.0, 250.0, 8.0}, std::tuple{21600.0, 170.0, 15.0},
                                       std::tuple{21800.0, 30.0, 160.0}, std::tuple{21900.0, 12.0, 240.0}}),
                out);
    auto exits = out.of(Kind::Exit);
    REQUIRE(exits.size() == 4);
    double pnl = 0;
    for (auto* x : exits) {
        REQUIRE(x->as<event::Exit>()->reason == vocab::ExitReason::Tp);
        pnl += x->as<event::Exit>()->pnl;
    }
    REQUIRE(pnl == Approx((50 - 25) * 65));  // worth 25 now: 15 + 30 - 8 - 12
    REQUIRE(b.open_positions() == 0);
}

TEST_CASE("P&L adds up in exact paise: ten trades of 0.10 make 1.00, never 0.9999999999999999") {
    // In floating point 0.1 + 0.1 + 0.1 is 0.30000000000000004 and ten of them 0.9999999999999999;
    // the day's realised P&L on POSITION must read as the contract notes do.
    PaperBroker b(config());
    Capture out;
    for (int k = 0; k < 10; ++k) {
        OrderRequest r = long_order(0.1, 0.05, 0.2);
        r.id = "o" + std::to_string(k);
        r.symbol = r.underlying = "PENNY";
        r.qty = 1;
        r.product = vocab::Product::Cnc;
        r.at = at(9, 20 + 2 * k);
        b.place(r, out);
        b.on_market(candle("PENNY", at(9, 20 + 2 * k), 0.1, 0.1, 0.1, 0.1), out);    // fills at 0.10
        b.on_market(candle("PENNY", at(9, 21 + 2 * k), 0.15, 0.2, 0.15, 0.2), out);  // target 0.20
    }
    const auto exits = out.of(Kind::Exit);
    REQUIRE(exits.size() == 10);
    std::vector<double> realized;
    for (const auto* e : out.of(Kind::Position))
        if (e->as<event::Position>()->qty == 0) realized.push_back(e->as<event::Position>()->realized_pnl);
    REQUIRE(realized.size() == 10);
    for (std::size_t k = 0; k < realized.size(); ++k) {
        REQUIRE(exits[k]->as<event::Exit>()->pnl == 0.1);
        REQUIRE(realized[k] == money::Paise{static_cast<std::int64_t>(10 * (k + 1))}.rupees());
    }
    REQUIRE(realized[2] == 0.3);
    REQUIRE(realized.back() == 1.0);
    // And on the wire, as decimal rupees.
    std::string line;
    event::encode(*out.of(Kind::Position).back(), line);
    REQUIRE_THAT(line, Catch::Contains(R"("realized_pnl":1,)"));
}

TEST_CASE(
    "the average price of a position built from several fills is the exact cost over the quantity, "
    "to the paisa") {
    PaperBroker b(config());
    Capture out;
    for (int k = 0; k < 2; ++k) {
        OrderRequest r = long_order(100.05 + 0.05 * k, 90, 200);
        r.id = "a" + std::to_string(k);
        r.qty = k == 0 ? 1 : 2;
        b.place(r, out);
    }
    b.on_market(candle("NIFTY", at(9, 20), 100, 100.1, 100, 100.1), out);  // 1 at 100.05, 2 at 100.10
    const auto pos = out.of(Kind::Position).back()->as<event::Position>();
    REQUIRE(pos->qty == 3);
    REQUIRE(pos->avg_price == 100.08);     // 300.25 / 3 = 100.0833...
    REQUIRE(pos->unrealized_pnl == 0.05);  // (100.10 - 100.05) x 1, exactly
}

TEST_CASE("every amount in paise goes on the wire as its exact decimal rupees") {
    // FILL, EXIT and POSITION carry rupees; the broker converts each figure from paise once.
    // paise / 100.0 is the double nearest the decimal and the encoder writes the shortest form
    // that reads back as it, which is that decimal: no 0.30000000000000004 can appear.
    auto decimal = [](money::Paise p) {
        std::string s = p.to_string();  // "-0.50", "2507.05", "3.00"
        while (s.back() == '0')
            s.pop_back();
        if (s.back() == '.') s.pop_back();
        return s == "-0" ? std::string("0") : s;
    };
    auto check = [&](std::int64_t v) {
        std::string wire;
        event::JsonWriter::append_number(wire, money::Paise{v}.rupees());
        if (wire != decimal(money::Paise{v})) FAIL(v << " paise written as " << wire);
    };
    for (std::int64_t v = -100'000; v <= 3'000'000; ++v)
        check(v);
    for (std::int64_t v = 100'000'000'000'000; v < 100'000'000'000'000 + 100'000; ++v)  // a trillion rupees
        check(v);
    SUCCEED();
}
