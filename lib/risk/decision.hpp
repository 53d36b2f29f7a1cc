// sos-risk's decision on the signals of one candle (the consecutive SIGNAL lines sos-match
// writes after it), rule by rule in the order of spec/trading.md; the first rule a signal
// fails writes a REJECT with its code and a sentence for a person:
//   hist (dropped silently), KILL_SWITCH / PAUSED, STALE (live only), CIRCUIT_OPEN,
//   REGIME_GATE, DUPLICATE, CONFLICT, COOLDOWN, MAX_POSITIONS / MAX_TRADES / DAILY_LOSS;
// then sizing (INSTRUMENT, LOT_SIZE, SIZE_ZERO, SIZE_RANGE when it cannot) and the ORDER lines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "risk/risk_book.hpp"
#include "risk/risk_config.hpp"

namespace sos::risk {

struct Rejection {
    std::string code;
    std::string detail;
};

class Decision {
public:
    Decision(const RiskConfig& cfg, RiskBook& book, bool live, double max_age_seconds)
        : cfg_(cfg), book_(book), live_(live), max_age_(max_age_seconds) {}

    // REJECT and ORDER events, in the order of the signals.
    std::vector<event::Event> decide(const std::vector<event::Event>& signals, time::Timestamp wall_now);

    // The rules before and after the conflict router (exposed for tests).
    std::optional<Rejection> before_conflict(const event::Event& signal, time::Timestamp wall_now);
    std::optional<Rejection> after_conflict(const event::Event& signal);

private:
    std::vector<event::Event> orders_for(const event::Event& signal, std::optional<Rejection>& why);
    event::Event reject(const event::Event& signal, const Rejection& r) const;

    const RiskConfig& cfg_;
    RiskBook& book_;
    bool live_;
    double max_age_;
};

// The regime class the conflict rules and priorities speak of.
enum class RegimeClass { Bullish, Congestion, Bearish, Blowoff, Unknown };
RegimeClass regime_class(const RegimeView& r, const RiskConfig& cfg);
// Priority = base by source and regime class + 0.2 x the signal's score (TOMIC's router).
double priority(bool options_kind, RegimeClass rc, std::optional<double> score);

}  // namespace sos::risk
