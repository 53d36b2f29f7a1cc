#include "time/civil.hpp"

#include <charconv>

namespace sos::time {

// Howard Hinnant's days_from_civil / civil_from_days, exact for every Gregorian date.
std::int64_t days_from_civil(Date d) {
    std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (d.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Date{static_cast<int>(y), m, d};
}

int weekday(Date d) {
    std::int64_t z = days_from_civil(d);
    return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

Date add_days(Date d, int n) {
    return civil_from_days(days_from_civil(d) + n);
}

namespace {
bool read_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{};
}
int days_in_month(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return kDays[m - 1];
}
constexpr std::string_view kMonthAbbrevs[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
}  // namespace

std::string_view month_abbrev(int month) {
    return month >= 1 && month <= 12 ? kMonthAbbrevs[month - 1] : std::string_view{};
}

int month_from_abbrev(std::string_view s) {
    if (s.size() != 3) return 0;
    auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    for (int m = 0; m < 12; ++m) {
        const std::string_view name = kMonthAbbrevs[m];
        if (upper(s[0]) == name[0] && upper(s[1]) == name[1] && upper(s[2]) == name[2]) return m + 1;
    }
    return 0;
}

std::optional<Date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    Date d;
    if (!read_int(s.substr(0, 4), d.year) || !read_int(s.substr(5, 2), d.month) ||
        !read_int(s.substr(8, 2), d.day))
        return std::nullopt;
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
        return std::nullopt;
    return d;
}

std::string format_date(Date d) {
    char buf[16];
    auto put = [&](int v, int width, int at) {
        for (int i = width - 1; i >= 0; --i) {
            buf[at + i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
    };
    put(d.year, 4, 0);
    buf[4] = '-';
    put(d.month, 2, 5);
    buf[7] = '-';
    put(d.day, 2, 8);
    return std::string(buf, 10);
}

std::optional<int> parse_clock(std::string_view s) {
    int h = 0, m = 0, sec = 0;
    if (s.size() == 5 && s[2] == ':') {
        if (!read_int(s.substr(0, 2), h) || !read_int(s.substr(3, 2), m)) return std::nullopt;
    } else if (s.size() == 8 && s[2] == ':' && s[5] == ':') {
        if (!read_int(s.substr(0, 2), h) || !read_int(s.substr(3, 2), m) || !read_int(s.substr(6, 2), sec))
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec))) return std::nullopt;
    return h * 3600 + m * 60 + sec;
}

std::string format_clock(int s) {
    char buf[16];
    int h = s / 3600, m = s / 60 % 60, sec = s % 60;
    buf[0] = static_cast<char>('0' + h / 10);
    buf[1] = static_cast<char>('0' + h % 10);
    buf[2] = ':';
    buf[3] = static_cast<char>('0' + m / 10);
    buf[4] = static_cast<char>('0' + m % 10);
    if (sec == 0) return std::string(buf, 5);
    buf[5] = ':';
    buf[6] = static_cast<char>('0' + sec / 10);
    buf[7] = static_cast<char>('0' + sec % 10);
    return std::string(buf, 8);
}

Date ZoneOffset::local_date(Timestamp t) const {
    std::int64_t local = t.whole_seconds() + seconds;
    std::int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return civil_from_days(days);
}

void LocalDayCache::refill(Timestamp t) {
    day_ = zone_.local_date(t);
    from_ = zone_.at(day_, 0).ns;
    to_ = from_ + 86400 * kNanosPerSecond;
}

int ZoneOffset::local_seconds_of_day(Timestamp t) const {
    std::int64_t local = t.whole_seconds() + seconds;
    std::int64_t r = local % 86400;
    return static_cast<int>(r < 0 ? r + 86400 : r);
}

Timestamp ZoneOffset::at(Date d, int seconds_of_day) const {
    return Timestamp::from_seconds(days_from_civil(d) * 86400 + seconds_of_day - seconds);
}

std::optional<ZoneOffset> parse_zone(std::string_view s) {
    if (s == "UTC" || s == "Z" || s == "utc") return ZoneOffset{0};
    if (s == "Asia/Kolkata" || s == "Asia/Calcutta" || s == "IST") return kIndia;
    if (s.size() == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':') {
        int h = 0, m = 0;
        if (!read_int(s.substr(1, 2), h) || !read_int(s.substr(4, 2), m) || h > 14 || m > 59)
            return std::nullopt;
        int v = h * 3600 + m * 60;
        return ZoneOffset{s[0] == '-' ? -v : v};
    }
    return std::nullopt;
}

}  // namespace sos::time
