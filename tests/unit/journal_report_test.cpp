// Report statistics against hand-computed series and the hand-worked session of
// tests/golden/sos-journal/report-session (its expected figures are worked out in README
// there).
#include <cmath>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "journal/equity.hpp"
#include "journal/report.hpp"
#include "journal/report_format.hpp"
#include "journal/time_range.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;

namespace {

std::vector<EquityPoint> curve(std::initializer_list<std::int64_t> rupees) {
    std::vector<EquityPoint> c;
    double ts = 1000;
    for (auto r : rupees)
        c.push_back({ts += 60, r * 100});
    return c;
}

void record_session(const std::string& db, const std::string& run) {
    auto store = make_store(db, run);
    for (const auto& line : read_lines(session_file()))
        append(*store, line);
}

// True when a line of `text` holds exactly `words`, however many spaces align them. (Not
// std::regex: GCC 12 warns inside it under the sanitizer build's optimisation.)
bool has_line(const std::string& text, const std::string& words) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream split(line);
        std::string joined, word;
        while (split >> word)
            joined += (joined.empty() ? "" : " ") + word;
        if (joined == words) return true;
    }
    return false;
}

const TradeStats& strategy(const Report& r, const std::string& name) {
    for (const auto& s : r.strategies)
        if (s.strategy == name) return s;
    FAIL("no strategy " << name);
    return r.overall;
}

}  // namespace

TEST_CASE("drawdown against a hand computed equity series") {
    // Peak 120 at the third point, trough 30 at the fourth, back above 120 at the last.
    const auto dd = max_drawdown(curve({100, 50, 120, 30, 80, 130}), 1000 * 100);
    REQUIRE(dd.max_paise == 9000);
    REQUIRE(dd.max_pct == Approx(100.0 * 90 / 1120));
    REQUIRE(dd.peak_ts == 1180);
    REQUIRE(dd.trough_ts == 1240);
    REQUIRE(dd.recovered_ts == 1360);
}

TEST_CASE("a series that only falls draws down from the capital itself") {
    const auto dd = max_drawdown(curve({-10, -30, -20}), 1000 * 100);
    REQUIRE(dd.max_paise == 3000);
    REQUIRE(dd.max_pct == Approx(3.0));
    REQUIRE_FALSE(dd.peak_ts);
    REQUIRE_FALSE(dd.recovered_ts);
    REQUIRE(max_drawdown({}, 100).max_paise == 0);
}

TEST_CASE("the percent drawdown is the worst fall relative to the account at its own peak") {
    // 100 -> 0 on capital 100 is 50 %; 1000 -> 880 later is a bigger fall in money but 11.8 %.
    const auto dd = max_drawdown(curve({100, 0, 1000, 880}), 100 * 100);
    REQUIRE(dd.max_paise == 12000);
    REQUIRE(dd.max_pct == Approx(50.0));
}

TEST_CASE("equity at each day end and the daily returns on the account") {
    const auto c = curve({10, 20, 5});  // at 1060, 1120, 1180
    REQUIRE(equity_at(c, {1000, 1100, 1200}) == std::vector<std::int64_t>{0, 1000, 500});
    const auto r = daily_returns({1000, 500, 2500}, 100000);
    // 10 on 1000, then -5 on 1010, then +20 on 1005.
    REQUIRE(r[0] == Approx(0.01));
    REQUIRE(r[1] == Approx(-5.0 / 1010));
    REQUIRE(r[2] == Approx(20.0 / 1005));
}

TEST_CASE("Sharpe and Sortino against hand worked daily returns") {
    // mean 0.0066667; sample sd 0.0251661; downside deviation sqrt(0.02^2 / 3) = 0.0115470.
    const auto ratios = annualised_ratios({0.01, -0.02, 0.03});
    REQUIRE(*ratios.sharpe == Approx(0.0066667 / 0.0251661 * std::sqrt(252.0)).epsilon(1e-4));
    REQUIRE(*ratios.sortino == Approx(0.0066667 / 0.0115470 * std::sqrt(252.0)).epsilon(1e-4));
    REQUIRE(*ratios.sharpe == Approx(4.2053).epsilon(1e-4));
    REQUIRE(*ratios.sortino == Approx(9.1652).epsilon(1e-4));
    REQUIRE_FALSE(annualised_ratios({0.01}).sharpe);
    REQUIRE_FALSE(annualised_ratios({0.01, 0.01}).sharpe);   // no variation
    REQUIRE_FALSE(annualised_ratios({0.01, 0.02}).sortino);  // no losing day
}

TEST_CASE("exposure counts session time covered by any open trade once") {
    const std::vector<std::pair<double, double>> sessions{{0, 100}, {200, 300}};
    REQUIRE(exposure({{10, 30}, {20, 40}}, sessions) == Approx(0.15));
    // Overnight: only the session parts count.
    REQUIRE(exposure({{90, 210}}, sessions) == Approx(0.10));
    REQUIRE(exposure({}, sessions) == 0);
    REQUIRE(exposure({{0, 10}}, {}) == 0);
}

TEST_CASE("a time range reads both bounds in IST, a bare --to date to the end of its day") {
    auto r = parse_time_range("2024-01-08 09:15", "2024-01-08");
    REQUIRE(r.from == 1704685500.0);
    REQUIRE(r.to == 1704738600.0);  // 2024-01-09 00:00 IST
    REQUIRE_FALSE(parse_time_range("", "").bounded());
    REQUIRE_THROWS_WITH(parse_time_range("yesterday", ""),
                        Catch::StartsWith("--from: cannot read the time 'yesterday' ("));
    REQUIRE_THROWS_WITH(parse_time_range("", "2024-13-01"),
                        Catch::StartsWith("--to: cannot read the time '2024-13-01' ("));
    REQUIRE_THROWS_WITH(parse_time_range("2024-01-09", "2024-01-08"), "--to is not after --from");
}

TEST_CASE("report figures of the hand worked session") {
    TempDir dir;
    record_session(dir.file("j.db"), "s1");
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const Report r = build_report(db, ReportOptions{});
    REQUIRE(r.run.name == "s1");
    REQUIRE(r.days == 2);
    REQUIRE(r.modes == std::vector<std::string>{"paper"});
    const TradeStats& all = r.overall;
    REQUIRE(all.trades == 5);
    REQUIRE(all.open == 1);
    REQUIRE(all.wins == 2);
    REQUIRE(all.losses == 3);
    REQUIRE(*all.win_rate == Approx(0.4));
    REQUIRE(all.won_paise == 292435);
    REQUIRE(all.lost_paise == -178850);
    REQUIRE(all.net_paise == 113585);
    REQUIRE(all.fees_paise == 15665);
    REQUIRE(all.gross_paise == 129250);
    REQUIRE(*all.profit_factor == Approx(292435.0 / 178850));
    REQUIRE(*all.expectancy_r == Approx((1.94955 - 0.54025 - 1.0445 - 1.0558 + 2.437) / 5));
    REQUIRE(*all.avg_hold_s == Approx(69 * 60));
    REQUIRE(all.drawdown.max_paise == 178850);
    REQUIRE(all.exposure == Approx(365.0 / 750));
    REQUIRE(all.signals == 9);
    REQUIRE(all.rejected == 3);  // sos-match's veto never became a signal
    REQUIRE(all.reported_mismatches == 0);

    const TradeStats& orb = strategy(r, "ORB");
    REQUIRE(orb.trades == 3);
    REQUIRE(orb.net_paise == 68895);
    REQUIRE(*orb.avg_loss_paise == Approx(-63030));
    REQUIRE(orb.drawdown.max_paise == 126060);
    REQUIRE(orb.exposure == Approx(240.0 / 750));
    // Day closes 1733.45 and 688.95 on 10 lakh.
    const double r1 = 173345.0 / 1e8, r2 = -104450.0 / (1e8 + 173345);
    const double mean = (r1 + r2) / 2, sd = std::abs(r1 - r2) / std::sqrt(2.0);
    REQUIRE(*orb.ratios.sharpe == Approx(mean / sd * std::sqrt(252.0)));
    REQUIRE(*orb.ratios.sortino == Approx(mean / (std::abs(r2) / std::sqrt(2.0)) * std::sqrt(252.0)));
    REQUIRE(strategy(r, "VWAP").rejected == 1);

    REQUIRE(r.marked_to_market);
    REQUIRE(r.equity_drawdown.max_paise == 224400);  // 1949.55 down to -294.45 on a mark
    REQUIRE(r.rejects.size() == 3);
    REQUIRE(r.rejects[0].reason == "MAX_POSITIONS");
    REQUIRE(r.rejects[0].count == 2);
}

TEST_CASE("HEALTH lines, stamped when written, do not stretch a replayed run's days") {
    // A replay of 2024's session run with --health-every writes HEALTH lines stamped with
    // today's wall clock: the run still spans its two trading days, not the years between them
    // and the replay.
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"), "s1");
        for (const auto& line : read_lines(session_file()))
            append(*store, line);
        append(*store,
               R"({"type":"HEALTH","timestamp":1796640000,"src":"sos-exec","tool":"sos-exec","pid":7,)"
               R"("uptime_s":3,"in":1,"out":1,"bad":0,"lag_s":0})");
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const Report r = build_report(db, ReportOptions{});
    REQUIRE(r.days == 2);
    REQUIRE(r.last_ts);
    REQUIRE(*r.last_ts < 1796640000);
}

TEST_CASE("a range the run did not trade in is named in the report's header") {
    // The nightly report of a day with nothing journaled still says which day it is about.
    TempDir dir;
    record_session(dir.file("j.db"), "s1");
    auto db = open_journal(dir.file("j.db"), Access::Read);
    ReportOptions o;
    o.range = parse_time_range("2024-02-01", "2024-02-01");
    const Report r = build_report(db, o);
    REQUIRE_FALSE(r.first_ts);
    REQUIRE(r.days == 0);
    REQUIRE_THAT(
        format_report_text(r),
        Catch::Contains("nothing from 2024-02-01 00:00:00 to 2024-02-01 23:59:59 (IST), 0 trading days"));
}

TEST_CASE("a time range keeps the trades entered within it") {
    TempDir dir;
    record_session(dir.file("j.db"), "s1");
    auto db = open_journal(dir.file("j.db"), Access::Read);
    ReportOptions o;
    o.range = parse_time_range("2024-01-09", "2024-01-09");
    const Report r = build_report(db, o);
    REQUIRE(r.days == 1);
    REQUIRE(r.overall.trades == 2);  // o-ORB-3 and o-VWAP-2
    REQUIRE(r.overall.net_paise == -104450 + 97480);
    REQUIRE(r.overall.signals == 5);
    // A range ending before the data does covers its own days only, not the next one.
    o.range = parse_time_range("2024-01-08", "2024-01-08");
    REQUIRE(build_report(db, o).days == 1);
}

TEST_CASE("reports of several runs compare side by side") {
    TempDir dir;
    record_session(dir.file("j.db"), "first");
    {
        auto store = make_store(dir.file("j.db"), "second");
        append(
            *store,
            R"({"type":"FILL","timestamp":1704686400,"symbol":"X","order_id":"a","side":"BUY","qty":1,"price":10,"fees":0})");
        append(
            *store,
            R"({"type":"FILL","timestamp":1704686460,"symbol":"X","order_id":"a","side":"SELL","qty":1,"price":12.5,"fees":0})");
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    std::vector<Report> reports;
    for (const char* run : {"first", "second"}) {
        ReportOptions o;
        o.run = run;
        reports.push_back(build_report(db, o));
    }
    REQUIRE(build_report(db, ReportOptions{}).run.name == "second");  // the run created last
    const std::string text = format_compare_text(reports);
    REQUIRE(has_line(text, "RUN first second"));
    REQUIRE(has_line(text, "net P&L 1135.85 2.50"));
    REQUIRE(has_line(text, "profit factor 1.64 inf"));
    const auto j = nlohmann::json::parse(format_compare_json(reports));
    REQUIRE(j["runs"].size() == 2);
    REQUIRE(j["runs"][1]["overall"]["net_paise"] == 250);
    REQUIRE(j["runs"][0]["overall"]["max_drawdown"]["max_paise"] == 178850);
    ReportOptions missing;
    missing.run = "third";
    REQUIRE_THROWS_AS(build_report(db, missing), RunNotFound);
}

TEST_CASE("a report as one JSON line carries money in paise") {
    TempDir dir;
    record_session(dir.file("j.db"), "s1");
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const std::string json = format_report_json(build_report(db, ReportOptions{}));
    REQUIRE(std::count(json.begin(), json.end(), '\n') == 1);
    const auto j = nlohmann::json::parse(json);
    REQUIRE(j["capital_paise"] == 100000000);
    REQUIRE(j["annualisation_days"] == 252);
    REQUIRE(j["overall"]["avg_win_paise"] == 146218);  // 1462.175 to the nearest paisa
    REQUIRE(j["strategies"][0]["strategy"] == "ORB");
    REQUIRE(j["rejects"][1]["reason"] == "REGIME_GATE");
    REQUIRE(j["equity_max_drawdown"]["max_paise"] == 224400);
}
