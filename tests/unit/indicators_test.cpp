// The incremental indicators against hand-computed values and against TA-Lib's own outputs
// on TA-Lib's daily reference series (see talib_reference.hpp for where those come from).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "indicators/indicator.hpp"
#include "talib_reference.hpp"

using sos::indicators::Bar;
using sos::indicators::Indicator;
using sos::indicators::Kind;

namespace {

Bar hlc(double h, double l, double c, double v = 0, std::int64_t day = 0) {
    return Bar{h, l, c, v, day};
}

bool close_rel(double a, double b, double rel = 1e-9) {
    return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b));
}

constexpr double kNaN = sos::indicators::kNaN;

// Feeds TA-Lib's reference bars and checks each checkpoint of `expected` to 1e-9 relative.
template <std::size_t N>
void check_against_talib(Kind kind, int period, const talib_ref::Point (&expected)[N],
                         double talib_ref::Hlc::*x) {
    Indicator ind(kind, period);
    std::size_t next = 0;
    for (int i = 0; i < 252; ++i) {
        const auto& b = talib_ref::kBars[i];
        ind.update(hlc(b.h, b.l, b.c), b.*x);
        if (next < N && expected[next].bar == i) {
            INFO("bar " << i);
            CHECK(close_rel(ind.value(0), expected[next].value));
            ++next;
        } else if (next == 0) {
            INFO("warm-up bar " << i);
            CHECK(std::isnan(ind.value(0)));
        }
    }
    CHECK(next == N);
}

}  // namespace

TEST_CASE("sma is the mean of exactly the last n values and undefined before") {
    Indicator s(Kind::Sma, 3);
    s.update({}, 1);
    s.update({}, 2);
    CHECK(std::isnan(s.value(0)));
    s.update({}, 3);
    CHECK(s.value(0) == 2);
    s.update({}, 4);
    CHECK(s.value(0) == 3);
    s.update({}, 10);
    CHECK(s.value(0) == Approx(17.0 / 3));
}

TEST_CASE("an undefined input is skipped and not counted in the window") {
    Indicator s(Kind::Sma, 2);
    s.update({}, 1);
    s.update({}, kNaN);
    CHECK(std::isnan(s.value(0)));
    s.update({}, 3);
    CHECK(s.value(0) == 2);
    Indicator h(Kind::Highest, 2);
    h.update({}, 5);
    h.update({}, kNaN);
    h.update({}, 1);
    CHECK(h.value(0) == 5);
}

TEST_CASE("ema starts as the mean of the first n values then smooths with 2 over n plus 1") {
    Indicator e(Kind::Ema, 3);
    e.update({}, 1);
    e.update({}, 2);
    CHECK(std::isnan(e.value(0)));
    e.update({}, 3);
    CHECK(e.value(0) == 2);
    e.update({}, 4);  // 2 + (4 - 2) * 0.5
    CHECK(e.value(0) == 3);
    e.update({}, 1);  // 3 + (1 - 3) * 0.5
    CHECK(e.value(0) == 2);
}

TEST_CASE("atr is undefined on the first bar then the mean of n true ranges then Wilder smoothing") {
    Indicator a(Kind::Atr, 3);
    a.update(hlc(10, 8, 9), 0);    // no true range yet
    a.update(hlc(11, 9, 10), 0);   // TR max(2, 2, 0) = 2
    a.update(hlc(12, 10, 11), 0);  // TR 2
    CHECK(std::isnan(a.value(0)));
    a.update(hlc(15, 11, 14), 0);  // TR 4: ATR = 8/3
    CHECK(a.value(0) == Approx(8.0 / 3));
    a.update(hlc(14, 13, 13.5), 0);  // TR max(1, 0, 1) = 1: ATR = (8/3 * 2 + 1) / 3 = 19/9
    CHECK(a.value(0) == Approx(19.0 / 9));
    // A gap makes the true range reach back to the previous close.
    Indicator g(Kind::Atr, 1);
    g.update(hlc(10, 9, 10), 0);
    g.update(hlc(21, 20, 20.5), 0);  // max(1, 11, 10)
    CHECK(g.value(0) == 11);
}

TEST_CASE("rsi uses Wilder averages seeded by the first n means and is undefined when flat") {
    Indicator r(Kind::Rsi, 2);
    r.update(hlc(0, 0, 1), 0);
    r.update(hlc(0, 0, 2), 0);  // +1
    CHECK(std::isnan(r.value(0)));
    r.update(hlc(0, 0, 1.5), 0);  // -0.5: gain 0.5, loss 0.25
    CHECK(r.value(0) == Approx(100.0 * 0.5 / 0.75));
    r.update(hlc(0, 0, 2.5), 0);  // +1: gain (0.5 + 1)/2 = 0.75, loss 0.125
    CHECK(r.value(0) == Approx(100.0 * 0.75 / 0.875));
    Indicator flat(Kind::Rsi, 2);
    for (int i = 0; i < 5; ++i)
        flat.update(hlc(0, 0, 7), 0);
    CHECK(std::isnan(flat.value(0)));
}

TEST_CASE("highest and lowest cover exactly the last n values") {
    Indicator h(Kind::Highest, 3), l(Kind::Lowest, 3);
    const double xs[] = {1, 5, 2, 3, 1, 0.5, 4};
    const double want_h[] = {kNaN, kNaN, 5, 5, 3, 3, 4};
    const double want_l[] = {kNaN, kNaN, 1, 2, 1, 0.5, 0.5};
    for (int i = 0; i < 7; ++i) {
        h.update({}, xs[i]);
        l.update({}, xs[i]);
        INFO("value " << i);
        if (std::isnan(want_h[i])) {
            CHECK(std::isnan(h.value(0)));
            CHECK(std::isnan(l.value(0)));
        } else {
            CHECK(h.value(0) == want_h[i]);
            CHECK(l.value(0) == want_l[i]);
        }
    }
}

TEST_CASE("vwap covers the session so far and starts again each session") {
    Indicator v(Kind::Vwap, 0);
    CHECK(std::isnan(v.value(1)));
    v.update(hlc(12, 10, 11, 100, 1), 0);  // typical 11
    v.update(hlc(13, 11, 12, 300, 1), 0);  // typical 12
    CHECK(v.value(1) == Approx((1100.0 + 3600.0) / 400.0));
    CHECK(std::isnan(v.value(2)));  // before the first bar of the next session
    v.update(hlc(21, 19, 20, 50, 2), 0);
    CHECK(v.value(2) == 20);
    Indicator z(Kind::Vwap, 0);
    z.update(hlc(5, 5, 5, 0, 1), 0);  // no volume: a division by zero is undefined
    CHECK(std::isnan(z.value(1)));
}

TEST_CASE("rsi matches TA-Lib on its reference series to 1e-9") {
    check_against_talib(Kind::Rsi, 14, talib_ref::kRSI14, &talib_ref::Hlc::c);
    // TA-Lib's published test table (test_rsi.c): 49.14, 52.32, 46.07 (truncated to 2 places).
    Indicator r(Kind::Rsi, 14);
    std::vector<double> out;
    for (const auto& b : talib_ref::kBars) {
        r.update(hlc(b.h, b.l, b.c), 0);
        out.push_back(r.value(0));
    }
    CHECK(std::floor(out[14] * 100) / 100 == Approx(49.14));
    CHECK(std::floor(out[15] * 100) / 100 == Approx(52.32));
    CHECK(std::floor(out[16] * 100) / 100 == Approx(46.07));
    CHECK(std::floor(out[251] * 100) / 100 == Approx(49.63));
}

TEST_CASE("atr matches TA-Lib on its reference series to 1e-9") {
    check_against_talib(Kind::Atr, 14, talib_ref::kATR14, &talib_ref::Hlc::c);
    // TA-Lib's published NATR (ATR / close * 100) for the same series: 3.9321 first.
    Indicator a(Kind::Atr, 14);
    for (int i = 0; i <= 14; ++i)
        a.update(hlc(talib_ref::kBars[i].h, talib_ref::kBars[i].l, talib_ref::kBars[i].c), 0);
    CHECK(a.value(0) / talib_ref::kBars[14].c * 100 == Approx(3.9321).margin(5e-5));
}

TEST_CASE("sma ema highest and lowest match TA-Lib on its reference series to 1e-9") {
    check_against_talib(Kind::Sma, 30, talib_ref::kSMA30, &talib_ref::Hlc::c);
    check_against_talib(Kind::Ema, 10, talib_ref::kEMA10, &talib_ref::Hlc::c);
    check_against_talib(Kind::Highest, 14, talib_ref::kMAX14, &talib_ref::Hlc::h);
    check_against_talib(Kind::Lowest, 14, talib_ref::kMIN14, &talib_ref::Hlc::l);
}

TEST_CASE("a saved indicator restores to the same state") {
    const Kind kinds[] = {Kind::Atr,     Kind::Sma,    Kind::Ema, Kind::Rsi,
                          Kind::Highest, Kind::Lowest, Kind::Vwap};
    for (Kind k : kinds) {
        Indicator a(k, 5);
        for (int i = 0; i < 40; ++i) {
            const auto& b = talib_ref::kBars[i];
            a.update(Bar{b.h, b.l, b.c, 100.0 + i, i / 10}, b.c);
        }
        std::vector<double> saved;
        a.save(saved);
        Indicator b(k, 5);
        const double* p = saved.data();
        REQUIRE(b.load(p, saved.data() + saved.size()));
        CHECK(p == saved.data() + saved.size());
        for (int i = 40; i < 80; ++i) {
            const auto& x = talib_ref::kBars[i];
            Bar bar{x.h, x.l, x.c, 100.0 + i, i / 10};
            a.update(bar, x.c);
            b.update(bar, x.c);
            INFO("kind " << static_cast<int>(k) << " bar " << i);
            CHECK((a.value(i / 10) == b.value(i / 10) ||
                   (std::isnan(a.value(i / 10)) && std::isnan(b.value(i / 10)))));
        }
        const double* q = saved.data();
        CHECK_FALSE(b.load(q, saved.data() + saved.size() / 2));  // truncated state is refused
    }
}

TEST_CASE("a long run keeps the sum exact and the memory fixed") {
    Indicator s(Kind::Sma, 20);
    std::vector<double> tail;
    for (int i = 0; i < 2'000'000; ++i) {
        const double x = 1e6 + (i % 97) * 0.37 + (i % 13) * 1e-3;
        s.update({}, x);
        if (i >= 2'000'000 - 20) tail.push_back(x);
    }
    double sum = 0;
    for (double x : tail)
        sum += x;
    CHECK(close_rel(s.value(0), sum / 20, 1e-12));
    std::vector<double> saved;
    s.save(saved);
    CHECK(saved.size() == 23);  // count, 20 values, sum and compensation: nothing grows with the run
}
