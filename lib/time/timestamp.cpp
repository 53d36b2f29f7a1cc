#include "time/timestamp.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace sos::time {

Timestamp Timestamp::from_seconds_double(double s) {
    // Rounded to the microsecond: a double carries no more than that at epoch magnitudes.
    return Timestamp{static_cast<std::int64_t>(std::llround(s * 1e6)) * 1000};
}

namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

std::optional<Timestamp> parse_plain_decimal(std::string_view text) {
    auto dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(frac))) return std::nullopt;
    if (whole.size() > 15) return std::nullopt;
    std::int64_t w = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), w);
    const bool millis = w > 100'000'000'000LL;
    // Nanoseconds in 64 bits reach the year 2262: refuse anything near that rather than overflow.
    if ((!millis && w > 9'000'000'000LL) || (millis && w > 9'000'000'000'000LL)) return std::nullopt;
    const int frac_digits = millis ? 6 : 9;  // digits that fit into nanoseconds
    std::int64_t f = 0;
    int used = 0;
    for (char c : frac) {
        if (used == frac_digits) break;
        f = f * 10 + (c - '0');
        ++used;
    }
    for (; used < frac_digits; ++used)
        f *= 10;
    // Round half up on the first dropped digit.
    if (frac.size() > static_cast<std::size_t>(frac_digits) && frac[frac_digits] >= '5') ++f;
    if (millis) return Timestamp{w * 1'000'000 + f};
    return Timestamp{w * kNanosPerSecond + f};
}

}  // namespace

std::optional<Timestamp> parse_epoch(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty() || text.front() == '-') return std::nullopt;
    if (text.find_first_of("eE") == std::string_view::npos) {
        auto t = parse_plain_decimal(text);
        if (t && t->ns > 0) return t;
        if (t) return std::nullopt;
    }
    // Exponent forms are rare in practice; a double is exact enough for them.
    std::string copy(text);
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(v) || v <= 0) return std::nullopt;
    if (v > 1e11) v /= 1000.0;
    if (v > 9.2e9) return std::nullopt;
    return Timestamp::from_seconds_double(v);
}

void append_epoch_seconds(std::string& out, Timestamp t) {
    char buf[kEpochRoom];
    out.append(buf, write_epoch_seconds(buf, t));
}

char* write_epoch_seconds(char* p, Timestamp t) {
    std::int64_t s = t.whole_seconds();
    std::int64_t frac = t.ns - s * kNanosPerSecond;
    p = std::to_chars(p, p + 21, s).ptr;
    if (frac == 0) return p;
    char digits[9];
    for (int i = 8; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    int n = 9;
    while (n > 0 && digits[n - 1] == '0')
        --n;
    *p++ = '.';
    std::memcpy(p, digits, static_cast<std::size_t>(n));
    return p + n;
}

std::string to_epoch_string(Timestamp t) {
    std::string s;
    append_epoch_seconds(s, t);
    return s;
}

}  // namespace sos::time
