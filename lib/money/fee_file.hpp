// The fee schedule from configuration: data/fees.json (compiled in) with a user's file laid
// over it. Every segment's table and every rate must be there; an unknown key, a negative
// rate or a missing table is refused before any line is read, naming the file and the key.
#pragma once

#include <string>

#include "money/fees.hpp"

namespace sos::money {

// `path` empty: the shipped schedule. Throws config::ConfigError.
FeeSchedule load_fee_schedule(const std::string& path);
// The shipped schedule as text (data/fees.json), for --print-defaults.
std::string_view shipped_fee_schedule();

}  // namespace sos::money
