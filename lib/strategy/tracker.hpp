// One (strategy, symbol) tracker and the rules that move it, candle by candle (the state
// machine of spec/strategy.md): session reset, regime veto, timeout, phase test with captures,
// trigger with gates and the regime-adjusted execution, then the indicators take the candle.
// A tracker's memory is fixed when it is made: its phase, captured values, the previous candle
// and each indicator call site's window.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "indicators/indicator.hpp"
#include "strategy/derived.hpp"
#include "strategy/market_state.hpp"
#include "strategy/strategy.hpp"
#include "time/calendar.hpp"

namespace sos::strategy {

// One closed candle as the trackers see it.
struct CandleView {
    std::string_view symbol;
    time::Timestamp ts;  // open time
    time::Timeframe tf;
    bool hist = false;
    std::int64_t day = 0;  // session day: days since the epoch in the exchange's time zone
    indicators::Bar bar;
    std::array<double, expr::kCandleFields> fields{};
};

void fill_candle_fields(double o, double h, double l, double c, double v, double* out);

struct Tracker {
    explicit Tracker(std::shared_ptr<const Strategy> strategy);

    std::shared_ptr<const Strategy> s;
    int phase = 0;     // the phase it waits for
    int since = 0;     // candles judged since the one that completed the previous phase
    int cooldown = 0;  // options: candles left before it may fire again
    bool has_last = false;
    time::Timestamp last_ts;  // the last candle taken in: older ones are already in the state
    std::int64_t last_day = 0;
    // The last candle taken in, kept only by a strategy that reads prev.* (Program::reads_prev):
    // copying it on every step of every other one was a twentieth of the engine's work. Others
    // leave it undefined (has_prev false); a reload that starts reading it takes the group's.
    bool has_prev = false;
    std::array<double, expr::kCandleFields> prev{};
    std::vector<double> locals;  // captured variables (padded to a multiple of 4, at least 4)
    // Each indicator call site's indicator: the tracker's own (`inds`) while it stands alone (made,
    // restored, carried over), its group's shared bank once the group holds it (see
    // indicator_bank.hpp): `entries` then names each site's entry there, `feeds` the sites whose
    // entry this tracker feeds.
    std::vector<indicators::Indicator> inds;
    std::vector<std::uint32_t> entries;
    std::vector<std::uint32_t> feeds;
    bool explain = false;

    void reset();  // back to phase 0, captures forgotten
};

struct IndicatorBank;

struct StepEnv {
    const Context* ctx = nullptr;
    double* frame = nullptr;  // the candle, sentiment and regime already in their slots
    Derived* out = nullptr;
    const time::Calendar* calendar = nullptr;
    std::vector<double>* scratch = nullptr;
    // The calendar's session of the candle's day when the caller has it (null: asked for).
    const std::optional<time::Session>* session = nullptr;
    IndicatorBank* bank = nullptr;  // the group's, holding every tracker's indicators
};

// Every tracker of a group judges one candle, in order; the indicators take it afterwards,
// once all of them have read them (IndicatorBank::take).
void step_all(std::vector<Tracker>& trackers, const CandleView& c, StepEnv& env);

}  // namespace sos::strategy
