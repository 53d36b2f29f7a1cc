#include "money/paise.hpp"

#include <charconv>
#include <cmath>

namespace sos::money {

Paise Paise::from_rupees(double rupees) {
    return Paise{static_cast<std::int64_t>(std::llround(rupees * 100.0))};
}

Paise Paise::from_price(double rupees) {
    constexpr double kLargest = 1e12;
    if (!(rupees < kLargest)) return from_rupees(kLargest);
    if (rupees < -kLargest) return from_rupees(-kLargest);
    return from_rupees(rupees);
}

namespace {

// Parses [-]digits[.digits] exactly into an integer scaled by 10^scale_digits. Extra
// fraction digits beyond the scale are refused rather than silently rounded.
std::optional<std::int64_t> parse_scaled(std::string_view s, int scale_digits) {
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    auto dot = s.find('.');
    std::string_view whole = s.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    if (whole.empty() && frac.empty()) return std::nullopt;
    if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
    if (static_cast<int>(frac.size()) > scale_digits || whole.size() > 15) return std::nullopt;
    std::int64_t v = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    int used = 0;
    for (char c : frac) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
        ++used;
    }
    for (; used < scale_digits; ++used)
        v *= 10;
    return negative ? -v : v;
}

std::string scaled_to_string(std::int64_t v, int scale_digits, bool trim) {
    std::string out;
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    std::int64_t scale = 1;
    for (int i = 0; i < scale_digits; ++i)
        scale *= 10;
    out += std::to_string(v / scale);
    std::string frac = std::to_string(v % scale);
    frac.insert(0, static_cast<std::size_t>(scale_digits) - frac.size(), '0');
    if (trim)
        while (!frac.empty() && frac.back() == '0')
            frac.pop_back();
    if (!frac.empty()) out.append(".").append(frac);
    return out;
}

}  // namespace

std::optional<Paise> Paise::parse(std::string_view decimal) {
    auto v = parse_scaled(decimal, 2);
    if (!v) return std::nullopt;
    return Paise{*v};
}

std::string Paise::to_string() const {
    return scaled_to_string(value, 2, false);
}

std::optional<Rate> Rate::parse(std::string_view decimal) {
    auto v = parse_scaled(decimal, 12);
    if (!v || *v < 0) return std::nullopt;
    return Rate{*v};
}

std::string Rate::to_string() const {
    return scaled_to_string(per_trillion, 12, true);
}

Paise Rate::of(Paise amount) const {
    constexpr __int128 kTrillion = 1'000'000'000'000;
    __int128 product = static_cast<__int128>(amount.value) * per_trillion;
    __int128 q = product / kTrillion, r = product % kTrillion;
    // Round half away from zero.
    if (r < 0) r = -r;
    if (2 * r >= kTrillion) q += product < 0 ? -1 : 1;
    return Paise{static_cast<std::int64_t>(q)};
}

}  // namespace sos::money
