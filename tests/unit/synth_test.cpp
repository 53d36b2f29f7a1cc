#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "event/encoder.hpp"
#include "feed/synth/chain_model.hpp"
#include "feed/synth/synth_source.hpp"
#include "feed/synth/warmup.hpp"
#include "options/black_scholes.hpp"
#include "time/calendar.hpp"

using namespace sos;
using event::Event;
using event::Kind;
using feed::Source;
using feed::SynthConfig;
using feed::SynthSource;
using time::Date;

// Counts heap allocations, to check that steady-state generation allocates nothing. GCC
// cannot tell that the replaced operator delete matches the replaced operator new.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
std::atomic<long> g_allocations{0};

void* counted_alloc(std::size_t n) {
    ++g_allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
}  // namespace
// Every form is replaced, so memory never crosses between these and the library's own.
void* operator new(std::size_t n) {
    return counted_alloc(n);
}
void* operator new[](std::size_t n) {
    return counted_alloc(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    ++g_allocations;
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept {
    return operator new(n, t);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

namespace {

std::vector<Event> run(const SynthConfig& cfg) {
    SynthSource src(cfg);
    feed::FeedItem item;
    std::vector<Event> out;
    while (src.next(item) == Source::Pull::Ready)
        for (const auto& e : item.events)
            out.push_back(e);
    return out;
}

std::string encode_all(const SynthConfig& cfg) {
    SynthSource src(cfg);
    feed::FeedItem item;
    std::string out;
    while (src.next(item) == Source::Pull::Ready)
        for (const auto& e : item.events)
            event::encode(e, out);
    return out;
}

SynthConfig config(std::uint64_t seed, Date from, int days, int constituents = 10, int chains = 0) {
    SynthConfig c;
    c.seed = seed;
    c.from = from;
    c.days = days;
    c.constituents = constituents;
    c.chain_every_minutes = chains;
    return c;
}

int local_minute(time::Timestamp t) {
    return time::kIndia.local_seconds_of_day(t) / 60;
}
constexpr int k0915 = 9 * 60 + 15;

bool on_tick(double p) {
    return std::abs(p * 20 - std::round(p * 20)) < 1e-6;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v)
        s += x;
    return v.empty() ? 0 : s / static_cast<double>(v.size());
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

// Candles of one symbol, in stream order.
std::vector<const Event*> candles_of(const std::vector<Event>& evs, std::string_view symbol) {
    std::vector<const Event*> out;
    for (const auto& e : evs)
        if (e.env.kind == Kind::Candle && e.env.symbol == symbol) out.push_back(&e);
    return out;
}

const event::Candle& bar(const Event* e) {
    return *e->as<event::Candle>();
}

}  // namespace

TEST_CASE("synth output is byte-identical for a seed and differs between seeds") {
    SynthConfig c = config(42, Date{2024, 2, 5}, 2, 10, 5);
    std::string a = encode_all(c), b = encode_all(c);
    REQUIRE(a.size() > 1'000'000);
    REQUIRE(a == b);
    c.seed = 43;
    REQUIRE(encode_all(c) != a);
}

TEST_CASE("every bar is OHLC consistent and on the tick over a multi-day run") {
    auto evs = run(config(7, Date{2024, 3, 4}, 6, 12));
    std::size_t candles = 0;
    for (const auto& e : evs) {
        REQUIRE(e.env.src == "synth");
        REQUIRE_FALSE(e.env.true_regime.empty());
        const auto* k = e.as<event::Candle>();
        if (!k) continue;
        ++candles;
        INFO(e.env.symbol << " at " << time::to_epoch_string(e.time()));
        REQUIRE(k->tf == time::kOneMinute);
        REQUIRE(k->l <= std::min(k->o, k->c));
        REQUIRE(k->h >= std::max(k->o, k->c));
        REQUIRE(k->l > 0);
        REQUIRE(on_tick(k->o));
        REQUIRE(on_tick(k->h));
        REQUIRE(on_tick(k->l));
        REQUIRE(on_tick(k->c));
        REQUIRE(k->v >= 0);
        REQUIRE(k->v == std::round(k->v));
        REQUIRE(e.env.exchange ==
                (e.env.symbol == "NIFTY" || e.env.symbol == "BANKNIFTY" || e.env.symbol == "INDIAVIX"
                     ? "NSE_INDEX"
                     : "NSE"));
    }
    REQUIRE(candles == 6 * 375 * feed::SynthSource(config(7, Date{2024, 3, 4}, 6, 12)).symbols().size());
}

TEST_CASE("levels start where the real market trades") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        auto evs = run(config(seed, Date{2024, 1, 1}, 1, 10));
        std::map<std::string, double> first;
        for (const auto& e : evs)
            if (const auto* k = e.as<event::Candle>()) first.emplace(e.env.symbol, k->o);
        REQUIRE(first.at("NIFTY") > 20500);
        REQUIRE(first.at("NIFTY") < 24500);
        REQUIRE(first.at("BANKNIFTY") > 44000);
        REQUIRE(first.at("BANKNIFTY") < 51000);
        REQUIRE(first.at("INDIAVIX") > 10);
        REQUIRE(first.at("INDIAVIX") < 20);
        for (const auto& [sym, open] : first) {
            if (sym == "NIFTY" || sym == "BANKNIFTY" || sym == "INDIAVIX") continue;
            INFO(sym);
            REQUIRE(open > 90);
            REQUIRE(open < 3300);
        }
    }
}

TEST_CASE("sessions have 375 bars per symbol from 09:15 IST and skip weekends and holidays") {
    // 2024-01-19 is a Friday; the 22nd (special holiday) and 26th (Republic Day) are closed.
    SynthConfig c = config(3, Date{2024, 1, 19}, 5, 5);
    SynthSource src(c);
    const auto symbols = src.symbols();
    auto evs = run(c);
    const std::vector<Date> want = {
        {2024, 1, 19}, {2024, 1, 23}, {2024, 1, 24}, {2024, 1, 25}, {2024, 1, 29}};
    for (const auto& sym : symbols) {
        INFO(sym);
        std::map<Date, std::vector<int>> minutes;
        for (const Event* e : candles_of(evs, sym))
            minutes[time::kIndia.local_date(e->time())].push_back(local_minute(e->time()));
        std::vector<Date> dates;
        for (const auto& [d, m] : minutes) {
            dates.push_back(d);
            REQUIRE(m.size() == 375);
            REQUIRE(m.front() == k0915);
            REQUIRE(m.back() == k0915 + 374);
            for (std::size_t i = 1; i < m.size(); ++i)
                REQUIRE(m[i] == m[i - 1] + 1);
        }
        REQUIRE(dates == want);
    }
}

TEST_CASE("a special session follows the calendar") {
    // Muhurat trading, 2024-11-01 18:00-19:00 IST: a one-hour session.
    auto evs = run(config(3, Date{2024, 11, 1}, 1, 2));
    auto nifty = candles_of(evs, "NIFTY");
    REQUIRE(nifty.size() == 60);
    REQUIRE(local_minute(nifty.front()->time()) == 18 * 60);
}

TEST_CASE("the stream never goes back in time and bars of a minute come before the next minute") {
    auto evs = run(config(5, Date{2024, 4, 1}, 2, 10, 5));
    time::Timestamp last{};
    time::Timestamp last_candle_open{};
    for (const auto& e : evs) {
        REQUIRE(e.time() >= last);
        last = e.time();
        if (e.env.kind == Kind::Candle) {
            // A bar comes after everything timed at or before its open.
            REQUIRE(e.time() >= last_candle_open);
            last_candle_open = e.time();
        } else {
            // Breadth and chains are snapshots at the close of the bar just emitted.
            REQUIRE(e.time() == last_candle_open.plus_seconds(60));
        }
    }
}

TEST_CASE("volume is U-shaped through the day") {
    auto evs = run(config(11, Date{2024, 5, 6}, 5, 3));
    for (const char* sym : {"NIFTY", "BANKNIFTY", "RELIANCE", "HDFCBANK"}) {
        std::vector<double> first30, middle, last30;
        for (const Event* e : candles_of(evs, sym)) {
            int m = local_minute(e->time()) - k0915;
            if (m < 30)
                first30.push_back(bar(e).v);
            else if (m >= 345)
                last30.push_back(bar(e).v);
            else if (m >= 150 && m < 225)
                middle.push_back(bar(e).v);
        }
        INFO(sym);
        REQUIRE(bar(candles_of(evs, sym).front()).v > 0);
        REQUIRE(mean(first30) > 1.5 * mean(middle));
        REQUIRE(mean(last30) > 1.5 * mean(middle));
    }
}

TEST_CASE("intraday volatility is U-shaped and daily moves are realistic") {
    std::vector<double> open_moves, mid_moves, day_moves;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        auto evs = run(config(seed, Date{2024, 6, 3}, 15, 0));
        auto nifty = candles_of(evs, "NIFTY");
        double prev_close = 0;
        for (const Event* e : nifty) {
            int m = local_minute(e->time()) - k0915;
            double r = std::abs(std::log(bar(e).c / bar(e).o));
            if (m < 15)
                open_moves.push_back(r);
            else if (m >= 150 && m < 225)
                mid_moves.push_back(r);
            if (m == 374) {
                if (prev_close > 0) day_moves.push_back(std::abs(std::log(bar(e).c / prev_close)));
                prev_close = bar(e).c;
            }
        }
    }
    REQUIRE(mean(open_moves) > 1.5 * mean(mid_moves));
    // NIFTY's typical day moves between half a percent and a percent and a half.
    REQUIRE(mean(day_moves) > 0.004);
    REQUIRE(mean(day_moves) < 0.015);
}

TEST_CASE("trending regimes move in their direction over many seeds") {
    std::map<std::string, std::vector<double>> by_regime;
    int switches = 0, minutes = 0;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        auto evs = run(config(seed, Date{2024, 7, 1}, 5, 0));
        for (const char* sym : {"NIFTY", "BANKNIFTY"}) {
            std::string prev;
            for (const Event* e : candles_of(evs, sym)) {
                by_regime[e->env.true_regime].push_back(std::log(bar(e).c / bar(e).o));
                if (!prev.empty() && prev != e->env.true_regime) ++switches;
                prev = e->env.true_regime;
                ++minutes;
            }
        }
    }
    REQUIRE(by_regime.size() == 3);
    REQUIRE(mean(by_regime.at("TRENDING_UP")) > 0);
    REQUIRE(mean(by_regime.at("TRENDING_DOWN")) < 0);
    REQUIRE(std::abs(mean(by_regime.at("CONGESTION"))) < mean(by_regime.at("TRENDING_UP")));
    for (const auto& [name, v] : by_regime)
        REQUIRE(v.size() > static_cast<std::size_t>(minutes / 8));
    // Regimes last tens of minutes to hours.
    double dwell = static_cast<double>(minutes) / std::max(switches, 1);
    REQUIRE(dwell > 20);
    REQUIRE(dwell < 240);
}

TEST_CASE("days dominated by a trend close in its direction") {
    std::vector<double> up_days, down_days;
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        auto evs = run(config(seed, Date{2024, 8, 1}, 10, 0));
        auto nifty = candles_of(evs, "NIFTY");
        for (std::size_t d = 0; d + 375 <= nifty.size(); d += 375) {
            int up = 0, down = 0;
            for (std::size_t i = d; i < d + 375; ++i) {
                up += nifty[i]->env.true_regime == "TRENDING_UP";
                down += nifty[i]->env.true_regime == "TRENDING_DOWN";
            }
            double r = std::log(bar(nifty[d + 374]).c / bar(nifty[d]).o);
            if (up > 225) up_days.push_back(r);
            if (down > 225) down_days.push_back(r);
        }
    }
    REQUIRE(up_days.size() >= 3);
    REQUIRE(down_days.size() >= 3);
    REQUIRE(mean(up_days) > 0.002);
    REQUIRE(mean(down_days) < -0.002);
}

TEST_CASE("breadth moves with the index") {
    for (int constituents : {10, 0}) {
        auto evs = run(config(13, Date{2024, 9, 2}, 8, constituents));
        INFO("constituents " << constituents);
        for (const char* sym : {"NIFTY", "BANKNIFTY"}) {
            std::vector<double> day_return, net;
            double prev_close = 0, last_close = 0;
            std::string last_regime;
            for (const auto& e : evs) {
                if (e.env.symbol != sym) continue;
                if (const auto* k = e.as<event::Candle>()) {
                    if (local_minute(e.time()) == k0915) prev_close = last_close > 0 ? last_close : k->o;
                    last_close = k->c;
                    last_regime = e.env.true_regime;
                } else if (const auto* b = e.as<event::Breadth>()) {
                    day_return.push_back(last_close / prev_close - 1);
                    net.push_back(b->adv - b->dec);
                    double total = b->adv + b->dec + b->unchanged.value_or(0);
                    REQUIRE(total == (constituents ? constituents : 50));
                    REQUIRE(e.env.true_regime == last_regime);
                }
            }
            INFO(sym);
            REQUIRE(net.size() == 8 * 375);
            REQUIRE(correlation(day_return, net) > 0.4);
        }
    }
}

TEST_CASE("India VIX stays in its band and rises with realised volatility") {
    std::vector<double> realised, vix_change;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        auto evs = run(config(seed, Date{2024, 1, 1}, 40, 0));
        auto vix = candles_of(evs, "INDIAVIX");
        auto nifty = candles_of(evs, "NIFTY");
        REQUIRE(vix.size() == nifty.size());
        std::vector<double> levels;
        for (const Event* e : vix) {
            REQUIRE(e->env.exchange == "NSE_INDEX");
            REQUIRE(bar(e).l >= 8.5);
            REQUIRE(bar(e).h <= 45.5);
            levels.push_back(bar(e).c);
        }
        REQUIRE(mean(levels) > 11);
        REQUIRE(mean(levels) < 25);
        // VIX reports NIFTY's regime.
        for (std::size_t i = 0; i < vix.size(); ++i)
            REQUIRE(vix[i]->env.true_regime == nifty[i]->env.true_regime);
        for (std::size_t d = 0; d + 375 <= nifty.size(); d += 375) {
            double ss = 0;
            for (std::size_t i = d + 30; i < d + 345; ++i)
                ss += std::pow(std::log(bar(nifty[i]).c / bar(nifty[i]).o), 2);
            realised.push_back(std::sqrt(ss));
            vix_change.push_back(std::log(bar(vix[d + 374]).c / bar(vix[d]).o));
        }
    }
    REQUIRE(correlation(realised, vix_change) > 0.3);
}

namespace {

// Years from a chain's time to 15:30 IST on its expiry day.
double years_to_expiry(const Event& e, Date expiry) {
    auto close = time::kIndia.at(expiry, 15 * 3600 + 30 * 60);
    return static_cast<double>(close.ns - e.time().ns) / 1e9 / (365.0 * 86400);
}

}  // namespace

TEST_CASE("option chains list strikes on the step around spot with sane legs") {
    SynthConfig c = config(17, Date{2024, 1, 19}, 3, 5, 5);
    auto evs = run(c);
    std::map<std::string, int> chains;
    // Cumulative volume per (symbol, expiry, strike, leg) within a day never falls.
    std::map<std::tuple<std::string, Date, double, int>, std::pair<Date, double>> volume_seen;
    for (const auto& e : evs) {
        const auto* ch = e.as<event::OptionChain>();
        if (!ch) continue;
        ++chains[e.env.symbol];
        INFO(e.env.symbol << " at " << time::to_epoch_string(e.time()));
        const double step = e.env.symbol == "NIFTY" ? 50 : 100;
        REQUIRE(ch->lot_size == (e.env.symbol == "NIFTY" ? 65 : 30));
        REQUIRE(ch->expiry);
        REQUIRE(ch->spot);
        REQUIRE(ch->strikes.size() == 31);
        REQUIRE(on_tick(*ch->spot));
        const double atm = ch->strikes[15].strike;
        REQUIRE(std::abs(atm - *ch->spot) <= step / 2);
        REQUIRE(local_minute(e.time()) % 5 == 0);
        for (std::size_t i = 0; i < ch->strikes.size(); ++i) {
            const auto& row = ch->strikes[i];
            REQUIRE(row.strike == atm + (static_cast<double>(i) - 15) * step);
            REQUIRE(std::fmod(row.strike, step) == 0);
            REQUIRE(row.has_ce);
            REQUIRE(row.has_pe);
            for (int leg = 0; leg < 2; ++leg) {
                const event::OptionLeg& l = leg ? row.pe : row.ce;
                REQUIRE(*l.ltp >= 0.05);
                REQUIRE(on_tick(*l.ltp));
                REQUIRE(*l.iv > 0.03);
                REQUIRE(*l.iv < 1.5);
                REQUIRE(std::fmod(*l.oi, *ch->lot_size) == 0);
                REQUIRE(std::fmod(*l.volume, *ch->lot_size) == 0);
                REQUIRE(*l.oi > 0);
                if (leg)
                    REQUIRE((*l.delta >= -1 && *l.delta <= 0));
                else
                    REQUIRE((*l.delta >= 0 && *l.delta <= 1));
                Date day = time::kIndia.local_date(e.time());
                auto& seen = volume_seen[{e.env.symbol, *ch->expiry, row.strike, leg}];
                if (seen.first == day) REQUIRE(*l.volume >= seen.second);
                seen = {day, *l.volume};
            }
            if (i > 0) {
                REQUIRE(*row.ce.ltp <= *ch->strikes[i - 1].ce.ltp);
                REQUIRE(*row.pe.ltp >= *ch->strikes[i - 1].pe.ltp);
            }
        }
    }
    // 75 snapshots a day at 5 minutes, two expiries each.
    REQUIRE(chains["NIFTY"] == 3 * 75 * 2);
    REQUIRE(chains["BANKNIFTY"] == 3 * 75 * 2);
}

TEST_CASE("open interest changes are measured from the day's first chain") {
    auto evs = run(config(19, Date{2024, 2, 12}, 2, 0, 5));
    std::map<std::pair<std::string, Date>, int> seen;
    for (const auto& e : evs) {
        const auto* ch = e.as<event::OptionChain>();
        if (!ch) continue;
        Date day = time::kIndia.local_date(e.time());
        if (seen[{e.env.symbol + time::format_date(*ch->expiry), day}]++ == 0) {
            REQUIRE(local_minute(e.time()) == k0915 + 5);
            for (const auto& row : ch->strikes) {
                REQUIRE(*row.ce.oi_change == 0);
                REQUIRE(*row.pe.oi_change == 0);
            }
        }
    }
    // Later in the day something has changed.
    const Event* last = nullptr;
    for (const auto& e : evs)
        if (e.as<event::OptionChain>()) last = &e;
    double moved = 0;
    for (const auto& row : last->as<event::OptionChain>()->strikes)
        moved += std::abs(*row.ce.oi_change);
    REQUIRE(moved > 0);
}

TEST_CASE("chain expiries follow NSE rules: NIFTY weekly Tuesday and BANKNIFTY last Tuesday") {
    auto evs = run(config(23, Date{2024, 1, 19}, 1, 0, 30));
    std::map<std::string, std::set<Date>> expiries;
    for (const auto& e : evs)
        if (const auto* ch = e.as<event::OptionChain>()) expiries[e.env.symbol].insert(*ch->expiry);
    REQUIRE(expiries["NIFTY"] == std::set<Date>{{2024, 1, 23}, {2024, 1, 30}});
    REQUIRE(expiries["BANKNIFTY"] == std::set<Date>{{2024, 1, 30}, {2024, 2, 27}});
}

TEST_CASE("a chain expiry on a holiday moves to the previous trading day") {
    // Tuesday 2026-03-03 is Holi: that week's NIFTY options expire on Monday 2026-03-02.
    auto evs = run(config(23, Date{2026, 2, 27}, 2, 0, 60));
    std::set<Date> nifty;
    for (const auto& e : evs)
        if (const auto* ch = e.as<event::OptionChain>(); ch && e.env.symbol == "NIFTY")
            nifty.insert(*ch->expiry);
    REQUIRE(nifty == std::set<Date>{{2026, 3, 2}, {2026, 3, 10}});
}

TEST_CASE("put-call parity holds in the chain pricing before rounding") {
    for (double atm_iv : {0.1, 0.18, 0.3}) {
        for (double years : {0.5 / 365, 3.0 / 365, 30.0 / 365, 0.5}) {
            const double spot = 22000, rate = 0.065;
            auto smile = feed::synth::smile_for(atm_iv, years);
            const double forward = spot * std::exp(rate * years);
            for (double k = 20000; k <= 24000; k += 250) {
                double iv = smile.iv(k, forward);
                options::BsInputs in{spot, k, years, rate, 0};
                double c = options::bs_price(options::OptionType::Call, in, iv);
                double p = options::bs_price(options::OptionType::Put, in, iv);
                REQUIRE(c - p == Approx(spot - k * std::exp(-rate * years)).margin(1e-8));
            }
        }
    }
}

TEST_CASE("generated chain prices keep put-call parity within rounding") {
    SynthConfig c = config(29, Date{2024, 5, 20}, 2, 0, 15);
    auto evs = run(c);
    int checked = 0;
    for (const auto& e : evs) {
        const auto* ch = e.as<event::OptionChain>();
        if (!ch) continue;
        double t = std::max(years_to_expiry(e, *ch->expiry), 60.0 / (365 * 86400));
        for (const auto& row : ch->strikes) {
            double parity = *ch->spot - row.strike * std::exp(-c.rate * t);
            // Each price is off by at most half a tick from rounding, or by the 0.05 floor.
            REQUIRE(std::abs((*row.ce.ltp - *row.pe.ltp) - parity) <= 0.1 + 1e-9);
            ++checked;
        }
    }
    REQUIRE(checked > 1000);
}

TEST_CASE("the smile has a negative skew: puts are richer than calls") {
    auto evs = run(config(31, Date{2024, 3, 11}, 1, 0, 60));
    int checked = 0;
    for (const auto& e : evs) {
        const auto* ch = e.as<event::OptionChain>();
        if (!ch) continue;
        // Equal distance either side of the money: the lower strike's volatility is higher.
        REQUIRE(*ch->strikes[5].pe.iv > *ch->strikes[25].ce.iv);
        REQUIRE(*ch->strikes[5].pe.iv > *ch->strikes[15].pe.iv);
        ++checked;
    }
    REQUIRE(checked > 0);
}

TEST_CASE("put-call ratio by open interest is higher in uptrends than in downtrends") {
    std::map<std::string, std::vector<double>> pcr;
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        auto evs = run(config(seed, Date{2024, 10, 7}, 4, 0, 5));
        for (const auto& e : evs) {
            const auto* ch = e.as<event::OptionChain>();
            if (!ch) continue;
            double calls = 0, puts = 0;
            for (const auto& row : ch->strikes) {
                calls += *row.ce.oi;
                puts += *row.pe.oi;
            }
            pcr[e.env.true_regime].push_back(puts / calls);
        }
    }
    REQUIRE(mean(pcr["TRENDING_UP"]) > mean(pcr["CONGESTION"]));
    REQUIRE(mean(pcr["CONGESTION"]) > mean(pcr["TRENDING_DOWN"]));
    REQUIRE(mean(pcr["TRENDING_UP"]) > 1.1);
    REQUIRE(mean(pcr["TRENDING_DOWN"]) < 0.9);
}

TEST_CASE("open interest is largest near the money and at round strikes") {
    auto evs = run(config(37, Date{2024, 3, 18}, 1, 0, 375));
    int chains = 0, with_round = 0;
    for (const auto& e : evs) {
        const auto* ch = e.as<event::OptionChain>();
        if (!ch || e.env.symbol != "NIFTY") continue;
        double near = 0, far = 0, round = 0, plain = 0;
        int n_round = 0, n_plain = 0;
        for (std::size_t i = 0; i < ch->strikes.size(); ++i) {
            const auto& row = ch->strikes[i];
            double oi = *row.ce.oi + *row.pe.oi;
            (i >= 10 && i <= 20 ? near : far) += oi;
            if (i >= 5 && i <= 25) {
                if (std::fmod(row.strike, 500) == 0) {
                    round += oi;
                    ++n_round;
                } else if (std::fmod(row.strike, 100) != 0) {
                    plain += oi;
                    ++n_plain;
                }
            }
        }
        REQUIRE(near / 11 > far / 20);
        ++chains;
        if (n_round) {
            REQUIRE(round / n_round > plain / n_plain);
            ++with_round;
        }
        // Puts dominate below spot, calls above.
        REQUIRE(*ch->strikes[2].pe.oi > *ch->strikes[2].ce.oi);
        REQUIRE(*ch->strikes[28].ce.oi > *ch->strikes[28].pe.oi);
    }
    // A chain every 375 minutes: two in the day, each with a round strike in the band.
    REQUIRE(chains == 2);
    REQUIRE(with_round == chains);
}

TEST_CASE("warm-up days come first and live_start marks the first asked session") {
    SynthConfig c = config(41, Date{2024, 1, 6}, 2, 2);  // a Saturday: the first session is Monday the 8th
    c.warmup_days = 3;
    SynthSource src(c);
    const auto& sessions = src.sessions();
    REQUIRE(sessions.size() == 5);
    REQUIRE(sessions[0].date == Date{2024, 1, 3});
    REQUIRE(sessions[2].date == Date{2024, 1, 5});
    REQUIRE(sessions[3].date == Date{2024, 1, 8});
    REQUIRE(src.live_start() == time::kIndia.at(Date{2024, 1, 8}, 9 * 3600 + 15 * 60));
    REQUIRE(src.progress().total == 5 * 375);
    REQUIRE(src.progress().done == 0);

    feed::FeedItem item;
    std::size_t before = 0, after = 0, records = 0;
    while (src.next(item) == Source::Pull::Ready) {
        REQUIRE(item.events.size() == 1);
        ++records;
        (item.events[0].time() < src.live_start() ? before : after)++;
        if (records == 1)
            REQUIRE(item.events[0].time() == time::kIndia.at(Date{2024, 1, 3}, 9 * 3600 + 15 * 60));
    }
    REQUIRE(before > 0);
    REQUIRE(after > 0);
    REQUIRE(src.progress().done == src.progress().total);

    // Warm-up does not change the live days' randomness source, but it does run the market
    // forward: the live part is a continuation, not a copy of a run without warm-up.
    REQUIRE(encode_all(c) == encode_all(c));
}

TEST_CASE("warm-up sessions hold the bars asked for, counted on the calendar's own sessions") {
    const auto nse = time::Calendar::nse_default();
    const time::Timeframe m1{60}, m5{300};
    // 2024-01-08 is a Monday: the sessions before it are full days of 375 one-minute bars.
    REQUIRE(feed::warmup_sessions_for(1, m1, nse, Date{2024, 1, 8}) == 1);
    REQUIRE(feed::warmup_sessions_for(375, m1, nse, Date{2024, 1, 8}) == 1);
    REQUIRE(feed::warmup_sessions_for(376, m1, nse, Date{2024, 1, 8}) == 2);
    REQUIRE(feed::warmup_sessions_for(75, m5, nse, Date{2024, 1, 8}) == 1);
    REQUIRE(feed::warmup_sessions_for(3, time::kDaily, nse, Date{2024, 1, 8}) == 3);
    // A Saturday counts from the Monday after it, as synth's first session does.
    REQUIRE(feed::warmup_sessions_for(376, m1, nse, Date{2024, 1, 6}) == 2);
    // Before Monday 2024-11-04 comes the Muhurat hour of 2024-11-01: 60 bars, not 375, so a
    // hundred bars need the day before it too.
    REQUIRE(feed::warmup_sessions_for(60, m1, nse, Date{2024, 11, 4}) == 1);
    REQUIRE(feed::warmup_sessions_for(100, m1, nse, Date{2024, 11, 4}) == 2);
    SynthConfig c = config(44, Date{2024, 11, 4}, 1, 1);
    c.warmup_days = feed::warmup_sessions_for(100, m1, nse, Date{2024, 11, 4});
    SynthSource src(c);
    feed::FeedItem item;
    std::size_t warm_bars = 0;
    while (src.next(item) == Source::Pull::Ready)
        for (const auto& e : item.events)
            warm_bars += e.env.kind == Kind::Candle && e.env.symbol == "NIFTY" && e.time() < src.live_start();
    REQUIRE(warm_bars >= 100);
}

TEST_CASE("a stock in two indices is one series and numbered names fill large requests") {
    SynthConfig c = config(43, Date{2024, 1, 8}, 1, 55);
    SynthSource src(c);
    auto symbols = src.symbols();
    std::set<std::string> unique(symbols.begin(), symbols.end());
    REQUIRE(unique.size() == symbols.size());
    REQUIRE(unique.count("HDFCBANK") == 1);
    REQUIRE(unique.count("NIFTYEQ55") == 1);
    REQUIRE(unique.count("BANKNIFTYEQ55") == 1);
    REQUIRE(symbols.front() == "NIFTY");
    REQUIRE(symbols.back() == "INDIAVIX");
    // A bank moves with BANKNIFTY and reports its regime.
    auto evs = run(c);
    auto hdfc = candles_of(evs, "HDFCBANK");
    auto bank = candles_of(evs, "BANKNIFTY");
    REQUIRE(hdfc.size() == 375);
    REQUIRE(bank.size() == hdfc.size());
    for (std::size_t i = 0; i < hdfc.size(); ++i)
        REQUIRE(hdfc[i]->env.true_regime == bank[i]->env.true_regime);
    // Breadth of each index counts all of its 55 names.
    int breadths = 0;
    for (const auto& e : evs)
        if (const auto* b = e.as<event::Breadth>()) {
            REQUIRE(b->adv + b->dec + *b->unchanged == 55);
            ++breadths;
        }
    REQUIRE(breadths > 0);
}

TEST_CASE("steady-state generation does not allocate") {
    SynthConfig c = config(47, Date{2024, 1, 8}, 2, 10, 5);
    long at_start = g_allocations.load();
    SynthSource src(c);
    REQUIRE(g_allocations.load() > at_start);  // the counter does count
    feed::FeedItem item;
    const auto mid_day2 = time::kIndia.at(Date{2024, 1, 9}, 11 * 3600);
    while (src.next(item) == Source::Pull::Ready && item.events[0].time() < mid_day2) {
    }
    long before = g_allocations.load();
    int records = 0;
    for (; records < 5000 && src.next(item) == Source::Pull::Ready; ++records) {
    }
    long allocated = g_allocations.load() - before;
    REQUIRE(records == 5000);
    REQUIRE(allocated == 0);
}

// Run by hand: test_synth "[perf]". A year of one-minute bars for 50 symbols, encoded.
TEST_CASE("a year of fifty symbols generates and encodes quickly", "[.][perf]") {
    SynthConfig c = config(1, Date{2024, 1, 1}, 250, 48, 0);
    c.indices = {"NIFTY"};
    auto t0 = std::chrono::steady_clock::now();
    SynthSource src(c);
    REQUIRE(src.symbols().size() == 50);
    feed::FeedItem item;
    std::string line;
    std::size_t events = 0;
    while (src.next(item) == Source::Pull::Ready) {
        for (const auto& e : item.events) {
            line.clear();
            event::encode(e, line);
            ++events;
        }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    WARN(events << " events in " << seconds << " s");
    REQUIRE(seconds < 60);
}
