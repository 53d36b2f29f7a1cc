#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "pipeline/feedback.hpp"
#include "pipeline/line_processor.hpp"
#include "risk/risk_filter.hpp"

using namespace sos;
using namespace sos::risk;

namespace {

const time::Calendar& cal() {
    static const auto c = time::Calendar::nse_default();
    return c;
}

// 2024-01-08 09:15 IST + m minutes, as epoch seconds.
long ts(int m) {
    return 1704685500 + 60L * m;
}

struct Harness {
    RiskConfig cfg;
    std::unique_ptr<RiskFilter> filter;
    diag::BadInput bad;
    std::unique_ptr<pipeline::LineProcessor> proc;
    ndjson::StringSink sink;
    std::unique_ptr<ndjson::Output> out;
    std::uint64_t n = 0;
    long wall = 0;  // for --live checks

    explicit Harness(std::function<void(RiskConfig&)> tweak = {}, bool live = false,
                     pipeline::FeedbackReceiver* feedback = nullptr) {
        cfg.calendar = &cal();
        cfg.instruments.set("NIFTY", {65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
        cfg.instruments.set_equity_default(
            instrument::Instrument{1, 0, money::Paise{5}, vocab::Exchange::Nse});
        cfg.max_lots = 100000;
        cfg.max_underlying_exposure = 1e9;
        cfg.gross_notional_limit = 1e9;
        if (tweak) tweak(cfg);
        FeedbackOptions fo;
        fo.receiver = feedback;
        filter = std::make_unique<RiskFilter>(
            cfg, live, 5.0, [this] { return time::Timestamp::from_seconds(wall); }, fo);
        proc = std::make_unique<pipeline::LineProcessor>(*filter, bad);
        out = std::make_unique<ndjson::Output>(sink);
    }
    void line(const std::string& l) {
        sink.text.clear();
        REQUIRE(proc->process(l, ++n, *out));
    }
    void end() {
        sink.text.clear();
        filter->on_end(*out);
    }
    // The lines derived (not passed through) since the last call, decoded.
    std::vector<event::Event> derived() const {
        std::vector<event::Event> v;
        event::Decoder d;
        event::EventList el;
        std::size_t p = 0;
        while (p < sink.text.size()) {
            auto nl = sink.text.find('\n', p);
            std::string l = sink.text.substr(p, nl - p);
            p = nl + 1;
            if (l.find("\"src\":\"sos-risk\"") == std::string::npos) continue;
            REQUIRE(d.decode(l, el));
            for (auto& e : el)
                v.push_back(e);
        }
        return v;
    }
    std::string decide(const std::string& signal) {
        line(signal);
        end();
        auto v = derived();
        REQUIRE_FALSE(v.empty());
        if (auto* r = v.back().as<event::Reject>()) return r->reason;
        return "ORDER";
    }
};

std::string signal(const std::string& id, const std::string& sym, const std::string& side, double entry,
                   double sl, int m, const std::string& pattern = "P", const std::string& extra = "") {
    double risk = entry > sl ? entry - sl : sl - entry;
    double tp = side == "BUY" ? entry + 2 * risk : entry - 2 * risk;
    return fmt::format(
        R"({{"type":"SIGNAL","timestamp":{},"symbol":"{}","id":"{}","pattern_id":"{}","kind":"pattern","side":"{}","tf":"1m","candle_ts":{},"entry":{},"sl":{},"tp":{},"risk":{},"tp_mult":2,"quantity_mod":1,"regime":null,"vars":{{}}{}}})",
        ts(m), sym, id, pattern, side, ts(m) - 60, entry, sl, tp, risk, extra);
}

std::string candle_line(const std::string& sym, int m, double c) {
    return fmt::format(
        R"({{"type":"CANDLE","timestamp":{},"symbol":"{}","tf":"1m","o":{},"h":{},"l":{},"c":{},"v":100}})",
        ts(m), sym, c, c, c, c);
}

std::string chain(int m) {
    std::string strikes;
    for (int k = 21500; k <= 21900; k += 50) {
        if (!strikes.empty()) strikes += ",";
        // Prices that decay away from the money, so wings cost less than the credit they protect.
        double ce = k <= 21700 ? 21700 - k + 60 : std::max(2.0, 60 - 0.8 * (k - 21700));
        double pe = k >= 21700 ? k - 21700 + 55 : std::max(2.0, 55 - 0.8 * (21700 - k));
        strikes += fmt::format(
            R"({{"strike":{},"ce":{{"ltp":{},"oi":1000,"delta":0.5}},"pe":{{"ltp":{},"oi":1000,"delta":-0.5}}}})",
            k, ce, pe);
    }
    return fmt::format(
        R"({{"type":"OPTION_CHAIN","timestamp":{},"symbol":"NIFTY","expiry":"2024-01-11","spot":21710,"lot_size":65,"strikes":[{}]}})",
        ts(m), strikes);
}

std::string exit_line(const std::string& order, double pnl, int m) {
    return fmt::format(
        R"({{"type":"EXIT","timestamp":{},"symbol":"RELIANCE","order_id":"{}","reason":"SL","price":1,"qty":1,"pnl":{},"mode":"paper"}})",
        ts(m), order, pnl);
}

}  // namespace

TEST_CASE("an equity signal becomes an order sized by the risk budget in whole lots") {
    Harness h;
    h.line(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5));
    h.end();
    auto v = h.derived();
    REQUIRE(v.size() == 1);
    const auto& o = *v[0].as<event::Order>();
    REQUIRE(o.id == "s1#1");
    REQUIRE(o.side == vocab::Side::Buy);
    REQUIRE(o.qty == 2857);  // 1,000,000 x 2 % / 7 rounded down
    REQUIRE(o.order_type == vocab::OrderType::SlM);
    REQUIRE(*o.trigger_price == 2507);
    REQUIRE(o.sizing_json.find("\"risk_budget\":2857") != std::string::npos);
}

TEST_CASE("an index signal buys the ATM option of the nearest expiry") {
    Harness h;
    h.line(chain(4));
    h.line(signal("s1", "NIFTY", "SELL", 21690, 21720, 5));
    h.end();
    auto v = h.derived();
    const auto& o = *v.at(0).as<event::Order>();
    REQUIRE(v[0].env.symbol == "NIFTY11JAN2421700PE");  // a SELL signal buys the put
    REQUIRE(o.side == vocab::Side::Buy);
    REQUIRE(o.signal_side == vocab::Side::Sell);
    REQUIRE(o.underlying == "NIFTY");
    // risk per option unit: 30 x delta 0.5 = 15; 20,000 / 15 = 1333 units: 20 lots of 65 = 1300
    std::int64_t total = 0;
    for (const auto& e : v)
        total += e.as<event::Order>()->qty;
    REQUIRE(total == 1300);
    REQUIRE(v.size() == 1);  // 1300 is below the freeze quantity of 1800
}

TEST_CASE("orders above the freeze quantity are split into whole-lot slices") {
    Harness h([](RiskConfig& c) { c.risk_per_trade = 0.05; });
    h.line(chain(4));
    h.line(signal("s1", "NIFTY", "BUY", 21710, 21700, 5));
    h.end();
    auto v = h.derived();
    REQUIRE(v.size() >= 2);
    for (const auto& e : v) {
        REQUIRE(e.as<event::Order>()->qty <= 1800);
        REQUIRE(e.as<event::Order>()->qty % 65 == 0);
    }
    REQUIRE(v[1].as<event::Order>()->id == "s1#2");
}

TEST_CASE("without a chain or a lot size the signal is refused and never guessed") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "NIFTY", "BUY", 21710, 21700, 5)) == "INSTRUMENT");
    Harness h2([](RiskConfig& c) { c.instruments.set_equity_default(std::nullopt); });
    REQUIRE(h2.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "LOT_SIZE");
}

TEST_CASE("hist signals are dropped silently and count as decided") {
    Harness h;
    std::string hist = signal("s1", "RELIANCE", "BUY", 2507, 2500, 5);
    hist.insert(hist.size() - 1, R"(,"hist":true)");
    h.line(hist);
    h.end();
    REQUIRE(h.derived().empty());
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 6)) == "DUPLICATE");
}

TEST_CASE("a repeated signal id is a duplicate") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "DUPLICATE");
}

TEST_CASE("a kill latches until reset and pause holds entries until resume") {
    Harness h;
    h.line(R"({"type":"CONTROL","command":"kill"})");
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "KILL_SWITCH");
    REQUIRE(h.decide(signal("s2", "RELIANCE", "BUY", 2507, 2500, 1445)) ==
            "KILL_SWITCH");  // the next day too
    h.line(R"({"type":"CONTROL","command":"reset"})");
    REQUIRE(h.decide(signal("s3", "RELIANCE", "BUY", 2507, 2500, 1446)) == "ORDER");
    Harness daily([](RiskConfig& c) { c.kill_resets_next_session = true; });
    daily.line(R"({"type":"CONTROL","command":"kill"})");
    REQUIRE(daily.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "KILL_SWITCH");
    daily.line(candle_line("RELIANCE", 1440, 2500));  // the next session's first candle
    REQUIRE(daily.decide(signal("s2", "RELIANCE", "BUY", 2507, 2500, 1445)) == "ORDER");
    Harness p;
    p.line(R"({"type":"CONTROL","command":"pause"})");
    REQUIRE(p.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "PAUSED");
    p.line(R"({"type":"CONTROL","command":"resume"})");
    REQUIRE(p.decide(signal("s2", "RELIANCE", "BUY", 2507, 2500, 6)) == "ORDER");
}

TEST_CASE("the opposite direction on an underlying with an open order is a conflict") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    REQUIRE(h.decide(signal("s2", "RELIANCE", "SELL", 2490, 2500, 6, "Q")) == "CONFLICT");
    REQUIRE(h.decide(signal("s3", "RELIANCE", "BUY", 2510, 2500, 7, "Q")) ==
            "CONFLICT");  // one per underlying
    Harness pyr([](RiskConfig& c) { c.pyramiding = true; });
    REQUIRE(pyr.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    REQUIRE(pyr.decide(signal("s3", "RELIANCE", "BUY", 2510, 2500, 7, "Q")) == "ORDER");
}

TEST_CASE("the same strategy and symbol wait out the cooldown") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.line(exit_line("s1#1", 100, 6));
    REQUIRE(h.decide(signal("s2", "RELIANCE", "BUY", 2507, 2500, 7)) == "COOLDOWN");
    REQUIRE(h.decide(signal("s3", "RELIANCE", "BUY", 2507, 2500, 12)) == "ORDER");  // 7 minutes later
}

TEST_CASE("position and trade counts have limits") {
    Harness h([](RiskConfig& c) { c.max_positions = 1; });
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    REQUIRE(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 6)) == "MAX_POSITIONS");
    Harness t([](RiskConfig& c) { c.max_trades_per_day = 1; });
    REQUIRE(t.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    t.line(exit_line("s1#1", 10, 6));
    REQUIRE(t.decide(signal("s2", "INFY", "BUY", 1507, 1500, 7)) == "MAX_TRADES");
}

TEST_CASE("a daily loss beyond the limit stops new entries until the next session") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.line(exit_line("s1#1", -20000.5, 6));
    REQUIRE(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 7)) == "DAILY_LOSS");
    h.line(
        R"({"type":"CANDLE","timestamp":1704771900,"symbol":"INFY","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1})");  // next day
    REQUIRE(h.decide(signal("s3", "INFY", "BUY", 1507, 1500, 1441)) == "ORDER");
}

TEST_CASE("open losses count toward the daily loss and it can trail from the day's peak") {
    Harness h([](RiskConfig& c) { c.daily_loss_trailing = true; });
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.line(
        R"({"type":"POSITION","timestamp":1704685860,"symbol":"RELIANCE","qty":2857,"avg_price":2507,"realized_pnl":0,"unrealized_pnl":15000,"mode":"paper"})");
    h.line(
        R"({"type":"POSITION","timestamp":1704685920,"symbol":"RELIANCE","qty":2857,"avg_price":2507,"realized_pnl":0,"unrealized_pnl":-6000,"mode":"paper"})");
    // 21,000 down from the peak of +15,000: beyond 2 % of capital though still only -6,000 overall
    REQUIRE(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 8)) == "DAILY_LOSS");
}

TEST_CASE("a loss beyond the kill limit trips the kill switch and asks sos-exec to flatten") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.line(exit_line("s1#1", -60000, 6));
    auto v = h.derived();
    REQUIRE(v.size() == 2);
    REQUIRE(v[0].as<event::Alert>()->code == "DAILY_LOSS_HIT");
    REQUIRE(v[1].as<event::Control>()->command == "kill");
    REQUIRE(v[1].as<event::Control>()->target == "sos-exec");
    REQUIRE(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 7)) == "KILL_SWITCH");
}

TEST_CASE("a burst of broker rejections opens the breaker until its cooldown") {
    Harness h;
    for (int i = 0; i < 5; ++i)
        h.line(fmt::format(
            R"({{"type":"ORDER_UPDATE","timestamp":{},"id":"x{}","status":"REJECTED","filled_qty":0,"mode":"paper"}})",
            ts(5), i));
    REQUIRE(h.derived().at(0).as<event::Alert>()->code == "CIRCUIT_OPEN");
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 6)) == "CIRCUIT_OPEN");
    REQUIRE(h.decide(signal("s2", "RELIANCE", "BUY", 2507, 2500, 25)) == "ORDER");  // 15 minutes later
}

namespace {
std::string order_update(const std::string& id, const std::string& status, int filled, int m) {
    return fmt::format(
        R"({{"type":"ORDER_UPDATE","timestamp":{},"symbol":"RELIANCE","id":"{}","status":"{}","filled_qty":{},"mode":"live"}})",
        ts(m), id, status, filled);
}
}  // namespace

// sos-exec --live sends an ORDER above the freeze quantity, or a structure, in several parts;
// one part refused while another goes on is said under its part id (event/order_parts.hpp).
TEST_CASE("a part of an ORDER refused while the ORDER goes on neither frees it nor counts as a rejection") {
    Harness h([](RiskConfig& c) { c.max_positions = 1; });
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    for (int i = 0; i < 5; ++i)
        h.line(order_update(fmt::format("s1#1/part-S{:016x}{:02}", 7, i), "REJECTED", 0, 5));
    CHECK(h.derived().empty());  // no CIRCUIT_OPEN: the ORDER was not refused
    CHECK(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 6)) == "MAX_POSITIONS");
    // Every part refused: the last one's REJECTED comes under the ORDER's id, and frees it.
    h.line(order_update("s1#1", "REJECTED", 0, 7));
    CHECK(h.decide(signal("s3", "INFY", "BUY", 1507, 1500, 8)) == "ORDER");
}

TEST_CASE("an entry cancelled with a fill is held, even before its FILL line") {
    Harness h([](RiskConfig& c) { c.max_positions = 1; });
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.line(order_update("s1#1", "CANCELLED", 1, 6));  // the rest cancelled at its expiry
    CHECK(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 7)) == "MAX_POSITIONS");
    h.line(exit_line("s1#1", 10, 8));
    CHECK(h.decide(signal("s3", "INFY", "BUY", 1507, 1500, 9)) == "ORDER");
    // Cancelled with nothing filled: the reservation is freed.
    h.line(order_update("s3#1", "CANCELLED", 0, 10));
    CHECK(h.decide(signal("s4", "TCS", "BUY", 1507, 1500, 11)) == "ORDER");
}

TEST_CASE("a losing streak opens the breaker") {
    Harness h([](RiskConfig& c) {
        c.losing_streak = 2;
        c.cooldown_seconds = 0;
    });
    h.line(exit_line("a", -10, 5));
    h.line(exit_line("b", -10, 6));
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 7)) == "CIRCUIT_OPEN");
}

TEST_CASE("naked premium passes only in congestion as a SELL without low premiums") {
    auto strangle = [](const std::string& id, int m) {
        return fmt::format(
            R"({{"type":"SIGNAL","timestamp":{},"symbol":"NIFTY","id":"{}","pattern_id":"STRANGLE","kind":"options","side":"SELL","tf":"1m","candle_ts":{},"entry":null,"sl":null,"tp":null,"risk":null,"tp_mult":1,"quantity_mod":1,"regime":null,"vars":{{}},"structure":"SHORT_STRANGLE"}})",
            ts(m), id, ts(m) - 60);
    };
    Harness h;
    h.line(chain(4));
    h.line(
        R"({"type":"REGIME","timestamp":1704685700,"symbol":"NIFTY","regime":"BULLISH","flags":[],"changed":true})");
    REQUIRE(h.decide(strangle("s1", 5)) == "REGIME_GATE");
    h.line(
        R"({"type":"REGIME","timestamp":1704685800,"symbol":"NIFTY","regime":"SIDEWAYS","flags":["PREMIUMS_TOO_LOW"],"changed":true})");
    REQUIRE(h.decide(strangle("s2", 6)) == "REGIME_GATE");
    h.line(
        R"({"type":"REGIME","timestamp":1704685860,"symbol":"NIFTY","regime":"SIDEWAYS","flags":[],"changed":true})");
    h.line(strangle("s3", 7));
    h.end();
    auto v = h.derived();
    const auto& o = *v.at(0).as<event::Order>();
    REQUIRE(o.legs.size() == 2);
    REQUIRE(o.legs[0].symbol == "NIFTY11JAN2421750CE");  // OTM1 call: one strike above the 21700 ATM
    REQUIRE(o.legs[1].symbol == "NIFTY11JAN2421650PE");
    REQUIRE(o.legs[0].qty % 65 == 0);
    Harness off([](RiskConfig& c) { c.enable_short_strangle = false; });
    off.line(chain(4));
    off.line(
        R"({"type":"REGIME","timestamp":1704685860,"symbol":"NIFTY","regime":"SIDEWAYS","flags":[],"changed":true})");
    REQUIRE(off.decide(strangle("s4", 7)) == "REGIME_GATE");
}

TEST_CASE("the router lets the options signal win in congestion and the pattern in a bull market") {
    auto both = [](Harness& h, int m) {
        h.line(signal(fmt::format("p{}", m), "NIFTY", "BUY", 21710, 21700, m, "PAT"));
        h.line(fmt::format(
            R"({{"type":"SIGNAL","timestamp":{},"symbol":"NIFTY","id":"o{}","pattern_id":"IC","kind":"options","side":"SELL","tf":"1m","candle_ts":{},"entry":null,"sl":null,"tp":null,"risk":null,"tp_mult":1,"quantity_mod":1,"regime":null,"vars":{{}},"structure":"IRON_CONDOR"}})",
            ts(m), m, ts(m) - 60));
        h.end();
        return h.derived();
    };
    Harness side;
    side.line(chain(4));
    side.line(
        R"({"type":"REGIME","timestamp":1704685700,"symbol":"NIFTY","regime":"SIDEWAYS","flags":[],"changed":true})");
    auto v = both(side, 5);
    REQUIRE(v.at(0).as<event::Reject>()->reason == "CONFLICT");  // the pattern lost
    REQUIRE(v.at(1).as<event::Order>() != nullptr);
    REQUIRE(v.at(1).as<event::Order>()->legs.size() == 4);
    Harness bull;
    bull.line(chain(4));
    bull.line(
        R"({"type":"REGIME","timestamp":1704685700,"symbol":"NIFTY","regime":"BULLISH","flags":[],"changed":true})");
    auto w = both(bull, 5);
    REQUIRE(w.front().as<event::Order>() != nullptr);  // the pattern's order (in freeze slices)
    REQUIRE(w.back().as<event::Reject>() != nullptr);
    REQUIRE(w.back().as<event::Reject>()->reason == "CONFLICT");
}

TEST_CASE("half size under HALF_SIZE and sizes below a lot are refused") {
    Harness h;
    h.line(
        R"({"type":"REGIME","timestamp":1704685700,"symbol":"RELIANCE","regime":"BULLISH","flags":["HALF_SIZE"],"changed":true})");
    h.line(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5));
    h.end();
    REQUIRE(h.derived().at(0).as<event::Order>()->qty == 1428);
    Harness z;
    z.line(chain(4));
    REQUIRE(z.decide(signal("s1", "NIFTY", "BUY", 21710, 10000, 5)) == "SIZE_ZERO");
}

TEST_CASE("in live mode a stale signal is refused") {
    Harness h({}, true);
    h.wall = ts(5) + 2;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.wall = ts(6) + 30;
    REQUIRE(h.decide(signal("s2", "INFY", "BUY", 1507, 1500, 6)) == "STALE");
}

TEST_CASE("live, sos-exec's marks over the feedback count as they arrive, not at the next SYNC") {
    // A live feed gives a line a minute; between decisions sos-risk would apply sos-exec's
    // marks only at its next SYNC. When its input goes idle it takes them in at once, so a loss
    // beyond the kill limit flattens within a second (in a backtest the lines wait for the SYNC:
    // the runs stay identical).
    const auto path =
        (std::filesystem::temp_directory_path() / ("sos-risk-live-fb-" + std::to_string(::getpid())))
            .string();
    pipeline::FeedbackReceiver rx(path);
    Harness h({}, true, &rx);
    pipeline::FeedbackSender tx(path);
    h.wall = ts(5) + 2;
    h.line(candle_line("RELIANCE", 5, 2507));
    tx.send(
        R"({"type":"POSITION","timestamp":1704685800,"symbol":"RELIANCE","qty":500,"avg_price":2650,"realized_pnl":0,"unrealized_pnl":-71500,"src":"sos-exec","mode":"live"})"
        "\n");
    h.sink.text.clear();
    for (int i = 0; i < 50 && h.sink.text.empty();
         ++i) {  // (the socket's bytes are there at once; bounded anyway)
        h.filter->on_idle(*h.out);
        if (h.sink.text.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto d = h.derived();
    REQUIRE(d.size() == 2);
    REQUIRE(d[0].as<event::Alert>()->code == "DAILY_LOSS_HIT");
    REQUIRE(d[1].as<event::Control>()->command == "kill");
    REQUIRE(h.decide(signal("s1", "INFY", "BUY", 1507, 1500, 5)) == "KILL_SWITCH");
}

TEST_CASE("in a backtest, sos-exec's lines wait for the SYNC even when the input pauses") {
    const auto path =
        (std::filesystem::temp_directory_path() / ("sos-risk-bt-fb-" + std::to_string(::getpid()))).string();
    pipeline::FeedbackReceiver rx(path);
    Harness h({}, false, &rx);
    pipeline::FeedbackSender tx(path);
    h.line(candle_line("RELIANCE", 5, 2507));
    tx.send(
        R"({"type":"POSITION","timestamp":1704685800,"symbol":"RELIANCE","qty":500,"avg_price":2650,"realized_pnl":0,"unrealized_pnl":-71500,"src":"sos-exec","mode":"paper"})"
        "\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    h.sink.text.clear();
    h.filter->on_idle(*h.out);
    REQUIRE(h.sink.text.empty());
}

TEST_CASE("decisions come out before the next line passes") {
    Harness h;
    h.line(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5));
    REQUIRE(h.sink.text.find("SIGNAL") != std::string::npos);
    h.line(
        R"({"type":"CANDLE","timestamp":1704685800,"symbol":"RELIANCE","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1})");
    auto order_at = h.sink.text.find("\"type\":\"ORDER\"");
    auto candle_at = h.sink.text.find("\"type\":\"CANDLE\"");
    REQUIRE(order_at != std::string::npos);
    REQUIRE(order_at < candle_at);
}

TEST_CASE("order levels go out on the tick grid, whatever the expression computed") {
    Harness h;
    h.line(signal("s1", "RELIANCE", "BUY", 2507.1000000000004, 2500.0299999, 5));
    h.end();
    const auto derived = h.derived();  // held: the order below points into it
    const auto& o = *derived.at(0).as<event::Order>();
    REQUIRE(o.trigger_price == 2507.1);
    REQUIRE(o.sl == 2500.05);
    REQUIRE(h.sink.text.find("2507.1000000000004,") == std::string::npos);
}

TEST_CASE("new entries only inside the entry window") {
    Harness h;
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 0)) == "ORDER");       // 09:15
    REQUIRE(h.decide(signal("s2", "TCS", "BUY", 2507, 2500, 344)) == "ORDER");          // 14:59
    REQUIRE(h.decide(signal("s3", "INFY", "BUY", 2507, 2500, 345)) == "ENTRY_WINDOW");  // 15:00
    Harness early([](RiskConfig& c) { c.entries_from = 9 * 3600 + 30 * 60; });
    REQUIRE(early.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 10)) == "ENTRY_WINDOW");  // 09:25
    REQUIRE(early.decide(signal("s2", "RELIANCE", "BUY", 2507, 2500, 15)) == "ORDER");         // 09:30
}

TEST_CASE("a kill for another tool or for one underlying is not a kill of everything") {
    Harness h;
    h.line(R"({"type":"CONTROL","command":"kill","target":"sos-match"})");
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5)) == "ORDER");
    h.line(R"({"type":"CONTROL","command":"kill","scope":"TCS"})");
    REQUIRE(h.decide(signal("s2", "TCS", "BUY", 2507, 2500, 6)) == "KILL_SWITCH");
    REQUIRE(h.decide(signal("s3", "INFY", "BUY", 2507, 2500, 7)) == "ORDER");
    h.line(R"({"type":"CONTROL","command":"kill","scope":"Q","target":"sos-risk"})");
    REQUIRE(h.decide(signal("s4", "WIPRO", "BUY", 2507, 2500, 8, "Q")) == "KILL_SWITCH");
    h.line(R"({"type":"CONTROL","command":"reset"})");
    REQUIRE(h.decide(signal("s5", "TCS", "BUY", 2507, 2500, 9)) == "ORDER");
}

namespace {
// A RELIANCE signal at minute 5 with its levels and sizing fields written as given.
std::string raw_signal(const std::string& id, const std::string& side, const std::string& fields) {
    return fmt::format(
        R"({{"type":"SIGNAL","timestamp":{},"symbol":"RELIANCE","id":"{}","pattern_id":"P","kind":"pattern","side":"{}","tf":"1m","candle_ts":{},{}}})",
        ts(5), id, side, ts(4), fields);
}
}  // namespace

TEST_CASE("a huge quantity_mod is bounded by the step before it, not converted out of range") {
    // Undefined behaviour before the fix: 2857 x 1e300 units converted to a 64-bit integer.
    for (const char* mod : {"1e300", "1.7e308", "9.3e18"}) {
        Harness h;
        h.line(raw_signal(
            "s1", "BUY", fmt::format(R"("entry":2507,"sl":2500,"tp":2521,"risk":7,"quantity_mod":{})", mod)));
        h.end();
        const auto derived = h.derived();
        REQUIRE(derived.size() == 1);
        const auto& o = *derived.at(0).as<event::Order>();
        REQUIRE(o.qty == 2857);  // the risk budget's 20000 / 7
        REQUIRE(o.sizing_json.find(R"("risk_budget":2857,"quantity_mod":2857)") != std::string::npos);
    }
}

TEST_CASE("a risk per unit too small to size from is refused, not converted out of range") {
    // Undefined behaviour before the fix: 20000 / 1e-300 units converted to a 64-bit integer.
    for (const char* risk : {"1e-300", "5e-324", "1e-12"}) {
        Harness h;
        h.line(raw_signal("s1", "BUY", fmt::format(R"("entry":2507,"sl":2507,"tp":2521,"risk":{})", risk)));
        h.end();
        const auto derived = h.derived();
        REQUIRE(derived.size() == 1);
        const auto* r = derived.at(0).as<event::Reject>();
        REQUIRE(r);
        REQUIRE(r->reason == "SIZE_RANGE");
        REQUIRE(r->detail.find("too small to size from") != std::string::npos);
    }
    // A small but countable risk is capped by max_lots as always.
    Harness h([](RiskConfig& c) { c.max_lots = 10; });
    h.line(raw_signal("s1", "BUY", R"("entry":2507,"sl":2507,"tp":2521,"risk":1e-9)"));
    h.end();
    REQUIRE(h.derived().at(0).as<event::Order>()->qty == 10);
}

TEST_CASE("a signal with an impossible level is refused as a bad line, never an order") {
    const std::pair<std::string, std::string> bad[] = {
        {"BUY", R"("entry":-5,"sl":-6,"tp":-3,"risk":1)"},
        {"BUY", R"("entry":0,"sl":-1,"tp":2,"risk":1)"},
        {"BUY", R"("entry":2507,"sl":-2500,"tp":2521,"risk":7)"},
        {"BUY", R"("entry":2507,"sl":2500,"tp":0,"risk":7)"},
        {"BUY", R"("entry":1e400,"sl":2500,"tp":2521,"risk":7)"},
        {"BUY", R"("entry":2507,"sl":2514,"tp":2521,"risk":7)"},   // stop above a BUY's entry
        {"BUY", R"("entry":2507,"sl":2500,"tp":2493,"risk":7)"},   // target below it
        {"SELL", R"("entry":2507,"sl":2500,"tp":2493,"risk":7)"},  // stop below a SELL's entry
        {"SELL", R"("entry":2507,"sl":2514,"tp":2521,"risk":7)"},  // target above it
    };
    for (const auto& [side, fields] : bad) {
        Harness h;
        h.line(raw_signal("s1", side, fields));
        h.end();
        INFO(fields);
        REQUIRE(h.bad.count() == 1);
        REQUIRE(h.derived().empty());
        REQUIRE(h.sink.text.empty());
    }
    Harness sell;
    REQUIRE(sell.decide(raw_signal("s1", "SELL", R"("entry":2507,"sl":2514,"tp":2493,"risk":7)")) == "ORDER");
}

namespace {

// NIFTY's chain (ATM 21700) with the 21750 and 21800 calls at the prices given.
std::string spread_chain(int m, double ce_21750, double ce_21800) {
    std::string strikes;
    for (int k = 21650; k <= 21850; k += 50) {
        const double ce = k == 21750 ? ce_21750 : k == 21800 ? ce_21800 : k <= 21700 ? 21700 - k + 300 : 100;
        strikes += fmt::format(
            R"({}{{"strike":{},"ce":{{"ltp":{},"oi":1000,"delta":0.5}},"pe":{{"ltp":50,"oi":1000,"delta":-0.5}}}})",
            strikes.empty() ? "" : ",", k, ce);
    }
    return fmt::format(
        R"({{"type":"OPTION_CHAIN","timestamp":{},"symbol":"NIFTY","expiry":"2024-01-11","spot":21710,"lot_size":65,"strikes":[{}]}})",
        ts(m), strikes);
}

std::string bear_call_spread(const std::string& id, int m) {
    return fmt::format(
        R"({{"type":"SIGNAL","timestamp":{},"symbol":"NIFTY","id":"{}","pattern_id":"BCS","kind":"options","side":"SELL","tf":"1m","candle_ts":{},"entry":null,"sl":null,"tp":null,"risk":null,"tp_mult":1,"quantity_mod":1,"regime":null,"vars":{{}},"structure":"BEAR_CALL_SPREAD"}})",
        ts(m), id, ts(m) - 60);
}

}  // namespace

TEST_CASE("a credit as wide as the wings leaves no risk to size from, whatever binary makes of the sum") {
    // Sell the 21750 call at 256.15, buy the 21800 call at 206.15: a credit of exactly 50.00 on
    // wings 50 wide, so nothing at risk (stale or crossed prices). Added as doubles, 206.15 -
    // 256.15 + 50 is 2.8e-14, not zero: the spread was sized from that (a budget of 20000 over
    // it is more than 2^53 units, refused as a stop at the entry; a budget of 200 bought
    // max_lots lots). In paise, 20615 - 25615 + 5000 is 0.
    for (double capital : {1e6, 1e4}) {
        INFO(capital);
        Harness h([capital](RiskConfig& c) {
            c.capital = capital;
            c.max_lots = 10;
        });
        h.line(spread_chain(4, 256.15, 206.15));
        h.line(bear_call_spread("s1", 5));
        h.end();
        const auto derived = h.derived();
        REQUIRE(derived.size() == 1);
        const auto* r = derived.at(0).as<event::Reject>();
        REQUIRE(r);
        CHECK(r->reason == "INSTRUMENT");
        CHECK_THAT(r->detail, Catch::Contains("without risk to size from (credit 50.00, wings 50.00 wide)"));
    }
    // A credit a paisa short of the width leaves a paisa of risk per unit: 20000 / 0.01 units,
    // capped at max_lots.
    Harness h([](RiskConfig& c) { c.max_lots = 10; });
    h.line(spread_chain(4, 256.15, 206.16));
    h.line(bear_call_spread("s1", 5));
    h.end();
    const auto derived = h.derived();
    const auto* o = derived.at(0).as<event::Order>();
    REQUIRE(o);
    CHECK(o->legs.at(0).qty == 650);
    CHECK_THAT(o->sizing_json, Catch::Contains(R"("risk_budget":2000000,)"));
}

TEST_CASE("the gross notional adds up in paise: orders worth exactly the limit hold new entries") {
    // 100 units each at 8518.30, 553.75 and 40927.95: 5,000,000.00 in all, 5 x the capital.
    // Summed as doubles the three came to 4999999.999999999, under the limit, and a fourth
    // order went out.
    Harness h([](RiskConfig& c) {
        c.gross_notional_limit = 5;
        c.max_lots = 100;  // lots of one share: 100 units an order
    });
    REQUIRE(h.decide(signal("s1", "RELIANCE", "BUY", 8518.30, 8508.30, 5, "A")) == "ORDER");
    REQUIRE(h.decide(signal("s2", "TCS", "BUY", 553.75, 543.75, 5, "B")) == "ORDER");
    REQUIRE(h.decide(signal("s3", "INFY", "BUY", 40927.95, 40917.95, 5, "C")) == "ORDER");
    REQUIRE(h.decide(signal("s4", "HDFCBANK", "BUY", 1500, 1490, 6, "D")) == "CIRCUIT_OPEN");
}

TEST_CASE("a debit spread risks its debit, a credit spread its width less the credit") {
    // The 21750 call at 80, the 21800 call at 50: 50 wide. Bought as a bull call spread (BUY
    // 21750, SELL 21800) the most it loses is the 30 paid, so 20,000 / 30 = 666 units (it was
    // sized on width plus debit, 80: 250 units). Sold as a bear call spread it loses at most
    // the width less the 30 received, 20: 1000 units.
    auto sized = [](const std::string& side, const std::string& legs) {
        Harness h;
        h.line(spread_chain(4, 80, 50));
        h.line(fmt::format(
            R"({{"type":"SIGNAL","timestamp":{},"symbol":"NIFTY","id":"s1","pattern_id":"VS","kind":"options","side":"{}","tf":"1m","candle_ts":{},"entry":null,"sl":null,"tp":null,"risk":null,"tp_mult":1,"quantity_mod":1,"regime":null,"vars":{{}},"structure":"VERTICAL","legs":[{}]}})",
            ts(5), side, ts(5) - 60, legs));
        h.end();
        const auto derived = h.derived();
        REQUIRE(derived.size() == 1);
        const auto* o = derived.at(0).as<event::Order>();
        REQUIRE(o);
        return o->sizing_json;
    };
    const std::string debit = sized(
        "BUY",
        R"({"action":"BUY","option_type":"CE","offset":"OTM1"},{"action":"SELL","option_type":"CE","offset":"OTM2"})");
    CHECK_THAT(debit, Catch::Contains(R"("risk_budget":666,)"));
    const std::string credit = sized(
        "SELL",
        R"({"action":"BUY","option_type":"CE","offset":"OTM2"},{"action":"SELL","option_type":"CE","offset":"OTM1"})");
    CHECK_THAT(credit, Catch::Contains(R"("risk_budget":1000,)"));
}

TEST_CASE("an order rebuilt from history keeps its notional: the limits remember it after a restart") {
    // Before the restart sos-risk approved 2000 RELIANCE at 2500.00: 5,000,000.00, exactly the
    // gross limit (5 x the capital). Rebuilt from its hist line with no notional, the limit
    // forgot it and a new entry went out.
    Harness h([](RiskConfig& c) { c.gross_notional_limit = 5; });
    h.line(fmt::format(
        R"({{"type":"ORDER","timestamp":{},"symbol":"RELIANCE","src":"sos-risk","hist":true,"id":"s0#1","signal_id":"s0","tf":"1m","side":"BUY","qty":2000,"order_type":"SL-M","trigger_price":2500.00,"product":"MIS","strategy":"P","underlying":"RELIANCE","signal_side":"BUY"}})",
        ts(4)));
    CHECK(h.decide(signal("s1", "TCS", "BUY", 3500, 3490, 5)) == "CIRCUIT_OPEN");
}

namespace {

// An operator's line given as the control socket gives it (Filter::admit, injected).
pipeline::Admission admit(Harness& h, const std::string& text) {
    h.sink.text.clear();
    event::Decoder d;
    event::EventList ev;
    REQUIRE(d.decode(text, ev));
    const pipeline::InputLine line{text, 0, event::type_name(ev[0].env.kind), ev[0].env.kind, false, true};
    return h.filter->admit(line, ev, *h.out);
}

// A manual signal as sos-ctl's request becomes in the tool (control::stream_line).
std::string manual(const std::string& sym, const std::string& side, int m, const std::string& extra) {
    return fmt::format(
        R"({{"type":"SIGNAL","timestamp":{},"symbol":"{}","id":"manual:op:{}","pattern_id":"manual","kind":"pattern","side":"{}"{},"asked_by":"op","uid":1000,"at":{},"src":"sos-ctl"}})",
        ts(m), sym, ts(m), side, extra, ts(m));
}

}  // namespace

TEST_CASE("a pause scoped to an underlying or a strategy holds only its entries; reset keeps it") {
    Harness h;
    h.line(R"({"type":"CONTROL","command":"pause","scope":"TCS"})");
    REQUIRE(h.decide(signal("s1", "TCS", "BUY", 2507, 2500, 5)) == "PAUSED");
    REQUIRE(h.derived().back().as<event::Reject>()->detail ==
            "entries for TCS are paused until CONTROL resume");
    REQUIRE(h.decide(signal("s2", "INFY", "BUY", 2507, 2500, 6)) == "ORDER");
    h.line(R"({"type":"CONTROL","command":"pause","scope":"Q"})");
    REQUIRE(h.decide(signal("s3", "WIPRO", "BUY", 2507, 2500, 7, "Q")) == "PAUSED");
    h.line(R"({"type":"CONTROL","command":"reset"})");  // clears kills and breakers, not a pause
    REQUIRE(h.decide(signal("s4", "TCS", "BUY", 2507, 2500, 8)) == "PAUSED");
    h.line(R"({"type":"CONTROL","command":"resume","scope":"TCS"})");
    REQUIRE(h.decide(signal("s5", "TCS", "BUY", 2507, 2500, 9)) == "ORDER");
    REQUIRE(h.decide(signal("s6", "HDFC", "BUY", 2507, 2500, 10, "Q")) == "PAUSED");
    h.line(R"({"type":"CONTROL","command":"resume"})");  // without a scope: every pause ends
    REQUIRE(h.decide(signal("s7", "HDFC", "BUY", 2507, 2500, 11, "Q")) == "ORDER");
}

TEST_CASE("an operator's pause, kill and reset are said back as done") {
    Harness h;
    auto a =
        admit(h, R"({"type":"CONTROL","command":"pause","scope":"NIFTY","asked_by":"op","uid":1000,"at":1})");
    REQUIRE(a.ok);
    REQUIRE(a.detail == "new entries for NIFTY are refused (PAUSED) until resume; exits still work");
    REQUIRE(h.sink.text.find("\"asked_by\":\"op\"") != std::string::npos);  // passed on, as written
    pipeline::HealthState s;
    h.filter->health(s);
    REQUIRE(s.fields.find("\"paused_scopes\":[\"NIFTY\"]") != std::string::npos);
    a = admit(h, R"({"type":"CONTROL","command":"kill"})");
    REQUIRE(a.detail == "kill switch on for everything: no new entries until reset; sos-exec flattens");
    a = admit(h, R"({"type":"CONTROL","command":"reset"})");
    REQUIRE(a.detail == "kill switch and breakers cleared; the pause stays until resume");
    a = admit(h, R"({"type":"CONTROL","command":"resume","target":"sos-exec"})");
    REQUIRE(a.detail == "passed on to sos-exec");
}

TEST_CASE("a manual signal goes through every rule, at the last price, its quantity a cap") {
    Harness h;
    h.line(candle_line("RELIANCE", 4, 2507));
    auto a = admit(h, manual("RELIANCE", "BUY", 5, R"(,"qty":100,"sl":2500)"));
    REQUIRE(a.ok);
    REQUIRE(a.fields == R"("signal":"manual:op:1704685800","orders":["manual:op:1704685800#1"],"qty":100)");
    auto v = h.derived();
    REQUIRE(v.size() == 1);
    const auto& o = *v[0].as<event::Order>();
    REQUIRE(o.qty == 100);
    REQUIRE(*o.trigger_price == 2507);  // the last close
    REQUIRE(o.strategy == "manual");
    // Sizing allowed 2857 (the risk budget over a risk of 7); the operator asked for 100.
    REQUIRE(o.sizing_json.find("\"risk_budget\":2857") != std::string::npos);
    REQUIRE(o.sizing_json.find("\"asked\":100") != std::string::npos);
    REQUIRE(h.sink.text.find(R"("id":"manual:op:1704685800")") < h.sink.text.find(R"("type":"ORDER")"));

    // A cap above what sizing allows changes nothing: the rules' size stands.
    h.line(candle_line("INFY", 10, 1507));
    a = admit(h, manual("INFY", "BUY", 11, R"(,"qty":100000,"sl":1500)"));
    REQUIRE(a.ok);
    REQUIRE(h.derived()[0].as<event::Order>()->qty == 2857);

    // Paused: refused with the reason, like any signal; and without a stop, nothing to size from.
    admit(h, R"({"type":"CONTROL","command":"pause","scope":"TCS"})");
    h.line(candle_line("TCS", 12, 3507));
    a = admit(h, manual("TCS", "BUY", 13, R"(,"qty":10,"sl":3500)"));
    REQUIRE_FALSE(a.ok);
    REQUIRE(a.reason == "PAUSED");
    REQUIRE(h.derived().back().as<event::Reject>()->reason == "PAUSED");
    a = admit(h, manual("WIPRO", "BUY", 14, R"(,"qty":10,"entry":400)"));
    REQUIRE_FALSE(a.ok);
    REQUIRE(a.detail == "a manual signal needs a stop to size from");
    a = admit(h, manual("INFY", "BUY", 16, R"(,"qty":10,"sl":1600)"));  // INFY last closed at 1507
    REQUIRE(a.reason == "BAD_LINE");
    REQUIRE(a.detail == "the stop 1600 is at or above the entry 1507: a BUY's stop lies below it");
    a = admit(h, manual("HDFC", "SELL", 15, R"(,"sl":1600)"));
    REQUIRE(a.detail == "no price of HDFC seen yet to enter at (give an entry)");
    REQUIRE(h.derived().back().as<event::Reject>()->ref == "manual:op:1704686400");
}

TEST_CASE("a manual signal decides the stream's waiting signals first, then itself alone") {
    Harness h;
    h.line(candle_line("INFY", 4, 1507));
    h.line(signal("s1", "RELIANCE", "BUY", 2507, 2500, 5));  // waits for its candle's others
    auto a = admit(h, manual("INFY", "BUY", 5, R"(,"qty":10,"sl":1500)"));
    REQUIRE(a.ok);
    const auto v = h.derived();
    REQUIRE(v.size() == 2);
    REQUIRE(v[0].as<event::Order>()->id == "s1#1");
    REQUIRE(v[1].as<event::Order>()->id == "manual:op:1704685800#1");
}
