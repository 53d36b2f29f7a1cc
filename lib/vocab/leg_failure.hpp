// What sos-exec --live does with a structure one of whose legs failed (refused in the
// optionsmultiorder answer, or rejected by the broker's RMS after it) while others filled:
// unwind it (every leg that filled closed at MARKET, short legs first) or leave it and alert
// (ALERT STRUCTURE_LEG_FAILED, for the operator to close or complete by hand). sos-exec's
// --leg-failed; docs/decisions.md says why unwinding is the default.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class LegFailure : std::uint8_t { Unwind, Alert };

template <>
struct Names<LegFailure> {
    static constexpr std::array<std::string_view, 2> table = {"unwind", "alert"};
};

}  // namespace sos::vocab
