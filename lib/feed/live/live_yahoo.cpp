// The Yahoo tier in the feed: polled only while it is wanted (it is the active tier, or no
// tier is active and every WebSocket tier above it has been tried and lost), its health told
// to the selector like any tier's, and its bars handed to LiveCandles only while it is the
// active tier. While it is, the held bars are taken from its minutes, not asked of an
// OpenAlgo instance's /history (there is none answering, or it would be the active tier).
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "diag/log.hpp"
#include "feed/live/live_source.hpp"

namespace sos::feed::live {

std::optional<std::size_t> LiveSource::yahoo_index() const {
    if (!yahoo_) return std::nullopt;
    return tiers_.size() + (poll_ ? 1 : 0);
}

bool LiveSource::yahoo_active() const {
    return yahoo_ && selector_.active() == yahoo_index();
}

void LiveSource::service_yahoo(time::Timestamp now) {
    if (!yahoo_) return;
    const std::size_t tier = *yahoo_index();
    bool want = selector_.active() == tier;
    if (!selector_.active()) {
        want = true;
        for (std::size_t i = 0; i < tiers_.size(); ++i) {
            const auto s = selector_.state(i);
            if (s == sos::live::TierState::Connecting || s == sos::live::TierState::Up) want = false;
        }
    }
    yahoo_->want(want);
    yahoo_->poll(now);
    yahoo_->drain(now, candles_.exchange_now(now), [&](YahooAnswer&& a) { take_yahoo(a, now); });
}

void LiveSource::take_yahoo(YahooAnswer& a, time::Timestamp now) {
    const std::size_t tier = *yahoo_index();
    for (const auto& n : a.notes)
        note("yahoo", n);
    if (!a.ok) {
        if (!a.tier_fault) {
            if (!a.said_before) note("yahoo", a.error);
            return;
        }
        if (selector_.state(tier) != sos::live::TierState::Down) note("yahoo", a.error);
        selector_.down(tier, sos::live::TierReason::ServerError, a.error, now, tier_events_);
        take_tier_events(now);
        return;
    }
    if (selector_.state(tier) != sos::live::TierState::Up) {
        selector_.up(tier, now, tier_events_);
        take_tier_events(now);
    }
    if (selector_.active() != tier || !a.covered_to) return;
    const openalgo::Instrument& inst = yahoo_->instruments()[a.instrument];
    candles_.take_bars(inst.symbol, inst.exchange, a.minutes, *a.covered_to, now);
}

void LiveSource::yahoo_health(nlohmann::json& sources, time::Timestamp now) const {
    if (!yahoo_) return;
    const std::size_t i = *yahoo_index();
    nlohmann::json delay = nullptr;
    if (auto c = yahoo_->covered_to())
        delay = std::round(static_cast<double>(candles_.exchange_now(now).ns - c->ns) / 1e8) / 10;
    sources.push_back({{"name", selector_.name(i)},
                       {"state", sos::live::state_text(selector_.state(i))},
                       {"connection", yahoo_->polling() ? "polling" : "idle"},
                       {"polls", yahoo_->rounds()},
                       {"failures", yahoo_->failures()},
                       {"delay_s", std::move(delay)}});
}

}  // namespace sos::feed::live
