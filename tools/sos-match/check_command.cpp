// --check: the load-time checks alone, every error of every file.
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "match_args.hpp"
#include "ndjson/fd_io.hpp"
#include "strategy/playbook.hpp"

namespace sos::tools::match {

int run_check(const MatchArgs& a) {
    cli::apply_logging("sos-match", a.common);
    std::vector<std::string> dirs = a.check;
    dirs.insert(dirs.end(), a.strategies.begin(), a.strategies.end());
    const auto pb = strategy::load_playbook(dirs);
    const auto errors = pb.all_errors();
    for (const auto& e : errors)
        diag::error("{}", e);
    std::size_t good = 0;
    for (const auto& f : pb.files)
        good += f.strategy ? 1 : 0;
    std::string summary = fmt::format("{} strateg{} checked: {} good, {} with errors\n", pb.files.size(),
                                      pb.files.size() == 1 ? "y" : "ies", good, pb.files.size() - good);
    if (!pb.errors.empty())
        summary =
            fmt::format("{} (and {} more error{} in the folders)\n", summary.substr(0, summary.size() - 1),
                        pb.errors.size(), pb.errors.size() == 1 ? "" : "s");
    ndjson::write_all(1, summary.data(), summary.size());
    return pb.ok() ? cli::kExitOk : cli::kExitFailure;
}

}  // namespace sos::tools::match
