#include "time/user_time.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "time/written_time.hpp"

namespace sos::time {

namespace {

constexpr std::int64_t kDaySeconds = 86400;

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// A number is epoch seconds (milliseconds above 1e11, as on the wire), except eight digits,
// which are a date (20240108). Zero is the epoch itself.
std::optional<Timestamp> epoch(std::string_view s) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    if (v == 0 && s.front() != '-') return Timestamp{0};
    return parse_epoch(s);
}

// "2024-01-08 24:00" is the end of the 8th, as a person may write the end of a day.
std::optional<Timestamp> end_of_day_form(std::string_view s, ZoneOffset zone) {
    for (std::string_view clock : {"24:00", "24:00:00"}) {
        if (s.size() <= clock.size() + 1 || s.substr(s.size() - clock.size()) != clock) continue;
        const char sep = s[s.size() - clock.size() - 1];
        if (sep != ' ' && sep != 'T') continue;
        auto date = parse_written_date(trimmed(s.substr(0, s.size() - clock.size() - 1)));
        if (date) return zone.at(add_days(*date, 1), 0);
    }
    return std::nullopt;
}

}  // namespace

std::optional<Timestamp> parse_user_time(std::string_view text, ZoneOffset zone, TimeBound bound) {
    const std::string_view s = trimmed(text);
    if (s.empty()) return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(s.front())) && !(s.size() == 8 && all_digits(s)))
        if (auto t = epoch(s)) return t;
    if (auto w = parse_written_time(s, zone)) {
        if (!w->has_time && bound == TimeBound::End) return w->t.plus_seconds(kDaySeconds);
        return w->t;
    }
    return end_of_day_form(s, zone);
}

}  // namespace sos::time
