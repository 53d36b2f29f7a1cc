// Which feed tier is in use. Tiers are ordered: the first is the primary, the others
// fallbacks in order (the last may be REST polling). The caller reports each tier's health as
// it learns it (connected and subscribed, lost, stalled); the selector decides:
// - when the active tier goes down or stalls, it fails over at once to the first tier in
//   order that is up (a higher one if it is back, whether or not it has been up long);
// - when no tier is up, none is active; the first one to come up becomes active at once;
//   when every tier has failed (from the start too, before any was up), that is said once;
// - when a tier above the active one has been up without a break for `failback_after_s`, it
//   fails back to it (the best such tier), so a flapping primary does not drag the feed back
//   and forth.
// Every change yields a typed event naming the tier and the reason, for ALERT lines.
// Each switch of the active tier is where ticks may have been missed: the caller marks a gap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "time/timestamp.hpp"

namespace sos::live {

enum class TierState : std::uint8_t { Connecting, Up, Stalled, Down };
std::string_view state_text(TierState s);  // "connecting", "up", "stalled", "down" (HEALTH lines)

enum class TierReason : std::uint8_t {
    Connected,      // up for the first time
    Reconnected,    // up again after being down or stalled
    Disconnected,   // the socket closed or failed
    ConnectFailed,  // could not connect
    AuthFailed,     // the instance refused the key (or its broker session is gone)
    ServerError,    // a broker error frame, a failed subscribe, REST errors
    Stalled,        // open but silent
    Failback,       // a higher tier has been healthy long enough
};
std::string_view reason_text(TierReason r);

enum class TierEventKind : std::uint8_t {
    Up,          // a tier is up (again)                        -> FEED_RECOVERED, info
    Down,        // a tier is down                              -> FEED_DOWN, warn
    Stalled,     // a tier is open but silent                   -> FEED_STALE, warn
    Failover,    // active moved to another tier on a loss      -> FEED_FAILOVER, warn
    Failback,    // active moved back up the list              -> FEED_RECOVERED, info
    NoTierLeft,  // every tier is down: no data                 -> FEED_DOWN, crit
    Activated,   // a tier became active when none was (start, or after NoTierLeft) -> FEED_RECOVERED, info
};

struct TierEvent {
    TierEventKind kind;
    std::size_t tier = 0;  // the tier concerned (Failover, Failback, Activated: the new active one)
    std::optional<std::size_t> from;  // Failover, Failback: the tier left, if there was one
    TierReason reason = TierReason::Connected;
    time::Timestamp at;
    std::string detail;  // the caller's words ("HTTP 403: Invalid openalgo apikey")
};

// The ALERT code and level the contract's operations messages use for an event.
struct AlertWords {
    std::string_view code;
    std::string_view level;
};
AlertWords alert_words(TierEventKind kind);

class TierSelector {
public:
    // Whether the last tier runs all along, or is started by the caller only when no other
    // tier is left (REST polling): such a tier, never tried yet, cannot be waited for.
    enum class LastTier : std::uint8_t { AlwaysOn, OnDemand };
    TierSelector(std::vector<std::string> names, double failback_after_s, LastTier last = LastTier::AlwaysOn);

    // Connected, authenticated and subscribed (or, for REST polling, answering).
    void up(std::size_t tier, time::Timestamp now, std::vector<TierEvent>& out);
    void down(std::size_t tier, TierReason why, std::string_view detail, time::Timestamp now,
              std::vector<TierEvent>& out);
    void stalled(std::size_t tier, double silent_s, time::Timestamp now, std::vector<TierEvent>& out);
    // Time passing: fails back when a higher tier has been healthy long enough.
    void check(time::Timestamp now, std::vector<TierEvent>& out);

    std::optional<std::size_t> active() const { return active_; }
    TierState state(std::size_t tier) const { return tiers_[tier].state; }
    const std::string& name(std::size_t tier) const { return tiers_[tier].name; }
    std::size_t size() const { return tiers_.size(); }
    // Switches of the active tier so far (failovers and failbacks).
    std::uint64_t switches() const { return switches_; }

private:
    struct Tier {
        std::string name;
        TierState state = TierState::Connecting;
        time::Timestamp up_since{};
        bool ever_up = false;
    };
    void lose(std::size_t tier, TierReason why, time::Timestamp now, std::vector<TierEvent>& out);
    std::optional<std::size_t> best_up() const;
    bool any_may_still_come_up() const;

    std::vector<Tier> tiers_;
    std::int64_t failback_ns_;
    std::optional<std::size_t> active_;
    std::uint64_t switches_ = 0;
    LastTier last_;
    // NoTierLeft was said and nothing has been active since: a failed reconnection is not news.
    bool none_left_said_ = false;
};

}  // namespace sos::live
