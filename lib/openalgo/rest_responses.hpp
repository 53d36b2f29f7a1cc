// OpenAlgo's answers from the market-data endpoints, read into typed results: no HTTP here,
// the caller passes the status code and the body. Numbers are read leniently (OpenAlgo writes
// some as strings). Errors are one type whatever the endpoint, though their bodies differ:
// {"status":"error","message":"..."} mostly, a validation dict as the message (/history), a
// "Validation error" message with an "errors" dict (/optionchain), "retry_after" on 429
// (there is no Retry-After header), and bodies that are not JSON at all from a proxy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/market.hpp"
#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::openalgo {

enum class RestErrorKind : std::uint8_t {
    BadRequest,    // 400: a schema or validation failure (a bug in sos, or a symbol OpenAlgo refuses)
    Unauthorized,  // 401: no API key
    Forbidden,     // 403: invalid API key, or the broker session is missing or revoked
    NotFound,      // 404: broker module, symbol or option not found
    RateLimited,   // 429: wait retry_after seconds
    ServerFault,   // 5xx
    Rejected,      // another status passed through from the broker, or 200 with status "error"
    Malformed,     // the body is not the endpoint's answer (not JSON, a field missing or unreadable)
};

struct RestError {
    RestErrorKind kind = RestErrorKind::Malformed;
    int http_status = 0;
    std::string message;                  // OpenAlgo's own words (a dict is kept as compact JSON)
    std::optional<double> retry_after_s;  // on 429
    // "HTTP 429 (rate limited): Rate limit exceeded...; retry after 60 s"
    std::string describe() const;
};

// The answer, or why there is none.
template <class T>
struct RestResult {
    std::optional<T> value;
    RestError error;
    bool ok() const { return value.has_value(); }
};

// /history: one row per bar, oldest first, timestamp the bar's open (epoch seconds).
struct HistoryRow {
    time::Timestamp t;
    double o = 0, h = 0, l = 0, c = 0, v = 0;
    event::OptNum oi;
};
struct HistoryAnswer {
    std::vector<HistoryRow> rows;
    // Rows left out, each with its reason ("data[3]: h < l"): the others are kept.
    std::vector<std::string> bad_rows;
};
RestResult<HistoryAnswer> parse_history(int http_status, std::string_view body);

// /quotes and each /multiquotes item.
struct Quote {
    event::OptNum open, high, low, ltp, prev_close, bid, ask, oi, volume;
};
RestResult<Quote> parse_quotes(int http_status, std::string_view body);

struct QuoteItem {
    std::string symbol;
    std::string exchange;
    std::optional<Quote> quote;  // absent when the item failed
    std::string error;           // the item's own error
};
RestResult<std::vector<QuoteItem>> parse_multiquotes(int http_status, std::string_view body);

// /expiry: dates, ascending (from "DD-MMM-YY").
RestResult<std::vector<time::Date>> parse_expiry(int http_status, std::string_view body);

// /intervals: what the broker behind the instance really serves, by unit.
struct Intervals {
    std::vector<std::string> seconds, minutes, hours, days, weeks, months;
    bool offers(std::string_view interval) const;
};
RestResult<Intervals> parse_intervals(int http_status, std::string_view body);

// /optionchain.
struct ChainLeg {
    std::string symbol;
    std::string label;  // ATM, ITM2, OTM1
    event::OptNum ltp, bid, ask, volume, oi, lotsize;
    event::OptNum iv_percent;  // implied_volatility, in percent (with_greeks)
    event::OptNum delta;
};
struct ChainStrike {
    double strike = 0;
    std::optional<ChainLeg> ce, pe;
};
struct OptionChainAnswer {
    std::string underlying;
    event::OptNum underlying_ltp;
    event::OptNum atm_strike;
    std::optional<time::Date> expiry;  // from expiry_date, DDMMMYY
    std::vector<ChainStrike> chain;
};
RestResult<OptionChainAnswer> parse_optionchain(int http_status, std::string_view body);

}  // namespace sos::openalgo
