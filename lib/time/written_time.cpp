#include "time/written_time.hpp"

#include <cctype>
#include <charconv>

namespace sos::time {

namespace {

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// "Jan", "JAN", "January": the first three letters name the month.
int month_from_name(std::string_view s) {
    return s.size() < 3 ? 0 : month_from_abbrev(s.substr(0, 3));
}

// Years a Timestamp holds with room to spare (nanoseconds since 1970 in 64 bits reach 1677 to
// 2262): a date outside them is a typing slip, refused like any unreadable date.
constexpr int kFirstYear = 1900, kLastYear = 2199;

std::optional<Date> make_date(int y, int m, int d) {
    if (y < 100) y += 2000;
    if (y < kFirstYear || y > kLastYear) return std::nullopt;
    Date date{y, m, d};
    auto check = parse_date(format_date(date));
    if (!check || *check != date) return std::nullopt;
    return date;
}

}  // namespace

std::optional<Date> parse_written_date(std::string_view s) {
    if (s.size() == 8 && digits(s))
        return make_date(to_int(s.substr(0, 4)), to_int(s.substr(4, 2)), to_int(s.substr(6, 2)));
    char sep = 0;
    for (char c : s)
        if (c == '-' || c == '/' || c == '.') {
            sep = c;
            break;
        }
    if (!sep) return std::nullopt;
    std::string_view parts[3];
    std::size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        std::size_t end = i < 2 ? s.find(sep, start) : s.size();
        if (end == std::string_view::npos) return std::nullopt;
        parts[i] = s.substr(start, end - start);
        start = end + 1;
    }
    if (parts[0].size() == 4 && digits(parts[0])) {  // year first
        int m = digits(parts[1]) ? to_int(parts[1]) : month_from_name(parts[1]);
        if (!digits(parts[2])) return std::nullopt;
        return make_date(to_int(parts[0]), m, to_int(parts[2]));
    }
    // Day first (the Indian convention): 08-01-2024, 08/01/2024, 08-Jan-2024, 08-JAN-24.
    if (!digits(parts[0]) || !digits(parts[2])) return std::nullopt;
    int m = digits(parts[1]) ? to_int(parts[1]) : month_from_name(parts[1]);
    return make_date(to_int(parts[2]), m, to_int(parts[0]));
}

std::optional<int> parse_written_clock(std::string_view s, std::int64_t& nanos) {
    nanos = 0;
    if (auto dot = s.find('.'); dot != std::string_view::npos) {
        std::string_view frac = s.substr(dot + 1);
        s = s.substr(0, dot);
        if (!digits(frac)) return std::nullopt;
        std::int64_t scale = 100'000'000;
        for (char c : frac) {
            if (scale == 0) break;
            nanos += (c - '0') * scale;
            scale /= 10;
        }
    }
    int h = 0, m = 0, sec = 0;
    if (digits(s) && (s.size() == 4 || s.size() == 6)) {
        h = to_int(s.substr(0, 2));
        m = to_int(s.substr(2, 2));
        if (s.size() == 6) sec = to_int(s.substr(4, 2));
    } else if ((s.size() == 5 || s.size() == 8 || s.size() == 4 || s.size() == 7) &&
               s.find(':') != std::string_view::npos) {
        // 09:15, 09:15:00, and the unpadded 9:15 / 9:15:00
        std::size_t c1 = s.find(':');
        std::size_t c2 = s.find(':', c1 + 1);
        std::string_view hh = s.substr(0, c1);
        std::string_view mm =
            s.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1);
        std::string_view ss = c2 == std::string_view::npos ? std::string_view{} : s.substr(c2 + 1);
        if (!digits(hh) || !digits(mm) || (c2 != std::string_view::npos && !digits(ss))) return std::nullopt;
        h = to_int(hh);
        m = to_int(mm);
        sec = ss.empty() ? 0 : to_int(ss);
    } else {
        return std::nullopt;
    }
    if (h > 23 || m > 59 || sec > 60) return std::nullopt;
    return h * 3600 + m * 60 + sec;
}

std::optional<WrittenTime> parse_written_date_and_clock(std::string_view date, std::string_view clock,
                                                        ZoneOffset zone) {
    auto d = parse_written_date(date);
    std::int64_t nanos = 0;
    auto c = parse_written_clock(clock, nanos);
    if (!d || !c) return std::nullopt;
    return WrittenTime{Timestamp{zone.at(*d, *c).ns + nanos}, true};
}

std::optional<WrittenTime> parse_written_time(std::string_view s, ZoneOffset zone) {
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    // Epoch seconds or milliseconds.
    bool numeric = true;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') numeric = false;
    if (numeric && s.size() >= 9 && s.find('.') != 8) {
        auto t = parse_epoch(s);
        if (t) return WrittenTime{*t, true};
    }
    // An explicit zone at the end: Z, +05:30, +0530.
    if (s.back() == 'Z') {
        zone = ZoneOffset{0};
        s.remove_suffix(1);
    } else if (s.size() > 6) {
        std::string_view tail = s.substr(s.size() - 6);
        if ((tail[0] == '+' || tail[0] == '-') && tail[3] == ':') {
            auto z = parse_zone(tail);
            if (!z) return std::nullopt;
            zone = *z;
            s.remove_suffix(6);
        } else {
            std::string_view tail5 = s.substr(s.size() - 5);
            if ((tail5[0] == '+' || tail5[0] == '-') && digits(tail5.substr(1)) &&
                s.find(':') != std::string_view::npos) {
                int v = to_int(tail5.substr(1, 2)) * 3600 + to_int(tail5.substr(3, 2)) * 60;
                zone = ZoneOffset{tail5[0] == '-' ? -v : v};
                s.remove_suffix(5);
            }
        }
    }
    std::size_t split = s.find_first_of("T ");
    if (split == std::string_view::npos) {
        auto d = parse_written_date(s);
        if (!d) return std::nullopt;
        return WrittenTime{zone.at(*d, 0), false};
    }
    std::string_view date = s.substr(0, split);
    std::string_view clock = s.substr(split + 1);
    while (!clock.empty() && clock.front() == ' ')
        clock.remove_prefix(1);
    return parse_written_date_and_clock(date, clock, zone);
}

}  // namespace sos::time
