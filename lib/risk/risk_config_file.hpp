// sos-risk's configuration from data/risk.json (compiled in) with a user's file laid over it.
// Everything is checked before the first line is read: an unknown key, a negative size, a
// fraction out of range or an instrument without a lot size is refused, naming the file and
// the key.
#pragma once

#include <string>

#include "risk/risk_config.hpp"

namespace sos::risk {

// `path` empty: the shipped settings. Throws config::ConfigError.
RiskConfig load_risk_config(const std::string& path, const time::Calendar& calendar);
// The shipped settings as text (data/risk.json), for --print-defaults.
std::string_view shipped_risk_config();

}  // namespace sos::risk
