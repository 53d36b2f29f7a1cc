// OpenAlgo's option and future symbols: BASE + DDMMMYY + STRIKE + CE|PE (NIFTY28NOV2424000CE,
// VEDL25APR24292.5CE) and BASE + DDMMMYY + FUT. The strike has no padding; a fractional
// strike keeps its decimal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "time/civil.hpp"

namespace sos::options {

struct OptionSymbol {
    std::string underlying;
    time::Date expiry;
    double strike = 0;
    bool call = true;
};

std::optional<OptionSymbol> parse_option_symbol(std::string_view symbol);
std::string format_option_symbol(std::string_view underlying, time::Date expiry, double strike, bool call);
std::string format_future_symbol(std::string_view underlying, time::Date expiry);

// An expiry as OpenAlgo writes it: DDMMMYY in symbols and requests (28NOV24), DD-MMM-YY in
// /expiry and master-contract answers (28-NOV-24). Either is read, in any case.
std::optional<time::Date> parse_expiry_code(std::string_view text);
std::string format_expiry_code(time::Date expiry);  // DDMMMYY

}  // namespace sos::options
