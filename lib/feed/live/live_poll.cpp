// The polling tier's requests and answers: /multiquotes for every instrument, the quotes fed
// to LiveCandles as samples (held for /history) on the exchange clock, and the tier's health
// (up once an answer came, down on a failure) reported to the selector like any other tier.
#include <fmt/format.h>

#include "feed/live/live_source.hpp"
#include "openalgo/rest_requests.hpp"

namespace sos::feed::live {

std::optional<std::size_t> LiveSource::poll_index() const {
    if (!poll_) return std::nullopt;
    return tiers_.size();
}

void LiveSource::poll_quotes(time::Timestamp now) {
    if (!poll_ || !poll_->due(now)) return;
    const std::size_t instance = poll_->instance();
    auto id =
        submit_rest(instance, openalgo::kMultiQuotesPath,
                    openalgo::encode_multiquotes(cfg_.tiers[instance].key.reveal(), poll_->instruments()));
    if (!id) return;  // over budget or held by a 429: the next pass asks
    poll_->sent(now);
    HistoryAsk ask{{}, {}, instance, candles_.exchange_now(now), std::nullopt, HistoryAsk::What::Quotes};
    history_asks_[*id] = std::move(ask);
}

void LiveSource::take_quotes(const HistoryAsk& ask, const net::HttpResult& r, time::Timestamp now) {
    const std::size_t tier = *poll_index();
    const std::string& name = cfg_.tiers[ask.tier].name;
    auto failed = [&](std::string why) {
        poll_->answered(false, tiers_.size());
        selector_.down(tier, sos::live::TierReason::ServerError, fmt::format("{}: {}", name, why), now,
                       tier_events_);
        take_tier_events(now);
    };
    if (r.outcome != net::HttpOutcome::Answered) return failed(r.error);
    auto items = openalgo::parse_multiquotes(r.status, r.body);
    if (!items.ok()) {
        if (items.error.retry_after_s)
            limits_[ask.tier].retry_after(
                openalgo::kMultiQuotesPath, ratelimit::Clock::now(),
                std::chrono::milliseconds(static_cast<std::int64_t>(*items.error.retry_after_s * 1000)));
        return failed("/multiquotes: " + items.error.describe());
    }
    poll_->answered(true, tiers_.size());
    if (selector_.state(tier) != sos::live::TierState::Up) {
        selector_.up(tier, now, tier_events_);
        take_tier_events(now);
    }
    if (selector_.active() != tier) return;
    const std::string src = "openalgo-rest:" + name;
    // Before any tick the exchange clock is this machine's.
    const time::Timestamp at = candles_.counts().ticks ? candles_.exchange_now(now) : now;
    for (const auto& item : *items.value) {
        if (!item.quote || !item.quote->ltp) {
            if (!item.error.empty()) note(name, fmt::format("/multiquotes {}: {}", item.symbol, item.error));
            continue;
        }
        sos::live::LiveTickIn in;
        in.symbol = item.symbol;
        in.exchange = item.exchange;
        in.src = src;
        in.ltt = at;
        in.ltp = *item.quote->ltp;
        in.volume = item.quote->volume;
        in.oi = item.quote->oi;
        in.sampled = true;
        candles_.add_tick(in, now);
    }
}

}  // namespace sos::feed::live
