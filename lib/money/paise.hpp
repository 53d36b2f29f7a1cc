// Money exact to the paisa. Every amount sos adds up (fills, fees, P&L) is an integer count
// of paise, never a sum of floating-point rupees: a year of trades must add up to the same
// figure as the broker's contract notes, to the paisa.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sos::money {

struct Paise {
    std::int64_t value = 0;

    // Rupees as the contract writes them (21700.05): rounded to the nearest paisa, halves away
    // from zero. Prices on NSE are whole multiples of 0.05, so this is exact for them.
    static Paise from_rupees(double rupees);
    // A price from the stream (a candle, a chain, a signal's level) in paise. A figure beyond
    // a trillion rupees is no real price: it is held there (NaN too), so the count of paise
    // cannot overflow.
    static Paise from_price(double rupees);
    static std::optional<Paise> parse(std::string_view decimal);  // "21700.05", "-3", "0.5"
    double rupees() const { return static_cast<double>(value) / 100.0; }
    std::string to_string() const;  // "21700.05", "-0.50"

    constexpr Paise operator+(Paise o) const { return {value + o.value}; }
    constexpr Paise operator-(Paise o) const { return {value - o.value}; }
    constexpr Paise operator-() const { return {-value}; }
    constexpr Paise operator*(std::int64_t n) const { return {value * n}; }
    Paise& operator+=(Paise o) {
        value += o.value;
        return *this;
    }
    Paise& operator-=(Paise o) {
        value -= o.value;
        return *this;
    }
    constexpr auto operator<=>(const Paise&) const = default;
};

// A rate exact in decimal: parts per 10^12 (0.03503% is 350'300'000). Charges are rates of
// turnover; a double could not hold 0.03503% exactly.
struct Rate {
    std::int64_t per_trillion = 0;

    static std::optional<Rate> parse(std::string_view decimal);  // "0.0003503", "0.18"
    // The charge on `amount`, rounded to the nearest paisa, halves up (contract-note practice).
    Paise of(Paise amount) const;
    bool zero() const { return per_trillion == 0; }
    std::string to_string() const;
};

}  // namespace sos::money
