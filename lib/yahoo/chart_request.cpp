#include "yahoo/chart_request.hpp"

#include <array>

namespace sos::yahoo {

namespace {

constexpr std::int64_t kDay = 86400;

struct IntervalLimits {
    int seconds;
    std::string_view name;
    std::int64_t lookback_days;  // 0: no limit
    std::int64_t max_span_days;  // 0: no limit
};

// Yahoo's limits, as its 422 answers state them ("1m data not available for startTime=...
// The requested range must be within the last 30 days", "Only 7 days worth of 1m granularity
// data are allowed to be fetched per request").
constexpr std::array<IntervalLimits, 8> kIntervals{{
    {60, "1m", 30, 7},
    {120, "2m", 60, 0},
    {300, "5m", 60, 0},
    {900, "15m", 60, 0},
    {1800, "30m", 60, 0},
    {3600, "60m", 730, 0},
    {5400, "90m", 60, 0},
    {86400, "1d", 0, 0},
}};

const IntervalLimits* limits_of(time::Timeframe tf) {
    for (const auto& l : kIntervals)
        if (l.seconds == tf.seconds) return &l;
    return nullptr;
}

// Yahoo's ranges and how many days each reaches back (ytd and max: as far as they go).
std::optional<std::int64_t> range_days(std::string_view r) {
    static constexpr std::pair<std::string_view, std::int64_t> kRanges[] = {
        {"1d", 1},   {"5d", 5},    {"1mo", 31},   {"3mo", 92},  {"6mo", 183},    {"1y", 366},
        {"2y", 731}, {"5y", 1827}, {"10y", 3653}, {"ytd", 366}, {"max", 100000},
    };
    for (const auto& [name, days] : kRanges)
        if (name == r) return days;
    return std::nullopt;
}

std::string words_of(const IntervalLimits& l) {
    std::string s = std::string(l.name) + " bars reach back " + std::to_string(l.lookback_days) + " days";
    if (l.max_span_days) s += ", at most " + std::to_string(l.max_span_days) + " days a request";
    return s;
}

}  // namespace

std::optional<std::string_view> interval_of(time::Timeframe tf) {
    if (const auto* l = limits_of(tf)) return l->name;
    return std::nullopt;
}

std::string url_encode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

ChartUrl chart_request(std::string_view base, const ChartRequest& r, time::Timestamp now) {
    ChartUrl out;
    const IntervalLimits* lim = limits_of(r.tf);
    if (!lim) {
        out.refusal = "Yahoo Finance has no " + time::to_string(r.tf) +
                      " bars (it offers 1m 2m 5m 15m 30m 60m 90m 1d): ask for 1m and resample";
        return out;
    }
    if (r.yahoo_name.empty()) {
        out.refusal = "no Yahoo Finance name to ask for";
        return out;
    }
    std::string query = "interval=" + std::string(lim->name);
    if (!r.range.empty()) {
        auto days = range_days(r.range);
        if (!days) {
            out.refusal = "range '" + std::string(r.range) +
                          "' is not Yahoo's (1d 5d 1mo 3mo 6mo 1y 2y 5y 10y ytd max)";
            return out;
        }
        if ((lim->lookback_days && *days > lim->lookback_days) ||
            (lim->max_span_days && *days > lim->max_span_days)) {
            out.refusal = "range " + std::string(r.range) + " is too long: " + words_of(*lim);
            return out;
        }
        if (r.from || r.to) {
            out.refusal = "ask for a range or a period, not both";
            return out;
        }
        query += "&range=" + std::string(r.range);
    } else {
        if (!r.from || !r.to || *r.to <= *r.from) {
            out.refusal = "a period needs a start before its end";
            return out;
        }
        std::int64_t from = r.from->whole_seconds(), to = r.to->whole_seconds();
        if (lim->lookback_days && from < now.whole_seconds() - lim->lookback_days * kDay) {
            out.refusal = "the period starts too far back: " + words_of(*lim);
            return out;
        }
        if (lim->max_span_days && to - from > lim->max_span_days * kDay) {
            out.refusal = "the period is too long: " + words_of(*lim);
            return out;
        }
        query += "&period1=" + std::to_string(from) + "&period2=" + std::to_string(to);
    }
    query += "&includePrePost=false";
    HttpRequest& req = out.request.emplace();
    req.url = std::string(base) + "/v8/finance/chart/" + url_encode(r.yahoo_name) + "?" + query;
    // Yahoo answers 429 to clients that do not look like a browser.
    req.headers = {
        {"User-Agent",
         "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/124.0 Safari/537.36"},
        {"Accept", "application/json"},
    };
    return out;
}

}  // namespace sos::yahoo
