#include "broker/live/exec_mode.hpp"

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "routing/routes_file.hpp"

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

std::vector<std::string> entry_names(const brokers::BrokersFile& f) {
    std::vector<std::string> names;
    for (const auto& e : f.entries)
        names.push_back(e.name);
    return names;
}

std::size_t index_of(const brokers::BrokersFile& f, std::string_view name) {
    const auto& entry = f.find(name);  // ConfigError naming the entries there are
    return static_cast<std::size_t>(&entry - f.entries.data());
}

// One state file per account: several brokers need {broker} in --state.
std::optional<ModeChoice> state_refusal(const ModeOptions& o, std::size_t brokers) {
    if (o.state.empty())
        return refuse(cli::kExitUsage,
                      "--live needs --state FILE: the intents written before each request leaves, read "
                      "back at every start");
    if (brokers > 1 && o.state.find("{broker}") == std::string::npos)
        return refuse(
            cli::kExitUsage,
            fmt::format("--state {}: the routes send orders to {} brokers and each account needs its "
                        "own state file: write {{broker}} in it (--state ~/.local/state/sos/"
                        "{{broker}}.state)",
                        o.state, brokers));
    return std::nullopt;
}

// --routes FILE: the brokers each ORDER may go to, every one of them allowed to trade.
ModeChoice routed(const ModeOptions& o) {
    if (o.broker != "paper")
        return refuse(
            cli::kExitUsage,
            fmt::format("--routes chooses the broker of each ORDER and --broker {} sends every ORDER "
                        "to one: give one of them",
                        o.broker));
    if (!o.live && !o.dry_run)
        return refuse(
            cli::kExitUsage,
            "--routes sends ORDERs to brokers of the brokers file: it needs --live (real orders) or "
            "--dry-run (the requests written, nothing sent)");
    ModeChoice c;
    c.file = brokers::load_brokers_file(brokers::brokers_path(o.brokers));
    c.routing = routing::load_routes_file(o.routes, {c.file->path, entry_names(*c.file)});
    for (const auto& name : c.routing->brokers_used())
        c.entries.push_back(index_of(*c.file, name));
    c.entry_index = c.entries.front();  // a routes file names at least one broker
    if (o.dry_run) {
        c.mode = ExecMode::DryRun;
        return c;
    }
    for (const auto i : c.entries)
        if (const auto& e = c.file->entries[i]; !e.live)
            return refuse(
                cli::kExitConfig,
                fmt::format("--routes {} sends real orders to '{}': \"live\": true is missing in its "
                            "entry of {} (--live alone is not enough)",
                            o.routes, e.name, c.file->path));
    if (auto refused = state_refusal(o, c.entries.size())) return std::move(*refused);
    c.mode = ExecMode::Live;
    return c;
}

}  // namespace

ModeChoice choose_mode(const ModeOptions& o) {
    if (!o.routes.empty()) return routed(o);
    if (o.broker == "paper") return paper(o);
    ModeChoice c;
    c.file = brokers::load_brokers_file(brokers::brokers_path(o.brokers));
    c.entry_index = index_of(*c.file, o.broker);
    c.entries = {c.entry_index};
    c.routing = routing::Routing::single(o.broker, entry_names(*c.file));
    if (o.dry_run) {
        c.mode = ExecMode::DryRun;
        return c;
    }
    if (auto refused = missing_yes(o, c.entry(), c.file->path)) return std::move(*refused);
    if (auto refused = state_refusal(o, 1)) return std::move(*refused);
    c.mode = ExecMode::Live;
    return c;
}

std::string state_path_for(std::string_view state, std::string_view broker) {
    std::string out;
    for (std::size_t at = 0;;) {
        const auto next = state.find("{broker}", at);
        out.append(state.substr(at, next - at));
        if (next == std::string_view::npos) return out;
        out.append(broker);
        at = next + 8;
    }
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
