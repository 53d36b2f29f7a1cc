// The JSON bodies sos sends to OpenAlgo's market-data endpoints (shared/reference/openalgo.md
// §1.5, §1.6, §1.7). Each carries exactly the documented fields and nothing else: OpenAlgo's
// marshmallow schemas refuse an unknown field with 400. The API key is a parameter (it goes in
// the body as "apikey", never in a header) and is written nowhere else.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "openalgo/frames.hpp"
#include "time/civil.hpp"

namespace sos::openalgo {

// Paths under the instance's REST base URL.
inline constexpr std::string_view kHistoryPath = "/api/v1/history";
inline constexpr std::string_view kQuotesPath = "/api/v1/quotes";
inline constexpr std::string_view kMultiQuotesPath = "/api/v1/multiquotes";
inline constexpr std::string_view kExpiryPath = "/api/v1/expiry";
inline constexpr std::string_view kOptionChainPath = "/api/v1/optionchain";
inline constexpr std::string_view kIntervalsPath = "/api/v1/intervals";

struct HistoryRequest {
    std::string_view symbol;
    std::string_view exchange;
    std::string_view interval;  // "1m", "5m", "D": one of what /intervals lists
    time::Date start_date;      // both inclusive, sent as YYYY-MM-DD
    time::Date end_date;
    std::string_view source;  // "api" (the broker) or "db"; empty: not sent (OpenAlgo's default, api)
};
std::string encode_history(std::string_view api_key, const HistoryRequest& r);

std::string encode_quotes(std::string_view api_key, std::string_view symbol, std::string_view exchange);
// At least one instrument; OpenAlgo counts the call once against its 50/s limit.
std::string encode_multiquotes(std::string_view api_key, std::span<const Instrument> instruments);

enum class InstrumentType : std::uint8_t { Options, Futures };
// symbol: the underlying (NIFTY); exchange: an F&O exchange (NFO, BFO).
std::string encode_expiry(std::string_view api_key, std::string_view symbol, std::string_view exchange,
                          InstrumentType type);

struct OptionChainRequest {
    std::string_view underlying;      // NIFTY
    std::string_view exchange;        // the underlying's: NSE_INDEX
    time::Date expiry;                // sent as DDMMMYY (required by OpenAlgo)
    std::optional<int> strike_count;  // 1..100 each side of ATM; absent: the whole chain
    std::optional<bool> with_greeks;
    std::optional<double> interest_rate;  // percent, 0..100
};
std::string encode_optionchain(std::string_view api_key, const OptionChainRequest& r);

std::string encode_intervals(std::string_view api_key);

}  // namespace sos::openalgo
