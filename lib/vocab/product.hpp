// What a position is held as: MIS intraday (squared off before the close), NRML carried
// overnight (futures and options), CNC equity delivery.
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class Product : std::uint8_t { Mis, Nrml, Cnc };

template <>
struct Names<Product> {
    static constexpr std::array<std::string_view, 3> table = {"MIS", "NRML", "CNC"};
};

constexpr bool intraday(Product p) {
    return p == Product::Mis;
}

}  // namespace sos::vocab
