#include "live/tier_selector.hpp"

namespace sos::live {

std::string_view state_text(TierState s) {
    switch (s) {
        case TierState::Connecting:
            return "connecting";
        case TierState::Up:
            return "up";
        case TierState::Stalled:
            return "stalled";
        case TierState::Down:
            return "down";
    }
    return "unknown";
}

std::string_view reason_text(TierReason r) {
    switch (r) {
        case TierReason::Connected:
            return "connected";
        case TierReason::Reconnected:
            return "reconnected";
        case TierReason::Disconnected:
            return "disconnected";
        case TierReason::ConnectFailed:
            return "connect failed";
        case TierReason::AuthFailed:
            return "authentication failed";
        case TierReason::ServerError:
            return "server error";
        case TierReason::Stalled:
            return "stalled";
        case TierReason::Failback:
            return "failback";
    }
    return "unknown";
}

AlertWords alert_words(TierEventKind kind) {
    switch (kind) {
        case TierEventKind::Up:
            return {"FEED_RECOVERED", "info"};
        case TierEventKind::Down:
            return {"FEED_DOWN", "warn"};
        case TierEventKind::Stalled:
            return {"FEED_STALE", "warn"};
        case TierEventKind::Failover:
            return {"FEED_FAILOVER", "warn"};
        case TierEventKind::Failback:
            return {"FEED_RECOVERED", "info"};
        case TierEventKind::NoTierLeft:
            return {"FEED_DOWN", "crit"};
        case TierEventKind::Activated:
            return {"FEED_RECOVERED", "info"};
    }
    return {"FEED_DOWN", "warn"};
}

TierSelector::TierSelector(std::vector<std::string> names, double failback_after_s, LastTier last)
    : failback_ns_(static_cast<std::int64_t>(failback_after_s * 1e9)), last_(last) {
    for (auto& n : names)
        tiers_.push_back(Tier{std::move(n)});
}

std::optional<std::size_t> TierSelector::best_up() const {
    for (std::size_t i = 0; i < tiers_.size(); ++i)
        if (tiers_[i].state == TierState::Up) return i;
    return std::nullopt;
}

void TierSelector::up(std::size_t tier, time::Timestamp now, std::vector<TierEvent>& out) {
    Tier& t = tiers_[tier];
    if (t.state == TierState::Up) return;
    TierReason why = t.ever_up ? TierReason::Reconnected : TierReason::Connected;
    t.state = TierState::Up;
    t.up_since = now;
    t.ever_up = true;
    out.push_back(TierEvent{TierEventKind::Up, tier, std::nullopt, why, now, {}});
    if (!active_) {
        active_ = tier;
        none_left_said_ = false;
        ++switches_;
        out.push_back(TierEvent{TierEventKind::Activated, tier, std::nullopt, why, now, {}});
    }
}

bool TierSelector::any_may_still_come_up() const {
    const std::size_t tried =
        last_ == LastTier::OnDemand && !tiers_.empty() ? tiers_.size() - 1 : tiers_.size();
    for (std::size_t i = 0; i < tried; ++i)
        if (tiers_[i].state == TierState::Connecting || tiers_[i].state == TierState::Up) return true;
    return false;
}

void TierSelector::lose(std::size_t tier, TierReason why, time::Timestamp now, std::vector<TierEvent>& out) {
    if (!active_) {
        // Nothing was active (the start, or after an outage): every tier failing is the outage.
        if (none_left_said_ || any_may_still_come_up()) return;
        none_left_said_ = true;
        out.push_back(TierEvent{TierEventKind::NoTierLeft, tier, std::nullopt, why, now, {}});
        return;
    }
    if (*active_ != tier) return;
    active_ = best_up();
    if (active_) {
        ++switches_;
        out.push_back(TierEvent{TierEventKind::Failover, *active_, tier, why, now, {}});
    } else {
        none_left_said_ = true;
        out.push_back(TierEvent{TierEventKind::NoTierLeft, tier, std::nullopt, why, now, {}});
    }
}

void TierSelector::down(std::size_t tier, TierReason why, std::string_view detail, time::Timestamp now,
                        std::vector<TierEvent>& out) {
    Tier& t = tiers_[tier];
    // Down after a stall (the caller closing the silent socket) was said already.
    if (t.state != TierState::Down && t.state != TierState::Stalled)
        out.push_back(TierEvent{TierEventKind::Down, tier, std::nullopt, why, now, std::string(detail)});
    t.state = TierState::Down;
    lose(tier, why, now, out);
}

void TierSelector::stalled(std::size_t tier, double silent_s, time::Timestamp now,
                           std::vector<TierEvent>& out) {
    Tier& t = tiers_[tier];
    if (t.state != TierState::Up) return;
    t.state = TierState::Stalled;
    out.push_back(TierEvent{TierEventKind::Stalled, tier, std::nullopt, TierReason::Stalled, now,
                            "silent for " + std::to_string(static_cast<long long>(silent_s)) + " s"});
    lose(tier, TierReason::Stalled, now, out);
}

void TierSelector::check(time::Timestamp now, std::vector<TierEvent>& out) {
    if (!active_) return;
    for (std::size_t i = 0; i < *active_; ++i) {
        const Tier& t = tiers_[i];
        if (t.state == TierState::Up && now.ns - t.up_since.ns >= failback_ns_) {
            std::size_t from = *active_;
            active_ = i;
            ++switches_;
            out.push_back(TierEvent{TierEventKind::Failback, i, from, TierReason::Failback, now, {}});
            return;
        }
    }
}

}  // namespace sos::live
