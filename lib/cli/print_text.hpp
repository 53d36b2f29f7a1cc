// Text a tool prints instead of a stream: --print-defaults (the same in every tool: the
// shipped settings files it reads, as they are, so a user can copy one and lay changes over it
// with --config) and reports.
#pragma once

#include <CLI/CLI.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace sos::cli {

// `files` names what is printed, for --help ("data/risk.json").
void add_print_defaults(CLI::App& app, bool& flag, const std::string& files);
// Writes the texts to standard output, one after the other: 0, or 74 when that fails (a reader
// going away is not a failure).
int print_text(std::initializer_list<std::string_view> texts);

}  // namespace sos::cli
