// Which broker sos-exec runs, from its command line and the brokers file: the paper broker
// (the default, --broker paper), a dry run of a live one (--dry-run: its requests written,
// nothing sent), or a live one. Real orders need two separate yeses (spec/trading.md, Live):
// --live on the command line AND "live": true in that broker's entry of the brokers file.
// Either alone is refused with a message saying which one is missing:
// - --live missing is a command line that does not say what it means: status 64 (usage);
// - "live": true missing is the account's settings not allowing it: status 78 (config).
// A dry run needs neither: it sends nothing, so it is how a new account is tried first.
// With --routes FILE (instead of --broker NAME) each ORDER goes to the broker the routes file
// chooses (lib/routing); every broker it names needs "live": true, and --state must write
// {broker} so that each account has its own state file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brokers/brokers_file.hpp"
#include "routing/routing.hpp"

namespace sos::broker::live {

enum class ExecMode : std::uint8_t { Paper, DryRun, Live };

struct ModeOptions {
    std::string broker = "paper";  // --broker
    std::string brokers;           // --brokers (else SOS_BROKERS)
    std::string state;             // --state ({broker} is replaced by each broker's name)
    std::string routes;            // --routes
    bool live = false;             // --live
    bool dry_run = false;          // --dry-run
};

struct ModeChoice {
    ExecMode mode = ExecMode::Paper;
    std::optional<brokers::BrokersFile> file;  // DryRun, Live: the brokers file read
    std::size_t entry_index = 0;               // of --broker (or the first routed) in file->entries
    const brokers::BrokerEntry& entry() const { return file->entries.at(entry_index); }
    // DryRun, Live: which broker takes each ORDER (all to --broker without --routes), and the
    // entries of the brokers it names, in the order first named.
    std::optional<routing::Routing> routing;
    std::vector<std::size_t> entries;
    // Refused: the exit status (64 usage, 78 config) and why; 0 when chosen.
    int refusal_status = 0;
    std::string refusal;
};

// Reads the brokers file when a broker other than paper is named (config::ConfigError, 78, if
// it cannot be read or has no such entry).
ModeChoice choose_mode(const ModeOptions& o);

// The state file of `broker`: `state` with every "{broker}" replaced by its name.
std::string state_path_for(std::string_view state, std::string_view broker);

// "paper", "dry-run", "live": the `mode` every line sos-exec writes carries.
std::string_view mode_name(ExecMode m);

}  // namespace sos::broker::live
