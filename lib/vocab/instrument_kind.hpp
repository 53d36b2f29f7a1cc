// What an OpenAlgo symbol names, as its form tells: an option (BASE DDMMMYY STRIKE CE|PE), a
// future (BASE DDMMMYY FUT), or a plain symbol: a stock, or an index (quoted, not traded; only
// the instrument registry can tell the two apart).
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class InstrumentKind : std::uint8_t { Plain, Future, Option };

enum class OptionRight : std::uint8_t { Call, Put };

template <>
struct Names<OptionRight> {
    static constexpr std::array<std::string_view, 2> table = {"CE", "PE"};
};

}  // namespace sos::vocab
