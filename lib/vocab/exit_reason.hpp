// Why a position was closed: its stop, its target, its trailed stop, the end of the day, the
// kill switch, or by hand.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class ExitReason : std::uint8_t { Sl, Tp, Trail, Eod, Kill, Manual };

template <>
struct Names<ExitReason> {
    static constexpr std::array<std::string_view, 6> table = {"SL", "TP", "TRAIL", "EOD", "KILL", "MANUAL"};
};

}  // namespace sos::vocab
