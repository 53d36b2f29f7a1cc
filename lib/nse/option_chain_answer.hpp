// NSE's public option-chain JSON, read into a typed result with no HTTP here: the caller
// passes the status code and the body. Two answers:
//
// - the chain (GET /api/option-chain-indices?symbol=NIFTY, /api/option-chain-equities?symbol=SBIN,
//   or /api/option-chain-v3?type=Indices&symbol=NIFTY&expiry=28-Aug-2025):
//     {"records":{"expiryDates":["28-Aug-2025",..],"timestamp":"22-Aug-2025 15:30:00",
//                 "underlyingValue":24870.1,"strikePrices":[..],
//                 "data":[{"strikePrice":24800,"expiryDate":"28-Aug-2025",
//                          "CE":{"openInterest":..,"changeinOpenInterest":..,"totalTradedVolume":..,
//                                "impliedVolatility":..,"lastPrice":..,"bidprice":..,"askPrice":..,
//                                "underlyingValue":..,..},
//                          "PE":{..}},..]},
//      "filtered":{"data":[..],"CE":{"totOI":..,"totVol":..},"PE":{..}}}
//   (v3 rows may carry "expiryDates" for "expiryDate", legs "buyPrice1"/"sellPrice1");
// - the expiries (GET /api/option-chain-contract-info?symbol=NIFTY): {"expiryDates":[..],..}.
//
// NSE answers an empty object ({}), 401 or 403 when the session's cookies have expired (its
// edge refuses API calls without the cookies its pages set): that is its own error kind, so the
// session knows to fetch cookies again. Every body gives a value or one typed error, never a
// crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/market.hpp"
#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::nse {

enum class NseErrorKind : std::uint8_t {
    SessionExpired,  // {} or 401/403: fetch the cookies again
    RateLimited,     // 429
    ServerFault,     // 5xx
    Malformed,       // not the answer (not JSON, a field unreadable)
    Other,           // another status
};

struct NseError {
    NseErrorKind kind = NseErrorKind::Malformed;
    int http_status = 0;
    std::string message;
    std::string describe() const;  // "HTTP 403 (session expired): ..."
};

template <class T>
struct NseResult {
    std::optional<T> value;
    NseError error;
    bool ok() const { return value.has_value(); }
};

struct NseLeg {
    event::OptNum oi, oi_change, volume, ltp, bid, ask;
    event::OptNum iv_percent;  // NSE's impliedVolatility, in percent (0: not computed)
};

struct NseRow {
    double strike = 0;
    time::Date expiry;
    std::optional<NseLeg> ce, pe;
};

struct NseChain {
    std::string underlying;                        // the legs' "underlying" (NIFTY), when they carry it
    std::vector<time::Date> expiries;              // records.expiryDates, as listed
    std::optional<time::Timestamp> as_of;          // records.timestamp: NSE's snapshot time (IST)
    event::OptNum underlying_value;                // records.underlyingValue (else the legs')
    std::vector<NseRow> rows;                      // records.data, the rows that could be read
    std::vector<std::string> bad_rows;             // "records.data[3]: no expiry date": left out
    event::OptNum filtered_ce_oi, filtered_pe_oi;  // filtered.CE/PE.totOI: the nearest expiry's totals
};

NseResult<NseChain> parse_option_chain(int http_status, std::string_view body);

// /api/option-chain-contract-info: the expiries, ascending.
NseResult<std::vector<time::Date>> parse_contract_info(int http_status, std::string_view body);

// NSE's dates: "28-Aug-2025" (any case); with a time, "22-Aug-2025 15:30:00" in IST.
std::optional<time::Date> parse_nse_date(std::string_view text);
std::optional<time::Timestamp> parse_nse_time(std::string_view text);
std::string format_nse_date(time::Date d);  // 28-Aug-2025

}  // namespace sos::nse
