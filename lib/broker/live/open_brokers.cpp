#include "broker/live/open_brokers.hpp"

#include "broker/live/dry_run_broker.hpp"
#include "broker/live/live_broker.hpp"
#include "broker/live/routed_broker.hpp"
#include "brokers/api_key.hpp"
#include "config/json_config.hpp"
#include "lockfile/lock_place.hpp"

namespace sos::broker::live {

namespace {

std::vector<HeldBroker> dry_runs(const ModeChoice& c,
                                 const std::shared_ptr<const instrument::Registry>& reg) {
    std::vector<HeldBroker> held;
    for (const auto i : c.entries) {
        const auto& name = c.file->entries[i].name;
        held.push_back({name, std::make_unique<DryRunBroker>(reg, name)});
    }
    return held;
}

// Every key first (a missing one refuses the run before any lock or file is touched).
std::vector<LiveOptions> live_options(const ModeChoice& c, const LiveSettings& s) {
    std::vector<LiveOptions> all;
    for (const auto i : c.entries) {
        const auto& e = c.file->entries[i];
        LiveOptions o;
        o.broker_name = e.name;
        o.rest = e.rest;
        o.ws = e.ws;
        o.key = brokers::read_api_key(*c.file, e);
        o.state_path = state_path_for(s.state, e.name);
        o.entry_valid_bars = s.entry_valid_bars;
        o.order_timeout = s.order_timeout;
        o.book_every = s.book_every;
        o.queue_capacity = s.queue_capacity;
        o.limits = e.limits;  // the entry's "limits", else OpenAlgo's defaults and NSE's cap
        o.calendar = s.calendar;
        o.square_off_seconds = s.square_off_seconds;
        o.leg_failed = s.leg_failed;
        o.wake = s.wake;
        all.push_back(std::move(o));
    }
    return all;
}

// Then every lock, before any state file is opened: a refused run has written nothing.
void take_locks(std::vector<LiveOptions>& all, const LiveSettings& s) {
    const auto dir = lockfile::lock_dir(s.lock_dir);
    for (auto& o : all) {
        try {
            o.lock.emplace(lockfile::AccountLock::acquire({o.broker_name, o.rest}, dir));
        } catch (const lockfile::LockHeld& e) {
            if (e.holder().this_process) throw config::ConfigError(e.what());
            throw;
        }
    }
}

}  // namespace

std::unique_ptr<Broker> open_openalgo_brokers(const ModeChoice& choice, const LiveSettings& settings,
                                              std::shared_ptr<const instrument::Registry> instruments) {
    if (choice.mode == ExecMode::DryRun)
        return std::make_unique<RoutedBroker>(*choice.routing, dry_runs(choice, instruments));
    auto all = live_options(choice, settings);
    take_locks(all, settings);
    std::vector<HeldBroker> held;
    for (auto& o : all) {
        std::string name = o.broker_name;
        held.push_back({std::move(name), std::make_unique<LiveBroker>(std::move(o), instruments)});
    }
    return std::make_unique<RoutedBroker>(*choice.routing, std::move(held));
}

}  // namespace sos::broker::live
