#include "ratelimit/window_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

namespace sos::ratelimit {

namespace {

// Each request a window counts is remembered until it leaves the window (windowed_bucket.hpp),
// so a window's count is bounded: a typing slip ("10000000 per day") must not cost gigabytes.
constexpr std::uint32_t kMaxLimit = 100'000;

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Reads a whole number at the front of `s` and removes it; none if `s` does not start with one.
bool take_number(std::string_view& s, std::uint32_t& out) {
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    if (ec != std::errc() || p == s.data()) return false;
    s.remove_prefix(static_cast<std::size_t>(p - s.data()));
    s = trim(s);
    return true;
}

std::chrono::milliseconds unit_length(std::string_view unit) {
    using namespace std::chrono;
    // The short forms a trader writes ("10/s", "200/min"); not "m", which could be a month.
    static constexpr std::pair<std::string_view, std::int64_t> kShort[] = {
        {"s", 1000},      {"sec", 1000},     {"secs", 1000},     {"min", 60'000},  {"mins", 60'000},
        {"h", 3'600'000}, {"hr", 3'600'000}, {"hrs", 3'600'000}, {"d", 86'400'000}};
    for (const auto& [name, ms] : kShort)
        if (iequals(unit, name)) return milliseconds(ms);
    if (unit.size() > 1 && (unit.back() == 's' || unit.back() == 'S')) unit.remove_suffix(1);
    if (iequals(unit, "second")) return seconds(1);
    if (iequals(unit, "minute")) return minutes(1);
    if (iequals(unit, "hour")) return hours(1);
    if (iequals(unit, "day")) return hours(24);
    return milliseconds(0);
}

Window parse_one(std::string_view part, std::string_view spec) {
    auto fail = [&](std::string_view why) {
        return LimitSpecError(fmt::format("rate limit \"{}\": \"{}\" {} (write it as \"10 per second\")",
                                          spec, trim(part), why));
    };
    std::string_view s = trim(part);
    Window w;
    if (!take_number(s, w.limit)) throw fail("does not start with a count");
    if (w.limit == 0) throw fail("allows nothing");
    if (w.limit > kMaxLimit) throw fail(fmt::format("allows more than {} (no broker comes near)", kMaxLimit));
    if (!s.empty() && s.front() == '/') {
        s = trim(s.substr(1));
    } else if (s.size() > 3 && iequals(s.substr(0, 3), "per") &&
               std::isspace(static_cast<unsigned char>(s[3]))) {
        s = trim(s.substr(3));
    } else {
        throw fail("has no \"per\" or \"/\" after the count");
    }
    std::uint32_t multiple = 1;
    if (!s.empty() && std::isdigit(static_cast<unsigned char>(s.front()))) {
        if (!take_number(s, multiple) || multiple == 0) throw fail("has a period of zero");
    }
    const auto unit = unit_length(s);
    if (unit.count() == 0) throw fail("has no unit among second, minute, hour, day");
    if (unit * multiple > std::chrono::hours(24)) throw fail("has a period longer than a day");
    w.period = unit * multiple;
    return w;
}

}  // namespace

std::vector<Window> parse_windows(std::string_view spec) {
    std::vector<Window> out;
    std::string_view rest = spec;
    for (;;) {
        const auto cut = rest.find_first_of(";,|");
        const auto part = rest.substr(0, cut);
        if (trim(part).empty()) {
            throw LimitSpecError(fmt::format(
                "rate limit \"{}\": an empty limit (write it as \"10 per second;40 per minute\")", spec));
        }
        out.push_back(parse_one(part, spec));
        if (cut == std::string_view::npos) break;
        rest.remove_prefix(cut + 1);
    }
    return out;
}

std::string describe(const std::vector<Window>& windows) {
    std::string out;
    for (const auto& w : windows) {
        if (!out.empty()) out += ';';
        const auto ms = w.period.count();
        struct Unit {
            std::int64_t ms;
            const char* name;
        };
        static constexpr Unit units[] = {
            {86'400'000, "day"}, {3'600'000, "hour"}, {60'000, "minute"}, {1000, "second"}};
        bool written = false;
        for (const auto& u : units) {
            if (ms % u.ms != 0) continue;
            const auto n = ms / u.ms;
            out += n == 1 ? fmt::format("{} per {}", w.limit, u.name)
                          : fmt::format("{} per {} {}s", w.limit, n, u.name);
            written = true;
            break;
        }
        // Periods finer than a second come only from code, never from a limit string.
        if (!written) out += fmt::format("{} per {} ms", w.limit, ms);
    }
    return out;
}

}  // namespace sos::ratelimit
