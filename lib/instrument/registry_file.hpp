// The instrument registry from configuration: data/instruments.json (compiled in) with a
// user's file laid over it (sos-risk and sos-exec --instruments FILE). Every entry is checked
// before the first line is read; a missing lot size, a tick that is not a whole number of
// paise or an unknown exchange is refused, naming the file and the key.
#pragma once

#include <string>
#include <string_view>

#include "config/json_config.hpp"
#include "instrument/registry.hpp"

namespace sos::instrument {

// `path` empty: the shipped registry. Throws config::ConfigError.
Registry load_registry(const std::string& path);
// The shipped registry as text (data/instruments.json), for --print-defaults.
std::string_view shipped_instruments();

// Reads the object at `key` of `parent` (underlying -> {lot_size, freeze_qty, tick_size,
// exchange}) into `reg`. An entry for an underlying the registry already has is laid over it
// field by field; a new one must give its lot size. sos-risk's settings may still carry such
// an object (its older home), read here the same way.
void read_entries(config::ObjectReader& parent, std::string_view key, Registry& reg);

}  // namespace sos::instrument
