// The contract's rules on field values (spec/events.md, "Bad input"): required fields, ranges
// and the candle's own consistency. Stateless; ordering in time is checked by OrderGuard.
#pragma once

#include <optional>
#include <string>

#include "event/event.hpp"

namespace sos::event {

struct FieldProblem {
    std::string field;
    std::string reason;
};

std::optional<FieldProblem> validate(const Event& e);

}  // namespace sos::event
