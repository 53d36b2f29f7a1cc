// Yahoo Finance's chart answer (GET /v8/finance/chart/<name>), read into a typed result with no
// HTTP here: the caller passes the status code and the body.
//
//   {"chart":{"result":[{"meta":{...},"timestamp":[t0,t1,...],
//                        "indicators":{"quote":[{"open":[..],"high":[..],"low":[..],
//                                                "close":[..],"volume":[..]}]}}],
//             "error":null}}
//
// The columns run parallel to `timestamp` (each bar's open, epoch seconds); a null in them is
// a bar without a trade. Errors come as {"chart":{"result":null,"error":{"code","description"}}}
// (404 unknown symbol, 400/422 a request Yahoo refuses), {"finance":{"error":...}} (401), or
// plain text (429 "Too Many Requests"). Every body gives a value or one typed error, never
// a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/market.hpp"
#include "time/timestamp.hpp"

namespace sos::yahoo {

enum class ChartErrorKind : std::uint8_t {
    NotFound,      // 404, or "Not Found": no such symbol (or delisted)
    Refused,       // 400, 422: the request asked for what Yahoo does not give (interval, span)
    Unauthorized,  // 401: Yahoo wants a cookie or crumb
    RateLimited,   // 429: too many requests; Yahoo says not for how long
    ServerFault,   // 5xx
    Malformed,     // the body is not a chart answer (not JSON, columns of different lengths, ...)
    Other,         // another status, or an error Yahoo names otherwise
};

struct ChartError {
    ChartErrorKind kind = ChartErrorKind::Malformed;
    int http_status = 0;
    std::string code;     // Yahoo's ("Not Found", "Unprocessable Entity"), when it gave one
    std::string message;  // Yahoo's description, or what is wrong with the body
    // "HTTP 404 (not found): No data found, symbol may be delisted"
    std::string describe() const;
};

struct TradingPeriod {
    time::Timestamp start, end;
};

// What sos reads of `meta`; the rest is skipped.
struct ChartMeta {
    std::string symbol;                                  // Yahoo's name, as asked
    std::string currency;                                // INR
    std::string instrument_type;                         // INDEX, EQUITY
    std::string exchange_timezone_name;                  // Asia/Kolkata
    std::string data_granularity;                        // the interval served: 1m
    std::optional<std::int64_t> gmtoffset_s;             // 19800
    std::optional<time::Timestamp> regular_market_time;  // the last trade Yahoo knows of
    event::OptNum regular_market_price;
    std::optional<int> price_hint;         // decimals prices are shown with (2)
    std::optional<TradingPeriod> regular;  // currentTradingPeriod.regular: today's session
};

// One bar as Yahoo gave it: every column may be null.
struct ChartRow {
    std::optional<time::Timestamp> t;
    event::OptNum o, h, l, c, v;
};

struct ChartAnswer {
    ChartMeta meta;
    std::vector<ChartRow> rows;  // in Yahoo's order (ascending time)
};

struct ChartResult {
    std::optional<ChartAnswer> value;
    ChartError error;
    bool ok() const { return value.has_value(); }
};

ChartResult parse_chart(int http_status, std::string_view body);

}  // namespace sos::yahoo
