// The paper broker's settings from data/exec.json (compiled in) with a user's file laid over
// it, and its charges from the fee schedule (data/fees.json, or the user's --fees file).
#pragma once

#include <string>

#include "broker/paper/paper_config.hpp"

namespace sos::broker {

// Empty paths: the shipped settings. Throws config::ConfigError naming the file and the key.
PaperConfig load_paper_config(const std::string& path, const std::string& fees_path,
                              const time::Calendar& calendar);
// The shipped settings as text (data/exec.json), for --print-defaults.
std::string_view shipped_exec_config();

}  // namespace sos::broker
