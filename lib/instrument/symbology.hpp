// OpenAlgo symbology, read and written in this one place: BASE + DDMMMYY + STRIKE + CE|PE for
// an option (NIFTY28NOV2424000CE, VEDL25APR24292.5CE), BASE + DDMMMYY + FUT for a future
// (NIFTY28NOV24FUT), anything else a plain symbol (RELIANCE, NIFTY) that is its own
// underlying. The base may itself contain digits (NIFTYNXT50), so the DDMMMYY block is found
// from the right; a block that is not a real date (30FEB24), or a base that is not made of
// capitals, digits and & - _ (a blank, lower case, an exchange prefix), makes no derivative.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "time/civil.hpp"
#include "vocab/instrument_kind.hpp"

namespace sos::instrument {

struct SymbolParts {
    vocab::InstrumentKind kind = vocab::InstrumentKind::Plain;
    std::string_view underlying;  // inside the parsed symbol; the whole symbol when plain
    time::Date expiry;            // futures and options
    double strike = 0;            // options
    vocab::OptionRight right = vocab::OptionRight::Call;
};

// Never fails: a symbol that is not a well-formed option or future is a plain symbol. The
// parts view the symbol's own text: a temporary string is refused at compile time.
SymbolParts parse_symbol(std::string_view symbol);
template <class T>
requires std::is_same_v<T, std::string> SymbolParts parse_symbol(T&&)
= delete;
// An option's parts; nothing for a future or a plain symbol.
std::optional<SymbolParts> parse_option(std::string_view symbol);
template <class T>
requires std::is_same_v<T, std::string> std::optional<SymbolParts> parse_option(T&&)
= delete;

// The part before the expiry of an option or future; a plain symbol is its own underlying.
inline std::string_view underlying_of(std::string_view symbol) {
    return parse_symbol(symbol).underlying;
}
template <class T>
requires std::is_same_v<T, std::string> std::string_view underlying_of(T&&)
= delete;
inline vocab::InstrumentKind kind_of(std::string_view symbol) {
    return parse_symbol(symbol).kind;
}

// Whole strikes are written without a decimal, fractional ones in their shortest form (292.5).
std::string format_option(std::string_view underlying, time::Date expiry, double strike,
                          vocab::OptionRight right);
std::string format_future(std::string_view underlying, time::Date expiry);

// An expiry as OpenAlgo writes it: DDMMMYY in symbols and requests (28NOV24), DD-MMM-YY in
// /expiry and master-contract answers (28-NOV-24). Either is read, in any case; a date that
// does not exist (31FEB24) is none.
std::optional<time::Date> parse_expiry_code(std::string_view text);
std::string format_expiry_code(time::Date expiry);  // DDMMMYY

}  // namespace sos::instrument
