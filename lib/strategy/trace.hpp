// TRACE lines for --explain: one for each phase transition, timeout, veto, reset, gate and
// trigger of a tracker under explanation, with the values that decided it, for jq.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "strategy/derived.hpp"
#include "strategy/strategy.hpp"
#include "strategy/tracker.hpp"

namespace sos::strategy {

using TraceValues = std::vector<std::pair<std::string, event::OptNum>>;

struct TraceLine {
    std::string event;
    std::optional<int> from, to;
    std::string phase;
    std::string result;
    std::string detail;
    TraceValues values;
};

void write_trace(const Strategy& s, const CandleView& c, time::Timestamp close, TraceLine line, Derived& out);

// The value of every name the expressions read, as they stood in the frame.
void add_leaf_values(const std::vector<Expr>& exprs, const double* frame, TraceValues& out);
void add_leaf_values(const Expr& e, const double* frame, TraceValues& out);

// " and "-joined texts of the expressions.
std::string joined(const std::vector<Expr>& exprs);

}  // namespace sos::strategy
