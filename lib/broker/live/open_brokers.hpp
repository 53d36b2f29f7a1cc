// The OpenAlgo brokers of one sos-exec run (--dry-run or --live), behind the routing that sends
// each ORDER to one of them (routed_broker.hpp). For --live, before any state file is opened or
// anything connects: every routed broker's key is read (config::ConfigError naming the variable
// or file), then every instance's lock is taken (lockfile::AccountLock: one live executor per
// account). A lock another process holds throws lockfile::LockHeld naming it (sos-exec's exit
// status 75); two routed entries that name one instance are a config::ConfigError (78); a lock
// folder that cannot be used is a lockfile::LockError. Locks already taken are let go when a
// later one fails. A dry run reads no key and takes no lock: it sends nothing.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "broker/broker.hpp"
#include "broker/live/exec_mode.hpp"
#include "instrument/registry.hpp"
#include "time/calendar.hpp"
#include "vocab/leg_failure.hpp"

namespace sos::broker::live {

struct LiveSettings {
    std::string state;     // --state ({broker} replaced by each broker's name)
    std::string lock_dir;  // --lock-dir; empty: lockfile::lock_dir's default
    int entry_valid_bars = 3;
    std::chrono::milliseconds order_timeout{10000};
    std::chrono::milliseconds book_every{1000};
    std::size_t queue_capacity = 50;
    const time::Calendar* calendar = nullptr;  // the session's: square-off of intraday positions
    int square_off_seconds = 15 * 3600 + 15 * 60;
    vocab::LegFailure leg_failed = vocab::LegFailure::Unwind;  // --leg-failed
    // Each broker's network answers call this (LiveOptions::wake): sos-exec's stage waker.
    std::function<void()> wake;
};

// `choice` is DryRun or Live (choose_mode's answer).
std::unique_ptr<Broker> open_openalgo_brokers(const ModeChoice& choice, const LiveSettings& settings,
                                              std::shared_ptr<const instrument::Registry> instruments);

}  // namespace sos::broker::live
