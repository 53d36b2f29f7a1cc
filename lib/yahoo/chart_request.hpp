// What sos asks Yahoo Finance's chart endpoint (GET /v8/finance/chart/<name>) for: the URL and
// the headers of one request. The interval is sos's timeframe in Yahoo's words; the span is a
// `range` ("1d") or a period [from, to). Requests Yahoo would refuse are refused here first,
// with Yahoo's own limits in the words: 1-minute bars only for the last 30 days and at most 7
// days a request, 2- to 90-minute bars for the last 60 days, hourly bars for the last 730.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "time/timeframe.hpp"
#include "time/timestamp.hpp"

namespace sos::yahoo {

inline constexpr std::string_view kDefaultBase = "https://query1.finance.yahoo.com";

// Yahoo's interval for a timeframe: 1m 2m 5m 15m 30m 60m 90m 1d. Others (3m, 10m, 2h) are not
// offered: ask for 1m and resample.
std::optional<std::string_view> interval_of(time::Timeframe tf);

struct ChartRequest {
    std::string_view yahoo_name;  // ^NSEI, SBIN.NS (YahooNames)
    time::Timeframe tf = time::kOneMinute;
    std::string_view range;  // 1d 5d 1mo 3mo 6mo 1y 2y 5y 10y ytd max; or empty and a period:
    std::optional<time::Timestamp> from, to;  // [from, to), whole seconds
};

struct HttpRequest {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
};

struct ChartUrl {
    std::optional<HttpRequest> request;
    std::string refusal;  // why not, when there is no request
};

// `base`: scheme and host (kDefaultBase, or a test server's http://127.0.0.1:PORT); `now`
// (the wall clock) is what Yahoo's look-back limits count from.
ChartUrl chart_request(std::string_view base, const ChartRequest& r, time::Timestamp now);

// Percent-encodes all but RFC 3986's unreserved characters (^NSEI -> %5ENSEI).
std::string url_encode(std::string_view s);

}  // namespace sos::yahoo
