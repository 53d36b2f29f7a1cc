#include "instrument/symbology.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>

namespace sos::instrument {

namespace {

using vocab::InstrumentKind;

bool digit(char c) {
    return c >= '0' && c <= '9';
}

bool upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// Symbols write the month in capitals (NOV); "Nov" inside a symbol is part of a name.
int month_at(std::string_view s, std::size_t p) {
    if (p + 3 > s.size() || !upper(s[p]) || !upper(s[p + 1]) || !upper(s[p + 2])) return 0;
    return time::month_from_abbrev(s.substr(p, 3));
}

// An underlying as exchanges name them: capitals, digits and the & - _ of M&M, BAJAJ-AUTO.
bool base_of_derivative(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!upper(c) && !digit(c) && c != '&' && c != '-' && c != '_') return false;
    return true;
}

// The date written as DDMMMYY at s[p, p+7), when it is one that exists.
std::optional<time::Date> expiry_at(std::string_view s, std::size_t p) {
    if (p + 7 > s.size() || !digit(s[p]) || !digit(s[p + 1]) || !digit(s[p + 5]) || !digit(s[p + 6]))
        return std::nullopt;
    const int month = month_at(s, p + 2);
    if (!month) return std::nullopt;
    const time::Date d{2000 + (s[p + 5] - '0') * 10 + (s[p + 6] - '0'), month,
                       (s[p] - '0') * 10 + (s[p + 1] - '0')};
    if (d.day < 1 || time::civil_from_days(time::days_from_civil(d)) != d) return std::nullopt;
    return d;
}

// A strike as OpenAlgo writes it: digits, optionally one '.' followed by digits; above zero.
std::optional<double> strike_of(std::string_view s) {
    if (s.empty() || !digit(s.front()) || !digit(s.back())) return std::nullopt;
    int dots = 0;
    for (char c : s)
        if (c == '.')
            ++dots;
        else if (!digit(c))
            return std::nullopt;
    if (dots > 1) return std::nullopt;
    double k = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), k);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size() || !(k > 0)) return std::nullopt;
    return k;
}

std::string ddmmmyy(time::Date d) {
    return fmt::format("{:02}{}{:02}", d.day, time::month_abbrev(d.month), d.year % 100);
}

}  // namespace

SymbolParts parse_symbol(std::string_view s) {
    SymbolParts out;
    out.underlying = s;
    // The shortest derivative has a one-letter base: B + DDMMMYY + FUT, or + a digit + CE.
    if (s.size() < 11) return out;
    if (s.ends_with("FUT")) {
        const std::size_t p = s.size() - 10;
        if (auto d = expiry_at(s, p); d && base_of_derivative(s.substr(0, p))) {
            out.kind = InstrumentKind::Future;
            out.underlying = s.substr(0, p);
            out.expiry = *d;
        }
        return out;
    }
    const bool call = s.ends_with("CE");
    if (!call && !s.ends_with("PE")) return out;
    const std::string_view rest = s.substr(0, s.size() - 2);  // BASE DDMMMYY STRIKE
    // Every month position from the right: the strike is what follows the first date found.
    for (std::size_t m = rest.size(); m-- > 3;) {
        if (!month_at(rest, m)) continue;
        const std::size_t p = m - 2;
        auto d = expiry_at(rest, p);
        if (!d) continue;
        auto k = strike_of(rest.substr(p + 7));
        if (!k || !base_of_derivative(rest.substr(0, p))) continue;
        out.kind = InstrumentKind::Option;
        out.underlying = rest.substr(0, p);
        out.expiry = *d;
        out.strike = *k;
        out.right = call ? vocab::OptionRight::Call : vocab::OptionRight::Put;
        return out;
    }
    return out;
}

std::optional<SymbolParts> parse_option(std::string_view symbol) {
    SymbolParts p = parse_symbol(symbol);
    if (p.kind != InstrumentKind::Option) return std::nullopt;
    return p;
}

std::string format_option(std::string_view underlying, time::Date expiry, double strike,
                          vocab::OptionRight right) {
    std::string out(underlying);
    out += ddmmmyy(expiry);
    if (strike == std::floor(strike))
        out += fmt::format("{}", static_cast<long long>(strike));
    else
        out += fmt::format("{}", strike);
    out += vocab::name(right);
    return out;
}

std::string format_future(std::string_view underlying, time::Date expiry) {
    return std::string(underlying) + ddmmmyy(expiry) + "FUT";
}

std::optional<time::Date> parse_expiry_code(std::string_view text) {
    // DD-MMM-YY: the same seven characters with dashes after the day and the month.
    std::string compact;
    if (text.size() == 9 && text[2] == '-' && text[6] == '-')
        compact =
            std::string(text.substr(0, 2)) + std::string(text.substr(3, 3)) + std::string(text.substr(7));
    else if (text.size() == 7)
        compact = std::string(text);
    else
        return std::nullopt;
    for (char& c : compact)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return expiry_at(compact, 0);
}

std::string format_expiry_code(time::Date expiry) {
    return ddmmmyy(expiry);
}

}  // namespace sos::instrument
