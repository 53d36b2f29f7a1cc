#include "strategy/match_session.hpp"

#include "diag/log.hpp"
#include "strategy/state_file.hpp"

namespace sos::strategy {

void report_errors(const std::vector<std::string>& errors) {
    for (const auto& e : errors)
        diag::error("{}", e);
}

MatchSession::MatchSession(Engine& engine, MatchFilter& filter, const Playbook& loaded,
                           SessionOptions options)
    : engine_(engine),
      filter_(filter),
      options_(std::move(options)),
      last_save_(std::chrono::steady_clock::now()) {
    if (!options_.state.empty()) restore();
    if (options_.watch) {
        watcher_.emplace(options_.strategies);
        reloader_.emplace(options_.strategies, loaded);
        // Checked before each line: a new playbook applies from the next candle.
        filter_.reload_pending = [this] { return watcher_->pending(); };
        filter_.reload = [this] { reload(); };
    }
    if (!options_.state.empty()) filter_.at_end = [this] { save(); };
    // Also on idle ticks: a change is taken (and reported) and the state saved while input is quiet.
    if (watcher_ || !options_.state.empty()) {
        filter_.periodic = [this] {
            if (watcher_ && watcher_->pending()) reload();
            if (!options_.state.empty()) save_if_due();
        };
    }
}

MatchSession::~MatchSession() {
    filter_.reload_pending = nullptr;
    filter_.reload = nullptr;
    filter_.periodic = nullptr;
    filter_.at_end = nullptr;
}

std::chrono::milliseconds MatchSession::tick() const {
    if (watcher_) return std::chrono::milliseconds(500);
    if (!options_.state.empty()) return std::chrono::milliseconds(1000);
    return std::chrono::milliseconds(0);
}

void MatchSession::restore() {
    const auto load = load_state_file(options_.state, engine_);
    for (const auto& m : load.refusals)
        diag::warn("{}", m);
    if (load.loaded)
        diag::info("state {}: {} trackers restored", options_.state, load.trackers);
    else
        diag::info("state {}: no state saved yet; starting empty", options_.state);
}

void MatchSession::save() {
    std::string e = write_state_file(options_.state, engine_);
    // Reported once per distinct failure, not every few minutes.
    if (!e.empty() && e != state_error_) diag::error("{}", e);
    state_error_ = std::move(e);
}

void MatchSession::save_if_due() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_save_ < std::chrono::duration<double>(options_.state_every_seconds)) return;
    last_save_ = now;
    save();
}

void MatchSession::reload() {
    if (!watcher_->take_change()) return;
    auto outcome = reloader_->rescan();
    if (!outcome) return;
    report_errors(outcome->errors);
    for (const auto& n : outcome->notices)
        diag::warn("{}", n);
    if (outcome->changed) engine_.set_strategies(std::move(outcome->strategies));
}

}  // namespace sos::strategy
