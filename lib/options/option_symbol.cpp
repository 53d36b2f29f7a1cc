#include "options/option_symbol.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace sos::options {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

std::string ddmmmyy(time::Date d) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", d.day);
    std::string out(buf);
    out.append(kMonths[static_cast<std::size_t>(d.month - 1)]);
    std::snprintf(buf, sizeof buf, "%02d", d.year % 100);
    return out + buf;
}

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::string format_option_symbol(std::string_view underlying, time::Date expiry, double strike, bool call) {
    std::string out(underlying);
    out += ddmmmyy(expiry);
    // Whole strikes are written without a decimal; fractional ones keep it (292.5).
    if (strike == std::floor(strike)) {
        out += std::to_string(static_cast<long long>(strike));
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", strike);
        out += buf;
    }
    out += call ? "CE" : "PE";
    return out;
}

std::string format_future_symbol(std::string_view underlying, time::Date expiry) {
    return std::string(underlying) + ddmmmyy(expiry) + "FUT";
}

std::string format_expiry_code(time::Date expiry) {
    return ddmmmyy(expiry);
}

std::optional<time::Date> parse_expiry_code(std::string_view text) {
    std::string t;
    for (char c : text)
        if (c != '-') t.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
    if (t.size() != 7 || (text.size() != 7 && (text.size() != 9 || text[2] != '-' || text[6] != '-')))
        return std::nullopt;
    std::string_view dd = std::string_view(t).substr(0, 2), mon = std::string_view(t).substr(2, 3),
                     yy = std::string_view(t).substr(5, 2);
    int month = 0;
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (mon == kMonths[i]) month = static_cast<int>(i) + 1;
    if (!month || !digits(dd) || !digits(yy)) return std::nullopt;
    time::Date d{2000 + (yy[0] - '0') * 10 + (yy[1] - '0'), month, (dd[0] - '0') * 10 + (dd[1] - '0')};
    if (!time::parse_date(time::format_date(d))) return std::nullopt;
    return d;
}

std::optional<OptionSymbol> parse_option_symbol(std::string_view s) {
    if (s.size() < 11) return std::nullopt;
    std::string_view tail = s.substr(s.size() - 2);
    if (tail != "CE" && tail != "PE") return std::nullopt;
    std::string_view rest = s.substr(0, s.size() - 2);
    // The base may contain digits: find the DDMMMYY block from the right.
    for (std::size_t m = rest.size(); m-- > 2;) {
        std::string_view mon = rest.substr(m, 3);
        int month = 0;
        for (std::size_t i = 0; i < kMonths.size(); ++i)
            if (mon == kMonths[i]) month = static_cast<int>(i) + 1;
        if (!month || m < 2 || m + 5 > rest.size()) continue;
        std::string_view dd = rest.substr(m - 2, 2), yy = rest.substr(m + 3, 2), strike = rest.substr(m + 5);
        if (!digits(dd) || !digits(yy) || strike.empty() || m - 2 == 0) continue;
        double k = 0;
        auto r = std::from_chars(strike.data(), strike.data() + strike.size(), k);
        if (r.ec != std::errc{} || r.ptr != strike.data() + strike.size() || k <= 0) continue;
        OptionSymbol out;
        out.underlying = std::string(rest.substr(0, m - 2));
        out.expiry =
            time::Date{2000 + (yy[0] - '0') * 10 + (yy[1] - '0'), month, (dd[0] - '0') * 10 + (dd[1] - '0')};
        if (!time::parse_date(time::format_date(out.expiry))) return std::nullopt;
        out.strike = k;
        out.call = tail == "CE";
        return out;
    }
    return std::nullopt;
}

}  // namespace sos::options
