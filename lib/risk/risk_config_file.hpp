// sos-risk's configuration from data/risk.json (compiled in) with a user's file laid over it.
// Everything is checked before the first line is read: an unknown key, a negative size, a
// fraction out of range or an instrument without a lot size is refused, naming the file and
// the key.
#pragma once

#include <string>

#include "risk/risk_config.hpp"

namespace sos::risk {

// `path` empty: the shipped settings. `instruments` is the registry sos-risk sizes with
// (sos-risk --instruments; without it, the shipped one); the older `instruments` and
// `equity_lot_size` keys of the settings are laid over it. Throws config::ConfigError.
RiskConfig load_risk_config(const std::string& path, const time::Calendar& calendar,
                            instrument::Registry instruments);
RiskConfig load_risk_config(const std::string& path, const time::Calendar& calendar);
// The shipped settings as text (data/risk.json), for --print-defaults.
std::string_view shipped_risk_config();

}  // namespace sos::risk
