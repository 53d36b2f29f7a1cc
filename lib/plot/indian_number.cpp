#include "plot/indian_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sos::plot {

std::string indian_grouped(double value, int decimals) {
    const std::string digits = fmt::format("{:.{}f}", std::abs(value), std::max(decimals, 0));
    const std::size_t dot = std::min(digits.find('.'), digits.size());
    const std::string whole = digits.substr(0, dot);
    std::string out;
    const std::size_t n = whole.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += whole[i];
        const std::size_t left = n - 1 - i;  // digits still to come
        if (left >= 3 && (left - 3) % 2 == 0) out += ',';
    }
    out += digits.substr(dot);
    const bool zero = std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0' || c == '.'; });
    return (value < 0 && !zero ? "-" : "") + out;
}

}  // namespace sos::plot
