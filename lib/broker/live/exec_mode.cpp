#include "broker/live/exec_mode.hpp"

#include <fmt/format.h>

#include "cli/exit_codes.hpp"

namespace sos::broker::live {

namespace {

ModeChoice refuse(int status, std::string why) {
    ModeChoice c;
    c.refusal_status = status;
    c.refusal = std::move(why);
    return c;
}

ModeChoice paper(const ModeOptions& o) {
    if (o.live)
        return refuse(cli::kExitUsage,
                      "--live sends real orders through an OpenAlgo instance: name it with --broker NAME "
                      "(an entry of the brokers file); the paper broker sends nothing");
    if (o.dry_run)
        return refuse(cli::kExitUsage,
                      "--dry-run writes what a live broker would send: name it with --broker NAME");
    if (!o.state.empty())
        return refuse(cli::kExitUsage,
                      "--state is the live broker's; the paper broker rebuilds its book from the history");
    return ModeChoice{};
}

// Both yeses, or the one that is missing named.
std::optional<ModeChoice> missing_yes(const ModeOptions& o, const brokers::BrokerEntry& e,
                                      const std::string& path) {
    const std::string what = fmt::format("--broker {} sends real orders", e.name);
    if (!o.live && !e.live)
        return refuse(cli::kExitUsage,
                      fmt::format("{}: it needs --live on the command line and \"live\": true in its entry "
                                  "of {}; both are missing (--dry-run writes the requests without sending)",
                                  what, path));
    if (!o.live)
        return refuse(cli::kExitUsage,
                      fmt::format("{}: --live is missing on the command line (\"live\": true is set in {})",
                                  what, path));
    if (!e.live)
        return refuse(cli::kExitConfig,
                      fmt::format("{}: \"live\": true is missing in its entry of {} (--live alone is not "
                                  "enough)",
                                  what, path));
    return std::nullopt;
}

}  // namespace

ModeChoice choose_mode(const ModeOptions& o) {
    if (o.broker == "paper") return paper(o);
    ModeChoice c;
    c.file = brokers::load_brokers_file(brokers::brokers_path(o.brokers));
    const auto& entry = c.file->find(o.broker);  // ConfigError naming the entries there are
    c.entry_index = static_cast<std::size_t>(&entry - c.file->entries.data());
    if (o.dry_run) {
        c.mode = ExecMode::DryRun;
        return c;
    }
    if (auto refused = missing_yes(o, entry, c.file->path)) return std::move(*refused);
    if (o.state.empty())
        return refuse(cli::kExitUsage,
                      "--live needs --state FILE: the intents written before each request leaves, read "
                      "back at every start");
    c.mode = ExecMode::Live;
    return c;
}

std::string_view mode_name(ExecMode m) {
    switch (m) {
        case ExecMode::Paper:
            return "paper";
        case ExecMode::DryRun:
            return "dry-run";
        case ExecMode::Live:
            return "live";
    }
    return "paper";
}

}  // namespace sos::broker::live
