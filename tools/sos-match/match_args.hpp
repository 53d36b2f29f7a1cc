// sos-match's command line, shared by its commands.
#pragma once

#include <string>
#include <vector>

#include "cli/common_options.hpp"

namespace sos::tools::match {

struct MatchArgs {
    cli::CommonOptions common;
    std::vector<std::string> strategies;
    std::vector<std::string> check;
    bool watch = false;
    std::vector<std::string> explain;
    bool explain_given = false;
    std::string state;
    double state_every = 300;
    int threads = 1;
};

// --check DIR...: loads and checks every strategy, lists every error, 0 when all are good.
int run_check(const MatchArgs& a);
// The filter itself.
int run_match(const MatchArgs& a);

}  // namespace sos::tools::match
