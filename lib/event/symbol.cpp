#include <array>
#include <cctype>

#include "event/event.hpp"

namespace sos::event {

namespace {

bool is_month(std::string_view s) {
    static constexpr std::array<std::string_view, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    for (auto m : kMonths)
        if (s == m) return true;
    return false;
}

bool digits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return !s.empty();
}

// True when s[p..p+7) reads DDMMMYY.
bool expiry_at(std::string_view s, std::size_t p) {
    return p + 7 <= s.size() && digits(s.substr(p, 2)) && is_month(s.substr(p + 2, 3)) &&
           digits(s.substr(p + 5, 2));
}

}  // namespace

std::string_view underlying_of(std::string_view symbol) {
    // OpenAlgo: BASE + DDMMMYY + FUT, or BASE + DDMMMYY + STRIKE + CE|PE. The base may itself
    // contain digits, so the expiry block is found from the right.
    if (symbol.size() > 10 && symbol.ends_with("FUT")) {
        std::size_t p = symbol.size() - 3 - 7;
        if (p > 0 && expiry_at(symbol, p)) return symbol.substr(0, p);
        return symbol;
    }
    if (symbol.size() > 10 && (symbol.ends_with("CE") || symbol.ends_with("PE"))) {
        std::string_view rest = symbol.substr(0, symbol.size() - 2);
        // rest = BASE DDMMMYY STRIKE: try every month position from the right.
        for (std::size_t m = rest.size(); m-- > 2;) {
            if (m + 3 > rest.size() || !is_month(rest.substr(m, 3))) continue;
            std::size_t p = m - 2;
            if (p == 0 || !expiry_at(rest, p)) continue;
            std::string_view strike = rest.substr(p + 7);
            bool ok = !strike.empty() && std::isdigit(static_cast<unsigned char>(strike.front()));
            int dots = 0;
            for (char c : strike) {
                if (c == '.')
                    ++dots;
                else if (!std::isdigit(static_cast<unsigned char>(c)))
                    ok = false;
            }
            if (ok && dots <= 1) return rest.substr(0, p);
        }
    }
    return symbol;
}

}  // namespace sos::event
