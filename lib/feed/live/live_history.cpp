// Bars ticks may have been missed in are taken from REST /history (1-minute bars of the day)
// once closed: asked of the active tier's instance (the primary's when none is active), its
// rows cut to the bars that had ended when asked, handed to LiveCandles. A failed request is
// said on stderr and asked again by LiveCandles' own retry time; requests stay within the
// instance's API budget, and a 429 holds them until its retry_after has passed.
#include <fmt/format.h>

#include "diag/log.hpp"
#include "feed/live/live_source.hpp"
#include "openalgo/rest_events.hpp"
#include "openalgo/rest_requests.hpp"

namespace sos::feed::live {

// The instance REST requests go to: the active tier's (the polling tier's current instance
// when it is the one active), the primary's when none is.
std::size_t LiveSource::history_tier() const {
    const auto active = selector_.active();
    if (!active) return 0;
    if (*active >= tiers_.size()) return poll_ ? poll_->instance() : 0;
    return *active;
}

void LiveSource::ask_history(time::Timestamp now) {
    // Nothing to ask without an instance; while Yahoo is the tier its minutes fill held bars.
    if (rest_.empty() || yahoo_active()) return;
    wants_.clear();
    candles_.history_due(now, wants_);
    for (const auto& w : wants_) {
        const std::size_t tier = history_tier();
        if (!limits_[tier].try_acquire(openalgo::kHistoryPath, ratelimit::Clock::now()).granted)
            continue;  // asked again at LiveCandles' next retry time
        openalgo::HistoryRequest r{w.symbol, w.exchange, "1m", w.date, w.date, {}};
        net::HttpRequest req;
        req.path = std::string(openalgo::kHistoryPath);
        req.body = openalgo::encode_history(cfg_.tiers[tier].key.reveal(), r);
        req.idempotent = true;
        req.timeout = std::chrono::milliseconds(15000);
        auto id = rest_[tier]->submit(std::move(req));
        if (!id) {
            note(cfg_.tiers[tier].name, "too many REST requests under way; /history asked again later");
            continue;
        }
        history_asks_[*id] = HistoryAsk{w.symbol, w.exchange, tier, candles_.exchange_now(now)};
    }
}

void LiveSource::take_history_answers(time::Timestamp now) {
    std::vector<event::Event> minutes;
    for (std::size_t tier = 0; tier < rest_.size(); ++tier) {
        rest_[tier]->drain([&](net::HttpResult&& r) {
            auto it = history_asks_.find(r.id);
            if (it == history_asks_.end()) return;
            HistoryAsk ask = std::move(it->second);
            history_asks_.erase(it);
            if (ask.what == HistoryAsk::What::Quotes) {
                take_quotes(ask, r, now);
                return;
            }
            if (ask.what != HistoryAsk::What::Bars) {
                take_chain_answer(ask, r, now);
                return;
            }
            const std::string& name = cfg_.tiers[tier].name;
            if (ask.warm && warm_pending_ > 0) --warm_pending_;
            if (r.outcome != net::HttpOutcome::Answered) {
                note(name, r.error);
                return;
            }
            auto answer = openalgo::parse_history(r.status, r.body);
            if (!answer.ok() && answer.error.retry_after_s) {
                const auto wait =
                    std::chrono::milliseconds(static_cast<std::int64_t>(*answer.error.retry_after_s * 1000));
                limits_[tier].retry_after(openalgo::kHistoryPath, ratelimit::Clock::now(), wait);
            }
            if (!answer.ok()) {
                note(name, fmt::format("/history for {}: {}", ask.symbol, answer.error.describe()));
                return;
            }
            for (const auto& bad : answer.value->bad_rows)
                note(name, fmt::format("/history for {}: row skipped: {}", ask.symbol, bad));
            if (ask.warm) {
                take_warm(ask, answer.value->rows);
                return;
            }
            minutes.clear();
            openalgo::CandleSeries series{ask.symbol, ask.exchange, rest_src_[tier], time::kOneMinute, false};
            openalgo::history_to_candles(answer.value->rows, series, calendar_, ask.closed_by, minutes);
            // The latest row, the bar still forming included, shows how far the instance is; a
            // row dated after the question was asked shows nothing.
            std::optional<time::Timestamp> latest;
            for (const auto& row : answer.value->rows)
                if (row.t <= ask.closed_by && (!latest || row.t > *latest)) latest = row.t;
            candles_.take_history(ask.symbol, minutes, now, latest);
        });
    }
}

}  // namespace sos::feed::live
