#include <catch2/catch.hpp>

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "time/bar_close.hpp"
#include "time/calendar.hpp"
#include "time/civil.hpp"
#include "time/timeframe.hpp"
#include "time/timestamp.hpp"
#include "time/user_time.hpp"
#include "time/written_time.hpp"

using namespace sos::time;

TEST_CASE("epoch seconds parse exactly and fractions included") {
    REQUIRE(parse_epoch("1704711600")->ns == 1704711600LL * kNanosPerSecond);
    REQUIRE(parse_epoch("1704711600.25")->ns == 1704711600LL * kNanosPerSecond + 250'000'000);
    REQUIRE(parse_epoch("1704711600.123456789")->ns == 1704711600123456789LL);
    REQUIRE(to_epoch_string(*parse_epoch("1704711600.25")) == "1704711600.25");
    REQUIRE(to_epoch_string(*parse_epoch("1704711600")) == "1704711600");
}

TEST_CASE("epoch above 1e11 is read as milliseconds (the SOS bridge's form)") {
    REQUIRE(parse_epoch("1704711600000")->ns == 1704711600LL * kNanosPerSecond);
    REQUIRE(parse_epoch("1704711600250")->ns == 1704711600LL * kNanosPerSecond + 250'000'000);
}

TEST_CASE("epoch rejects negative and zero and garbage and exponents that overflow") {
    REQUIRE_FALSE(parse_epoch("-5"));
    REQUIRE_FALSE(parse_epoch("0"));
    REQUIRE_FALSE(parse_epoch("abc"));
    REQUIRE_FALSE(parse_epoch(""));
    REQUIRE_FALSE(parse_epoch("1e400"));
    REQUIRE(parse_epoch("1.7047116e9")->whole_seconds() == 1704711600);
}

TEST_CASE("civil dates round trip and weekdays are right") {
    Date d{2024, 1, 8};
    REQUIRE(civil_from_days(days_from_civil(d)) == d);
    REQUIRE(weekday(d) == 1);  // a Monday
    REQUIRE(weekday(Date{1970, 1, 1}) == 4);
    REQUIRE(add_days(Date{2024, 2, 28}, 1) == Date{2024, 2, 29});
    REQUIRE(add_days(Date{2023, 2, 28}, 1) == Date{2023, 3, 1});
    REQUIRE(format_date(*parse_date("2024-12-31")) == "2024-12-31");
    REQUIRE_FALSE(parse_date("2024-02-30"));
    REQUIRE_FALSE(parse_date("2024-13-01"));
    REQUIRE(*parse_clock("09:15") == 9 * 3600 + 15 * 60);
    REQUIRE(*parse_clock("15:29:59") == 15 * 3600 + 29 * 60 + 59);
    REQUIRE_FALSE(parse_clock("25:00"));
}

TEST_CASE("month names: one table, read in any case, written as exchanges write them") {
    for (int m = 1; m <= 12; ++m) {
        const std::string_view name = month_abbrev(m);
        REQUIRE(name.size() == 3);
        CHECK(month_from_abbrev(name) == m);
    }
    CHECK(month_abbrev(11) == "NOV");
    CHECK(month_from_abbrev("Nov") == 11);
    CHECK(month_from_abbrev("nov") == 11);
    CHECK(month_from_abbrev("NOVEMBER") == 0);  // three letters exactly; callers cut a longer name
    CHECK(month_from_abbrev("NO") == 0);
    CHECK(month_from_abbrev("NOX") == 0);
    CHECK(month_abbrev(0).empty());
    CHECK(month_abbrev(13).empty());
}

TEST_CASE("Asia/Kolkata local date and time of a UTC timestamp") {
    // 2024-01-08 09:15 IST = 03:45 UTC
    Timestamp t = Timestamp::from_seconds(1704685500);
    REQUIRE(kIndia.local_date(t) == Date{2024, 1, 8});
    REQUIRE(kIndia.local_seconds_of_day(t) == 9 * 3600 + 15 * 60);
    REQUIRE(kIndia.at(Date{2024, 1, 8}, 9 * 3600 + 15 * 60) == t);
    // 20:00 UTC on the 8th is already the 9th in India
    REQUIRE(kIndia.local_date(Timestamp::from_seconds(1704744000)) == Date{2024, 1, 9});
    REQUIRE(parse_zone("+05:30")->seconds == 19800);
    REQUIRE(parse_zone("UTC")->seconds == 0);
    REQUIRE(parse_zone("-04:00")->seconds == -14400);
}

TEST_CASE("timeframes parse and print canonically") {
    REQUIRE(parse_timeframe("1m")->seconds == 60);
    REQUIRE(parse_timeframe("15m")->seconds == 900);
    REQUIRE(*parse_timeframe("60m") == *parse_timeframe("1h"));
    REQUIRE(to_string(*parse_timeframe("60m")) == "1h");
    REQUIRE(parse_timeframe("1d")->daily());
    REQUIRE_FALSE(parse_timeframe("0m"));
    REQUIRE_FALSE(parse_timeframe("5x"));
    REQUIRE_FALSE(parse_timeframe("m"));
    REQUIRE_FALSE(parse_timeframe("2d"));
}

namespace {
// parse_timeframe as it was written with std::from_chars, the reference its digit loop is held to.
std::optional<Timeframe> timeframe_by_from_chars(std::string_view s) {
    if (s.size() < 2) return std::nullopt;
    char unit = s.back();
    std::string_view digits = s.substr(0, s.size() - 1);
    int n = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size() || n <= 0) return std::nullopt;
    switch (unit) {
        case 'm':
            if (n > 24 * 60) return std::nullopt;
            return Timeframe{n * 60};
        case 'h':
            if (n > 24) return std::nullopt;
            return Timeframe{n * 3600};
        case 'd':
            if (n != 1) return std::nullopt;
            return kDaily;
        default:
            return std::nullopt;
    }
}
}  // namespace

TEST_CASE("timeframes read as from_chars read them") {
    // Every string of up to four of these characters, and numbers around each limit.
    const std::string alphabet = "0129-+ mhdx";
    std::vector<std::string> all = {"",      "1440m", "1441m",       "24h",         "25h",
                                    "0001d", "01m",   "2147483647m", "2147483648m", "99999999999999999999m",
                                    "-0m",   "-1440m"};
    std::vector<std::string> shorter = {""};
    for (int len = 1; len <= 4; ++len) {
        std::vector<std::string> longer;
        for (const auto& p : shorter)
            for (char c : alphabet)
                longer.push_back(p + c);
        all.insert(all.end(), longer.begin(), longer.end());
        shorter = std::move(longer);
    }
    for (const auto& s : all) {
        INFO(s);
        REQUIRE(parse_timeframe(s) == timeframe_by_from_chars(s));
    }
}

TEST_CASE("shipped NSE calendar: weekdays trade and weekends and holidays do not") {
    auto cal = Calendar::nse_default();
    REQUIRE(cal.is_trading_day(Date{2024, 1, 8}));
    REQUIRE_FALSE(cal.is_trading_day(Date{2024, 1, 6}));   // Saturday
    REQUIRE_FALSE(cal.is_trading_day(Date{2024, 1, 26}));  // Republic Day
    REQUIRE(cal.is_trading_day(Date{2025, 2, 1}));         // Budget-day Saturday session
    auto muhurat = cal.session(Date{2024, 11, 1});
    REQUIRE(muhurat);
    REQUIRE(cal.zone().local_seconds_of_day(muhurat->open) == 18 * 3600);
    REQUIRE(cal.next_trading_day(Date{2024, 1, 25}) == Date{2024, 1, 29});
    REQUIRE(cal.previous_trading_day(Date{2024, 1, 29}) == Date{2024, 1, 25});
}

TEST_CASE("session_at covers 09:15 inclusive to 15:30 exclusive") {
    auto cal = Calendar::nse_default();
    Date d{2024, 1, 8};
    auto at = [&](int h, int m) { return cal.zone().at(d, h * 3600 + m * 60); };
    REQUIRE_FALSE(cal.session_at(at(9, 14)));
    REQUIRE(cal.session_at(at(9, 15)));
    REQUIRE(cal.session_at(at(15, 29)));
    REQUIRE_FALSE(cal.session_at(at(15, 30)));
}

TEST_CASE("bar boundaries are anchored at the session open and cut at the close") {
    auto cal = Calendar::nse_default();
    Date d{2024, 1, 8};
    auto s = *cal.session(d);
    auto at = [&](int h, int m, int sec = 0) { return cal.zone().at(d, h * 3600 + m * 60 + sec); };
    auto five = bar_containing(at(9, 22, 30), s, *parse_timeframe("5m"));
    REQUIRE(five.start == at(9, 20));
    REQUIRE(five.end == at(9, 25));
    auto hour = bar_containing(at(15, 20), s, *parse_timeframe("1h"));
    REQUIRE(hour.start == at(15, 15));
    REQUIRE(hour.end == at(15, 30));  // the last hourly bar is 15 minutes long
    auto three = bar_containing(at(15, 28), s, *parse_timeframe("3m"));
    REQUIRE(three.start == at(15, 27));
    auto day = bar_containing(at(12, 0), s, kDaily);
    REQUIRE(day.start == s.open);
    REQUIRE(day.end == s.close);
}

TEST_CASE("a bar closes at its open plus the timeframe, cut at the session's close") {
    auto cal = Calendar::nse_default();
    Date d{2024, 1, 8};
    auto s = cal.session(d);
    auto at = [&](int h, int m) { return cal.zone().at(d, h * 3600 + m * 60); };
    REQUIRE(bar_close(at(9, 20), *parse_timeframe("5m"), &cal) == at(9, 25));
    REQUIRE(bar_close(at(15, 15), *parse_timeframe("1h"), &cal) == at(15, 30));  // cut at the close
    REQUIRE(bar_close(at(9, 15), kDaily, &cal) == at(15, 30));                   // the session's close
    // With the session in hand: the same answers, and one of another day is not used.
    REQUIRE(bar_close(at(15, 15), *parse_timeframe("1h"), &cal, &s) == at(15, 30));
    auto other = cal.session(Date{2024, 1, 9});
    REQUIRE(bar_close(at(15, 15), *parse_timeframe("1h"), &cal, &other) == at(15, 30));
    // Outside a session, or without a calendar: the nominal close.
    REQUIRE(bar_close(at(18, 0), *parse_timeframe("15m"), &cal) == at(18, 15));
    REQUIRE(bar_close(at(15, 15), *parse_timeframe("1h"), nullptr) == at(16, 15));
    REQUIRE(bar_close(at(9, 15), kDaily, nullptr) == at(9, 15).plus_seconds(86400));
}

TEST_CASE("calendar file errors name the file and line") {
    REQUIRE_THROWS_WITH(Calendar::parse("zone +05:30\n2024-01-01 party\n", "cal.txt"),
                        Catch::Contains("cal.txt:2: unknown day kind 'party'"));
    REQUIRE_THROWS_WITH(Calendar::parse("hours 15:30-09:15\n", "cal.txt"), Catch::Contains("cal.txt:1:"));
    REQUIRE_THROWS_WITH(Calendar::parse("nonsense\n", "x"), Catch::Contains("x:1: cannot read 'nonsense'"));
    auto cal = Calendar::parse("zone UTC\nhours 10:00-11:00\n2024-01-06 session 10:00-10:30 drill\n", "t");
    REQUIRE(cal.is_trading_day(Date{2024, 1, 6}));
    REQUIRE(cal.zone().seconds == 0);
}

TEST_CASE("epoch values past the year 2255 are refused instead of overflowing") {
    REQUIRE_FALSE(parse_epoch("17046885555"));
    REQUIRE_FALSE(parse_epoch("99999999999999"));
    REQUIRE(parse_epoch("8999999999"));
}

TEST_CASE("the local day cache agrees with local_date across midnights, offsets and before 1970") {
    for (const ZoneOffset zone : {kIndia, ZoneOffset{0}, ZoneOffset{-4 * 3600}}) {
        LocalDayCache days(zone);
        // Walk back and forth over several local midnights, a minute and a second at a time.
        const std::int64_t midnight = zone.at(Date{2024, 1, 8}, 0).whole_seconds();
        for (std::int64_t s :
             {midnight - 1, midnight, midnight + 1, midnight - 86400, midnight + 86399, midnight + 86400,
              midnight - 1, std::int64_t{-1}, std::int64_t{0}, std::int64_t{-86401}}) {
            const auto t = Timestamp::from_seconds(s);
            INFO(zone.seconds << " " << s);
            REQUIRE(days(t) == zone.local_date(t));
        }
        for (std::int64_t s = midnight - 3 * 86400; s < midnight + 3 * 86400; s += 59)
            REQUIRE(days(Timestamp::from_seconds(s)) == zone.local_date(Timestamp::from_seconds(s)));
    }
}

TEST_CASE("written times in the forms vendors and people write them") {
    auto z = kIndia;
    auto t0 = Timestamp::from_seconds(1704685500);  // 2024-01-08 09:15 IST
    REQUIRE(parse_written_time("2024-01-08 09:15:00", z)->t == t0);
    REQUIRE(parse_written_time("2024-01-08T09:15:00+05:30", z)->t == t0);
    REQUIRE(parse_written_time("2024-01-08T03:45:00Z", z)->t == t0);
    REQUIRE(parse_written_time("2024-01-08 09:15:00+0530", z)->t == t0);
    REQUIRE(parse_written_time("1704685500", z)->t == t0);
    REQUIRE(parse_written_time("1704685500000", z)->t == t0);
    REQUIRE(parse_written_date_and_clock("08-01-2024", "09:15", z)->t == t0);
    REQUIRE(parse_written_date_and_clock("08/01/2024", "0915", z)->t == t0);
    REQUIRE(parse_written_date_and_clock("20240108", "091500", z)->t == t0);
    REQUIRE(parse_written_date_and_clock("08-Jan-2024", "9:15", z)->t == t0);
    REQUIRE(parse_written_time("2024-01-08 09:15:00.250", z)->t.ns == t0.ns + 250'000'000);
    auto day = parse_written_time("2024-01-08", z);
    REQUIRE(day);
    REQUIRE_FALSE(day->has_time);
    REQUIRE_FALSE(parse_written_time("yesterday", z));
    REQUIRE_FALSE(parse_written_date_and_clock("2024-02-30", "09:15", z));
    REQUIRE_FALSE(parse_written_date_and_clock("2024-01-08", "25:00", z));
}

TEST_CASE("a written date a timestamp cannot hold is refused, not overflowed") {
    // Nanoseconds since 1970 in 64 bits reach April 2262: a row dated 2300 once overflowed.
    auto z = kIndia;
    REQUIRE_FALSE(parse_written_date_and_clock("2300-01-08", "09:20", z));
    REQUIRE_FALSE(parse_written_time("9999-12-31 09:15", z));
    REQUIRE_FALSE(parse_written_date("1800-01-01"));
    REQUIRE(parse_written_date("2199-12-31"));
    REQUIRE(parse_written_date("1900-01-01"));
}

namespace {

constexpr std::int64_t kNine15 = 1704685500;    // 2024-01-08 09:15 IST
constexpr std::int64_t kMidnight = 1704652200;  // 2024-01-08 00:00 IST
constexpr std::int64_t kNextDay = 1704738600;   // 2024-01-09 00:00 IST

std::optional<std::int64_t> start(std::string_view text, ZoneOffset zone = kIndia) {
    auto t = parse_user_time(text, zone, TimeBound::Start);
    return t ? std::optional(t->whole_seconds()) : std::nullopt;
}
std::optional<std::int64_t> end(std::string_view text) {
    auto t = parse_user_time(text, kIndia, TimeBound::End);
    return t ? std::optional(t->whole_seconds()) : std::nullopt;
}

}  // namespace

TEST_CASE("a user's time is read in every form sos-journal --from and sos-feed --start took") {
    // sos-journal's forms
    CHECK(start("1704685500") == kNine15);
    CHECK(parse_user_time("1704685500.25", kIndia, TimeBound::Start)->ns ==
          kNine15 * kNanosPerSecond + 250'000'000);
    CHECK(start("2024-01-08") == kMidnight);
    CHECK(start("2024-01-08 09:15") == kNine15);
    CHECK(start("2024-01-08T09:15:30") == kNine15 + 30);
    CHECK(start("2024-01-08 24:00") == kNextDay);
    CHECK(start("2024-01-08T24:00:00") == kNextDay);
    CHECK(start("0") == 0);
    CHECK(start("1.7046855e9") == kNine15);
    // sos-feed's forms
    CHECK(start("1704685500000") == kNine15);  // milliseconds
    CHECK(start("20240108") == kMidnight);
    CHECK(start("08-01-2024 09:15") == kNine15);
    CHECK(start("08/01/2024 0915") == kNine15);
    CHECK(start("08-Jan-2024 9:15") == kNine15);
    CHECK(start("2024-01-08T03:45:00Z") == kNine15);
    CHECK(start("2024-01-08 09:15:00+05:30") == kNine15);
    CHECK(start("  2024-01-08 09:15  ") == kNine15);
}

TEST_CASE("a user's time without a zone is in the zone given, with one in its own") {
    CHECK(start("2024-01-08 09:15", ZoneOffset{0}) == kNine15 + 19800);
    CHECK(start("2024-01-08T09:15:00+05:30", ZoneOffset{0}) == kNine15);
    CHECK(start("1704685500", ZoneOffset{0}) == kNine15);
}

TEST_CASE("a bare date that ends a range means the end of that day") {
    CHECK(end("2024-01-08") == kNextDay);
    CHECK(end("20240108") == kNextDay);
    CHECK(end("08-01-2024") == kNextDay);
    CHECK(end("2024-01-08 09:15") == kNine15);  // a time is taken as given
    CHECK(end("2024-01-08 00:00") == kMidnight);
    CHECK(end("1704652200") == kMidnight);
}

TEST_CASE("text that is not a time is refused") {
    for (const char* bad : {"", "   ", "yesterday", "-5", "-1704685500", "2024-02-30", "2024-01-08 25:00",
                            "2024-01-08 09:15 IST", "2024-01-08X09:15", "1e400", "nan", "2024-01-08 24:01"}) {
        INFO(bad);
        CHECK_FALSE(parse_user_time(bad, kIndia, TimeBound::Start));
    }
}

TEST_CASE("calendar: always trades every day, midnight to midnight local time") {
    const auto c = sos::time::Calendar::always();
    const sos::time::Date saturday{2026, 12, 5};
    auto s = c.session(saturday);
    REQUIRE(s);
    REQUIRE(s->open == c.zone().at(saturday, 0));
    REQUIRE(s->close == c.zone().at(sos::time::Date{2026, 12, 6}, 0));
    // Every instant is inside a session, the last nanosecond of a day included.
    REQUIRE(c.session_at(sos::time::Timestamp{s->close.ns - 1}));
    REQUIRE(c.session_at(s->close)->date == sos::time::Date{2026, 12, 6});
    REQUIRE(c.next_trading_day(saturday) == sos::time::Date{2026, 12, 6});
}
