// The long-memory figures (daily series, IV rank and percentile, historical volatility), the
// state file that carries them across runs, and PCR velocity.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "sentiment/daily_history.hpp"
#include "sentiment/pcr_velocity.hpp"
#include "sentiment/state_file.hpp"
#include "sentiment_fixtures.hpp"

using namespace sos;
using namespace sos::sentiment;
using time::Date;

TEST_CASE("a daily series keeps one value per day and reads only days before a date") {
    DailySeries s;
    s.set(Date{2024, 1, 9}, 2);
    s.set(Date{2024, 1, 8}, 1);
    s.set(Date{2024, 1, 10}, 3);
    s.set(Date{2024, 1, 9}, 2.5);  // the day's later value replaces it
    REQUIRE(s.points().size() == 3);
    std::vector<double> v;
    s.before(Date{2024, 1, 10}, 10, v);
    CHECK(v == std::vector<double>{1, 2.5});
    s.before(Date{2024, 1, 11}, 2, v);
    CHECK(v == std::vector<double>{2.5, 3});
    s.trim(1);
    REQUIRE(s.points().size() == 1);
    CHECK(s.points()[0].date == Date{2024, 1, 10});
}

TEST_CASE("IV rank and percentile over past days") {
    std::vector<double> past{0.10, 0.12, 0.14, 0.16, 0.20};
    CHECK(*iv_rank(0.15, past, 1) == Approx(50));
    CHECK(*iv_rank(0.25, past, 1) == 100);  // a new high
    CHECK(*iv_rank(0.05, past, 1) == 0);
    CHECK(*iv_percentile(0.15, past, 1) == Approx(60));  // three of five below
    CHECK(*iv_percentile(0.10, past, 1) == 0);           // strictly below
    CHECK_FALSE(iv_rank(0.15, past, 6));
    CHECK_FALSE(iv_percentile(0.15, past, 6));
    std::vector<double> flat{0.1, 0.1, 0.1};
    CHECK_FALSE(iv_rank(0.1, flat, 1));
    CHECK(*iv_percentile(0.1, flat, 1) == 0);
}

TEST_CASE("historical volatility is the annualised sample deviation of log returns") {
    std::vector<double> closes{100, 110, 99};
    // ln(1.1) and ln(0.9), sample standard deviation x sqrt(252), computed by hand.
    CHECK(*historical_vol(closes, 2, 252) == Approx(2.2525229699550664).epsilon(1e-12));
    CHECK_FALSE(historical_vol(closes, 3, 252));
    std::vector<double> steady{100, 101, 102.01, 103.0301};
    CHECK(*historical_vol(steady, 2, 252) == Approx(0).margin(1e-12));
    std::vector<double> bad{100, 0, 100};
    CHECK_FALSE(historical_vol(bad, 2, 252));
}

TEST_CASE("PCR velocity is the change per minute over the window") {
    PcrVelocity v(15);
    CHECK(v.add(test::ist(8, 9, 20), 1.00) == 0);
    CHECK(v.add(test::ist(8, 9, 25), 1.05) == Approx(0.01));
    CHECK(v.add(test::ist(8, 9, 30), 1.07) == Approx(0.007));
    // At 09:40 the window starts at 09:25: the oldest reading inside it is 09:25's.
    CHECK(v.add(test::ist(8, 9, 40), 1.10) == Approx(0.05 / 15));
    // Chains less frequent than the window: the previous reading is the reference.
    PcrVelocity w(3);
    w.add(test::ist(8, 9, 20), 1.0);
    CHECK(w.add(test::ist(8, 9, 25), 0.9) == Approx(-0.02));
    w.reset();
    CHECK(w.add(test::ist(8, 9, 30), 1.2) == 0);
}

TEST_CASE("the state file round-trips and a missing one is an empty history") {
    char dir[] = "/tmp/sos-state-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const std::string path = std::string(dir) + "/state.json";
    CHECK(load_state(path).empty());
    HistoryMap h;
    h["NIFTY"].atm_iv.set(Date{2024, 1, 8}, 0.1312);
    h["NIFTY"].close.set(Date{2024, 1, 8}, 21513.05);
    h["BANKNIFTY"].close.set(Date{2024, 1, 9}, 47000);
    save_state(path, h);
    CHECK(::access((path + ".tmp").c_str(), F_OK) != 0);
    auto back = load_state(path);
    REQUIRE(back.size() == 2);
    CHECK(back["NIFTY"].atm_iv.points()[0].value == 0.1312);
    CHECK(back["NIFTY"].close.points()[0].value == 21513.05);
    CHECK(back["BANKNIFTY"].close.points()[0].date == Date{2024, 1, 9});
    std::ofstream(path) << "{not json";
    CHECK_THROWS_AS(load_state(path), StateFileError);
    std::ofstream(path) << R"({"version":1,"underlyings":{"NIFTY":{"close":[["2024-13-01",1]]}}})";
    CHECK_THROWS_AS(load_state(path), StateFileError);
    std::remove(path.c_str());
    // A save that cannot be written says where, and leaves nothing behind.
    CHECK_THROWS_WITH(save_state(path + ".d/state.json", h),
                      "cannot create " + path + ".d/state.json.tmp: No such file or directory");
    ::rmdir(dir);
}

TEST_CASE("no history gives no IV rank, percentile or historical volatility") {
    std::vector<double> none;
    CHECK_FALSE(iv_rank(0.15, none, 0));  // even with no minimum asked for
    CHECK_FALSE(iv_percentile(0.15, none, 0));
    CHECK_FALSE(historical_vol(none, 0, 252));
    std::vector<double> one{22000};
    CHECK_FALSE(historical_vol(one, 0, 252));
    // Two returns are the least a sample deviation needs: |ln 1.02 - ln 0.98| / sqrt 2 x sqrt 252.
    std::vector<double> three{100, 102, 99.96};
    CHECK(
        *historical_vol(three, 0, 252) ==
        Approx(std::abs(std::log(1.02) - std::log(0.98)) / std::sqrt(2.0) * std::sqrt(252.0)).epsilon(1e-12));
    CHECK(*iv_rank(0.15, std::vector<double>{0.1, 0.2}, 0) == Approx(50));
}

TEST_CASE("PCR velocity replaces a reading at the same time and uses the window's oldest") {
    PcrVelocity v(10);
    CHECK(v.add(test::ist(8, 9, 20), 1.0) == 0);
    CHECK(v.add(test::ist(8, 9, 20), 1.2) == 0);  // the same chain again: still the first
    CHECK(v.add(test::ist(8, 9, 25), 1.3) == Approx(0.1 / 5));
    CHECK(v.add(test::ist(8, 9, 25), 1.4) == Approx(0.2 / 5));  // replaces 09:25's reading
    CHECK(*v.last() == Approx(0.04));
    // 09:40: window from 09:30 holds nothing earlier; the latest reading before it is 09:25.
    CHECK(v.add(test::ist(8, 9, 40), 1.1) == Approx(-0.3 / 15));
}
