// The SENTIMENT_UPDATE after each chain: which expiry is the front, what each field comes
// from, the long-memory figures across days, and the writer that adds updates to a stream
// without doubling those already there.
#include <catch2/catch.hpp>

#include "event/decoder.hpp"
#include "ndjson/output.hpp"
#include "sentiment/sentiment_engine.hpp"
#include "sentiment/sentiment_writer.hpp"
#include "sentiment/time_to_expiry.hpp"
#include "sentiment_fixtures.hpp"
#include "time/bar_close.hpp"

using namespace sos;
using namespace sos::sentiment;
using test::ist;
using test::Leg;

namespace {

const time::Date kFront{2024, 1, 11}, kNext{2024, 1, 18};

event::Event chain_event(time::Timestamp t, time::Date expiry, double vol, double spot = 22000) {
    event::Event e;
    e.env.kind = event::Kind::OptionChain;
    e.env.timestamp = t;
    e.env.symbol = "NIFTY";
    e.env.exchange = "NSE_INDEX";
    e.env.src = "synth";
    e.env.true_regime = "TRENDING_UP";
    const double years = years_to_expiry(expiry, t);
    e.body = test::priced_chain(spot, expiry, years, 0.065, 0.0, spot - 500, spot + 500, 50,
                                [vol](double) { return vol; });
    return e;
}

event::Event candle(std::string symbol, time::Timestamp t, double c) {
    event::Event e;
    e.env.kind = event::Kind::Candle;
    e.env.timestamp = t;
    e.env.symbol = std::move(symbol);
    event::Candle k;
    k.o = k.h = k.l = k.c = c;
    e.body = k;
    return e;
}

event::Event breadth(time::Timestamp t, double adv, double dec) {
    event::Event e;
    e.env.kind = event::Kind::Breadth;
    e.env.timestamp = t;
    e.env.symbol = "NIFTY";
    e.body = event::Breadth{adv, dec, {}};
    return e;
}

const event::Sentiment& sentiment_of(const event::Event& e) {
    REQUIRE(e.env.kind == event::Kind::Sentiment);
    return *e.as<event::Sentiment>();
}

}  // namespace

TEST_CASE("an update follows each chain with the front expiry's figures") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    CHECK_FALSE(engine.observe(candle("INDIAVIX", ist(8, 9, 19), 14.5), out));
    CHECK_FALSE(engine.observe(breadth(ist(8, 9, 20), 32, 18), out));
    REQUIRE(engine.observe(chain_event(ist(8, 9, 20), kFront, 0.15), out));
    const auto& s = sentiment_of(out);
    CHECK(out.env.symbol == "NIFTY");
    CHECK(out.env.exchange == "NSE_INDEX");
    CHECK(out.env.src == "synth");
    CHECK(out.env.true_regime == "TRENDING_UP");
    CHECK(out.time() == ist(8, 9, 20));
    CHECK(*s.pcr == 1);  // 1000 of OI on every leg
    CHECK(*s.pcr_volume == 1);
    CHECK(*s.pcr_velocity == 0);
    CHECK(*s.breadth_adv == 32);
    CHECK(*s.breadth_dec == 18);
    CHECK(*s.iv == Approx(0.15).margin(1e-6));
    CHECK(*s.vix == 14.5);
    CHECK(*s.max_pain == 22000);
    CHECK(*s.skew == Approx(1).margin(1e-4));
    CHECK_FALSE(s.term);     // one expiry only
    CHECK_FALSE(s.iv_rank);  // no past days
    CHECK_FALSE(s.hv);
    CHECK(s.oi_wall_above);  // all OI equal: the nearest strike beyond ATM
    CHECK(*s.oi_wall_above == 22050);
    CHECK(*s.oi_wall_below == 21950);
}

TEST_CASE("the next expiry gives the term ratio and the front keeps its figures") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    REQUIRE(engine.observe(chain_event(ist(8, 9, 20), kFront, 0.16), out));
    REQUIRE(engine.observe(chain_event(ist(8, 9, 20), kNext, 0.14), out));
    const auto& s = sentiment_of(out);
    CHECK(*s.iv == Approx(0.16).margin(1e-6));
    CHECK(*s.term == Approx(0.16 / 0.14).margin(1e-4));
}

TEST_CASE("a later expiry alone becomes the front and a stale front is passed over") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    REQUIRE(engine.observe(chain_event(ist(8, 9, 20), kNext, 0.14), out));
    CHECK(*sentiment_of(out).iv == Approx(0.14).margin(1e-6));
    REQUIRE(engine.observe(chain_event(ist(8, 9, 25), kFront, 0.16), out));
    CHECK(*sentiment_of(out).iv == Approx(0.16).margin(1e-6));
    // The front stops coming: 20 minutes later the next expiry is the freshest.
    REQUIRE(engine.observe(chain_event(ist(8, 9, 45), kNext, 0.13), out));
    CHECK(*sentiment_of(out).iv == Approx(0.13).margin(1e-6));
    CHECK_FALSE(sentiment_of(out).term);
}

TEST_CASE("a chain without expiry or spot gives no update") {
    SentimentEngine engine(SentimentConfig{});
    event::Event e = chain_event(ist(8, 9, 20), kFront, 0.15), out;
    std::get<event::OptionChain>(e.body).expiry.reset();
    CHECK_FALSE(engine.observe(e, out));
    e = chain_event(ist(8, 9, 20), kFront, 0.15);
    std::get<event::OptionChain>(e.body).spot.reset();
    CHECK_FALSE(engine.observe(e, out));
}

TEST_CASE("an empty chain still gives an update with what is known") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    engine.observe(breadth(ist(8, 9, 20), 10, 40), out);
    event::Event e = chain_event(ist(8, 9, 20), kFront, 0.15);
    std::get<event::OptionChain>(e.body).strikes.clear();
    REQUIRE(engine.observe(e, out));
    const auto& s = sentiment_of(out);
    CHECK_FALSE(s.pcr);
    CHECK_FALSE(s.iv);
    CHECK(*s.breadth_adv == 10);
}

TEST_CASE("PCR velocity restarts each day") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    auto with_put_oi = [](event::Event e, double put_oi) {
        for (auto& r : std::get<event::OptionChain>(e.body).strikes)
            r.pe.oi = put_oi;
        return e;
    };
    engine.observe(with_put_oi(chain_event(ist(8, 15, 20), kFront, 0.15), 1000), out);
    REQUIRE(engine.observe(with_put_oi(chain_event(ist(8, 15, 25), kFront, 0.15), 1100), out));
    CHECK(*sentiment_of(out).pcr_velocity == Approx(0.02));
    REQUIRE(engine.observe(with_put_oi(chain_event(ist(9, 9, 20), kFront, 0.15), 1300), out));
    CHECK(*sentiment_of(out).pcr_velocity == 0);
}

TEST_CASE("IV rank percentile and historical volatility come from earlier days") {
    SentimentConfig cfg;
    cfg.iv_min_days = 3;
    cfg.hv_days = 3;
    cfg.hv_min_returns = 3;
    SentimentEngine engine(cfg);
    auto& h = engine.history()["NIFTY"];
    h.atm_iv.set(time::Date{2024, 1, 3}, 0.10);
    h.atm_iv.set(time::Date{2024, 1, 4}, 0.20);
    h.atm_iv.set(time::Date{2024, 1, 5}, 0.12);
    for (auto [d, c] : {std::pair{2, 100.0}, {3, 110.0}, {4, 99.0}, {5, 99.0}})
        h.close.set(time::Date{2024, 1, d}, c);
    event::Event out;
    REQUIRE(engine.observe(chain_event(ist(8, 9, 20), kFront, 0.15), out));
    const auto& s = sentiment_of(out);
    CHECK(*s.iv_rank == Approx(50).margin(0.01));
    CHECK(*s.iv_percentile == Approx(66.67).margin(0.01));
    REQUIRE(s.hv);
    // Today's price is not a close yet: the three returns of the 2nd..5th.
    std::vector<double> closes{100, 110, 99, 99};
    CHECK(*s.hv == Approx(*historical_vol(closes, 3, 252)).margin(1e-6));
    // The day's ATM IV and last price are recorded for tomorrow.
    CHECK(h.atm_iv.points().back().date == time::Date{2024, 1, 8});
    CHECK(h.close.points().back().value == 22000);
    engine.observe(candle("NIFTY", ist(8, 15, 29), 22100), out);
    CHECK(h.close.points().back().value == 22100);
}

TEST_CASE("the writer adds an update after a chain unless the stream already has it") {
    SentimentEngine engine(SentimentConfig{});
    SentimentWriter writer(engine, "");
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    const event::Event ch = chain_event(ist(8, 9, 20), kFront, 0.15);
    writer.before(ch, out);
    out.emit(ch);
    writer.after(ch, out);
    CHECK(writer.written() == 0);  // held until the next line is known
    // Upstream's own update for this chain comes next: ours is dropped.
    event::Event upstream;
    upstream.env.kind = event::Kind::Sentiment;
    upstream.env.timestamp = ch.env.timestamp;
    upstream.env.symbol = "NIFTY";
    upstream.body = event::Sentiment{};
    writer.before(upstream, out);
    out.emit(upstream);
    writer.after(upstream, out);
    CHECK(writer.written() == 0);
    // Another chain, then a candle: the update goes out before the candle.
    const event::Event ch2 = chain_event(ist(8, 9, 25), kFront, 0.15);
    writer.before(ch2, out);
    out.emit(ch2);
    writer.after(ch2, out);
    const event::Event k = candle("NIFTY", ist(8, 9, 25), 22000);
    writer.before(k, out);
    out.emit(k);
    writer.after(k, out);
    CHECK(writer.written() == 1);
    // A last chain is flushed at the end.
    const event::Event ch3 = chain_event(ist(8, 9, 30), kFront, 0.15);
    writer.before(ch3, out);
    out.emit(ch3);
    writer.after(ch3, out);
    writer.finish(out);
    CHECK(writer.written() == 2);
    std::vector<std::string> types;
    event::Decoder d;
    event::EventList list;
    std::size_t start = 0;
    while (start < sink.text.size()) {
        auto end = sink.text.find('\n', start);
        REQUIRE(d.decode(std::string_view(sink.text).substr(start, end - start), list));
        types.emplace_back(event::type_name(list[0].env.kind));
        start = end + 1;
    }
    CHECK(types == std::vector<std::string>{"OPTION_CHAIN", "SENTIMENT_UPDATE", "OPTION_CHAIN",
                                            "SENTIMENT_UPDATE", "CANDLE", "OPTION_CHAIN",
                                            "SENTIMENT_UPDATE"});
}

TEST_CASE("an expiry today is the front until the close and its IV is solved on the hours left") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    // Thursday 2024-01-11, the front's expiry day, at 14:30: one hour left.
    REQUIRE(engine.observe(chain_event(ist(11, 14, 30), kFront, 0.2), out));
    CHECK(*sentiment_of(out).iv == Approx(0.2).margin(1e-6));
    REQUIRE(engine.observe(chain_event(ist(11, 14, 30), kNext, 0.14), out));
    const auto& s = sentiment_of(out);
    CHECK(*s.iv == Approx(0.2).margin(1e-6));  // still the expiring contract's
    CHECK(*s.term == Approx(0.2 / 0.14).margin(1e-4));
    CHECK(*s.pcr == 1);
    CHECK(*s.max_pain == 22000);
    // 15:45, after the close: the expiring chain keeps its OI figures but has no IV, so no
    // skew and no term ratio either.
    REQUIRE(engine.observe(chain_event(ist(11, 15, 45), kFront, 0.2), out));
    const auto& after = sentiment_of(out);
    CHECK(*after.pcr == 1);
    CHECK(*after.max_pain == 22000);
    CHECK_FALSE(after.iv);
    CHECK_FALSE(after.skew);
    CHECK_FALSE(after.term);
    // The next morning that expiry is gone: its chain gives an update without figures, and
    // the next expiry, once it comes, is the front.
    REQUIRE(engine.observe(chain_event(ist(12, 9, 20), kFront, 0.2), out));
    CHECK_FALSE(sentiment_of(out).pcr);
    CHECK_FALSE(sentiment_of(out).iv);
    REQUIRE(engine.observe(chain_event(ist(12, 9, 20), kNext, 0.15), out));
    CHECK(*sentiment_of(out).iv == Approx(0.15).margin(1e-6));
    CHECK(*sentiment_of(out).pcr_velocity == 0);  // a new front: velocity starts again
}

TEST_CASE("zero open interest gives no PCR velocity walls or max pain but keeps the IV") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    event::Event e = chain_event(ist(8, 9, 20), kFront, 0.15);
    for (auto& r : std::get<event::OptionChain>(e.body).strikes)
        r.ce.oi = r.pe.oi = 0.0;
    REQUIRE(engine.observe(e, out));
    const auto& s = sentiment_of(out);
    CHECK_FALSE(s.pcr);
    CHECK_FALSE(s.pcr_velocity);
    CHECK_FALSE(s.oi_wall_above);
    CHECK_FALSE(s.oi_wall_below);
    CHECK_FALSE(s.max_pain);
    CHECK(*s.pcr_volume == 1);  // 100 traded on every leg
    CHECK(*s.iv == Approx(0.15).margin(1e-6));
    // The first chain with OI starts the velocity afresh.
    REQUIRE(engine.observe(chain_event(ist(8, 9, 25), kFront, 0.15), out));
    CHECK(*sentiment_of(out).pcr == 1);
    CHECK(*sentiment_of(out).pcr_velocity == 0);
}

TEST_CASE("a one-sided chain gives an update with the IV of its calls and a wall above") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    event::Event e = chain_event(ist(8, 9, 20), kFront, 0.15);
    for (auto& r : std::get<event::OptionChain>(e.body).strikes) {
        r.has_pe = false;
        if (r.strike == 22300) r.ce.oi = 5000;
    }
    REQUIRE(engine.observe(e, out));
    const auto& s = sentiment_of(out);
    CHECK_FALSE(s.pcr);
    CHECK_FALSE(s.pcr_volume);
    CHECK_FALSE(s.max_pain);
    CHECK_FALSE(s.oi_wall_below);
    CHECK(*s.oi_wall_above == 22300);
    CHECK(*s.iv == Approx(0.15).margin(1e-6));  // the chain was priced without dividend
    CHECK_FALSE(s.skew);
}

TEST_CASE("a chain with only zero prices keeps its OI figures and has no IV") {
    SentimentEngine engine(SentimentConfig{});
    event::Event out;
    event::Event e = chain_event(ist(8, 9, 20), kFront, 0.15);
    for (auto& r : std::get<event::OptionChain>(e.body).strikes)
        r.ce.ltp = r.pe.ltp = 0.0;
    REQUIRE(engine.observe(e, out));
    const auto& s = sentiment_of(out);
    CHECK(*s.pcr == 1);
    CHECK(*s.max_pain == 22000);
    CHECK_FALSE(s.iv);
    CHECK_FALSE(s.skew);
    CHECK_FALSE(s.iv_rank);
}

TEST_CASE("breadth and India VIX are passed through only while fresh") {
    SentimentEngine engine(SentimentConfig{});  // breadth 300 s, VIX 900 s
    event::Event out;
    engine.observe(candle("INDIAVIX", ist(8, 9, 19), 13.25), out);  // a 1-minute bar: known at 09:20
    engine.observe(breadth(ist(8, 9, 20), 30, 20), out);
    REQUIRE(engine.observe(chain_event(ist(8, 9, 25), kFront, 0.15), out));
    CHECK(*sentiment_of(out).vix == 13.25);
    CHECK(*sentiment_of(out).breadth_adv == 30);
    CHECK(*sentiment_of(out).breadth_dec == 20);
    REQUIRE(engine.observe(chain_event(ist(8, 9, 26), kFront, 0.15), out));
    CHECK_FALSE(sentiment_of(out).breadth_adv);  // six minutes old
    CHECK(*sentiment_of(out).vix == 13.25);
    REQUIRE(engine.observe(chain_event(ist(8, 9, 36), kFront, 0.15), out));
    CHECK_FALSE(sentiment_of(out).vix);  // sixteen minutes old
}

TEST_CASE("a daily India VIX bar is known at the session's close, as time::bar_close says") {
    // Counted from its 09:15 open (the rule before time::bar_close), the day's closing VIX was
    // six hours stale for a chain ten minutes after the close.
    SentimentEngine engine(SentimentConfig{});  // VIX 900 s
    event::Event vix = candle("INDIAVIX", ist(8, 9, 15), 14.5);
    vix.as<event::Candle>()->tf = time::kDaily;
    const auto nse = time::Calendar::nse_default();
    REQUIRE(time::bar_close(ist(8, 9, 15), time::kDaily, &nse) == ist(8, 15, 30));
    event::Event out;
    engine.observe(vix, out);
    REQUIRE(engine.observe(chain_event(ist(8, 15, 40), kFront, 0.15), out));
    CHECK(*sentiment_of(out).vix == 14.5);
    REQUIRE(engine.observe(chain_event(ist(8, 15, 46), kFront, 0.15), out));
    CHECK_FALSE(sentiment_of(out).vix);  // sixteen minutes after the close
}
