// One sos-match run around its filter: the playbook restored from --state at the start, saved
// every --state-every seconds and at the end, and reloaded under --watch when its files
// change, even while input is quiet. The tool only parses its options into SessionOptions.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strategy/engine.hpp"
#include "strategy/match_filter.hpp"
#include "strategy/playbook.hpp"
#include "strategy/reloader.hpp"
#include "strategy/watcher.hpp"

namespace sos::strategy {

struct SessionOptions {
    std::vector<std::string> strategies;  // the folders (or files) of the playbook
    bool watch = false;                   // --watch
    std::string state;                    // --state FILE, or empty
    double state_every_seconds = 300;     // --state-every
};

class MatchSession {
public:
    // Restores the engine from the state file (reporting what it could not restore) and wires
    // the hooks into `filter`. With `watch`, a watching thread starts: construct the session
    // after the stop signals are blocked. Throws std::runtime_error when inotify fails.
    MatchSession(Engine& engine, MatchFilter& filter, const Playbook& loaded, SessionOptions options);
    ~MatchSession();
    MatchSession(const MatchSession&) = delete;
    MatchSession& operator=(const MatchSession&) = delete;

    // How often the stage must call the filter's on_idle while input is quiet, for a change
    // to be taken and the state saved on time; zero when neither is asked for.
    std::chrono::milliseconds tick() const;
    // A state save failed (reported once per distinct failure).
    bool state_failed() const { return !state_error_.empty(); }

private:
    void restore();
    void save();
    void save_if_due();
    void reload();

    Engine& engine_;
    MatchFilter& filter_;
    SessionOptions options_;
    std::optional<Watcher> watcher_;
    std::optional<Reloader> reloader_;
    std::chrono::steady_clock::time_point last_save_;
    std::string state_error_;
};

// Reports each error on stderr.
void report_errors(const std::vector<std::string>& errors);

}  // namespace sos::strategy
