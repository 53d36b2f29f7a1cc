#include "feed/live/yahoo_tier.hpp"

#include <algorithm>

#include "feed/wall_clock.hpp"
#include "yahoo/chart_answer.hpp"
#include "yahoo/chart_candles.hpp"
#include "yahoo/yahoo_names.hpp"

namespace sos::feed::live {

namespace {

net::HttpOptions http_options(const YahooTierOptions& o) {
    net::HttpOptions h;
    h.base_url = o.base_url;
    h.max_in_flight = 64;
    h.max_connections_per_host = 4;
    h.accept_compressed = true;
    return h;
}

// Whether a failed answer says the tier is failing rather than that one symbol is unknown.
sos::live::BackoffPolicy backoff_policy(double every_s) {
    return {every_s, std::max(120.0, every_s), 0.5, 3 * every_s};
}

bool tier_fault(yahoo::ChartErrorKind k) {
    return k != yahoo::ChartErrorKind::NotFound && k != yahoo::ChartErrorKind::Refused;
}

}  // namespace

YahooTier::YahooTier(YahooTierOptions options, const std::vector<openalgo::Instrument>& instruments,
                     const time::Calendar& calendar)
    : opts_(std::move(options)),
      calendar_(calendar),
      http_(http_options(opts_)),
      backoff_(backoff_policy(opts_.every_s), opts_.seed) {
    const auto table = yahoo::YahooNames::from_option(opts_.names_file);
    for (const auto& i : instruments) {
        auto name = table.lookup(i.symbol, i.exchange);
        if (!name.name) {
            refusals_.push_back(name.refusal);
            continue;
        }
        instruments_.push_back(i);
        names_.push_back(*name.name);
        said_.emplace_back();
    }
}

std::optional<time::Timestamp> YahooTier::next_round() const {
    if (!polling_ || !asked_.empty()) return std::nullopt;
    return next_;
}

void YahooTier::poll(time::Timestamp now) {
    if (!polling_ || !asked_.empty() || now < next_ || instruments_.empty()) return;
    round_failed_ = false;
    for (std::size_t i = 0; i < instruments_.size(); ++i) {
        yahoo::ChartRequest cr{names_[i], time::kOneMinute, "1d", {}, {}};
        auto url = yahoo::chart_request("", cr, now);
        if (!url.request) continue;                    // 1m over one day is always a request Yahoo takes
        const std::string& target = url.request->url;  // "/v8/finance/chart/%5ENSEI?interval=1m&..."
        const auto q = target.find('?');
        net::HttpRequest req;
        req.method = net::HttpMethod::Get;
        req.path = target.substr(0, q);
        if (q != std::string::npos) req.query = target.substr(q + 1);
        req.headers = std::move(url.request->headers);
        req.idempotent = true;
        req.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opts_.timeout_s * 1000));
        if (auto id = http_.submit(std::move(req))) asked_.emplace_back(*id, i);
    }
    next_ = time::Timestamp{now.ns + ns_of(opts_.every_s)};
    if (!asked_.empty()) ++rounds_;
}

void YahooTier::round_done(time::Timestamp now) {
    if (!round_failed_) {
        if (!answering_) backoff_.connected(now);  // the healthy period counts from the first
        answering_ = true;
        return;
    }
    answering_ = false;
    ++failures_;
    next_ = time::Timestamp{std::max(next_.ns, now.ns + ns_of(backoff_.next_delay(now)))};
}

YahooAnswer YahooTier::answer_of(std::size_t instrument, const net::HttpResult& r,
                                 time::Timestamp exchange_now) {
    YahooAnswer a;
    a.instrument = instrument;
    const openalgo::Instrument& inst = instruments_[instrument];
    if (r.outcome != net::HttpOutcome::Answered) {
        a.tier_fault = true;
        a.error = r.error;
        return a;
    }
    auto chart = yahoo::parse_chart(r.status, r.body);
    if (!chart.ok()) {
        a.tier_fault = tier_fault(chart.error.kind);
        a.error =
            inst.exchange + ":" + inst.symbol + " (" + names_[instrument] + "): " + chart.error.describe();
        if (!a.tier_fault) a.said_before = !said_[instrument].insert(a.error).second;
        return a;
    }
    if (chart.value->rows.empty() && calendar_.session_at(exchange_now)) {
        a.tier_fault = true;
        a.error = inst.exchange + ":" + inst.symbol + " (" + names_[instrument] +
                  "): Yahoo answered a chart without a bar in session hours";
        return a;
    }
    a.ok = true;
    a.empty = chart.value->rows.empty();
    const auto& meta = chart.value->meta;
    if (!meta.regular_market_time) {
        std::string n = names_[instrument] + ": Yahoo gave no regularMarketTime: its bars are not used";
        if (said_[instrument].insert(n).second) a.notes.push_back(std::move(n));
        return a;
    }
    // Bars are closed as far as Yahoo has seen the market: to its last trade, not this
    // machine's clock (a delayed source's forming bar is not over because the wall clock says so).
    const time::Timestamp asked_at{meta.regular_market_time->ns + ns_of(opts_.settle_s)};
    yahoo::ChartSeries series{inst.symbol, inst.exchange, "yahoo", time::kOneMinute, false};
    yahoo::ChartOptions co{opts_.settle_s,
                           false};  // a minute without a trade: LiveCandles writes its gap bar
    auto conv = yahoo::chart_to_candles(*chart.value, series, calendar_, asked_at, co, a.minutes);
    if (!conv.refusal.empty()) {
        a.ok = false;
        a.tier_fault = true;
        a.error = names_[instrument] + ": " + conv.refusal;
        a.minutes.clear();
        return a;
    }
    for (auto& bad : conv.bad_rows) {
        std::string n = names_[instrument] + ": " + bad + ": left out";
        if (said_[instrument].insert(n).second) a.notes.push_back(std::move(n));
    }
    a.covered_to = meta.regular_market_time;
    if (!covered_to_ || *a.covered_to > *covered_to_) covered_to_ = a.covered_to;
    return a;
}

}  // namespace sos::feed::live
