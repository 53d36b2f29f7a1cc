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
    bool has_prev = false;
    std::array<double, expr::kCandleFields> prev{};
    std::vector<double> locals;  // captured variables, then indicator values (then padding)
    std::vector<indicators::Indicator> inds;
    // The session day the indicator values in `locals` were read for (VWAP's depends on the
    // day): a step reads them again only on another day, or after the indicators were replaced
    // (a new tracker starts at the minimum, so loading or carrying state over never leaves a
    // stale value).
    std::int64_t values_day = std::numeric_limits<std::int64_t>::min();
    bool explain = false;

    void reset();  // back to phase 0, captures forgotten
};

struct StepEnv {
    const Context* ctx = nullptr;
    double* frame = nullptr;  // the candle, sentiment and regime already in their slots
    Derived* out = nullptr;
    const time::Calendar* calendar = nullptr;
    std::vector<double>* scratch = nullptr;
    // The calendar's session of the candle's day when the caller has it (null: asked for).
    const std::optional<time::Session>* session = nullptr;
};

void step(Tracker& t, const CandleView& c, StepEnv& env);

// The close time of a bar: its open plus the timeframe, cut at the session's close.
// `known`: the calendar's session of the bar's day when the caller already holds it.
time::Timestamp bar_close(const time::Calendar* calendar, time::Timestamp open, time::Timeframe tf,
                          const std::optional<time::Session>* known = nullptr);

}  // namespace sos::strategy
