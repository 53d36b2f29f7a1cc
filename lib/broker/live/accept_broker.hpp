// sos-exec reconcile --accept-broker: the operator accepts the broker's positions after an
// ALERT RECONCILE_MISMATCH. The broker's position book is read now and recorded in the state
// file (an `accept` record, state_file.hpp), so the next start of sos-exec --live holds what the
// broker holds and trades again. Nothing is sent but the position book's request.
//
// The account's lock is taken first (lib/lockfile, the one sos-exec --live holds): refused with
// 75 naming the executor that trades the account now (accept there with a CONTROL line, or stop
// it first): two writers of one state file would interleave their records.
//
// Refused while the state file holds an order not settled (its fills may already be in the
// position book and would then be counted twice): start sos-exec --live, which settles them
// from the books even while entries are refused, or accept there with a CONTROL line.
#pragma once

#include <chrono>
#include <string>

#include "brokers/secret.hpp"

namespace sos::broker::live {

struct AcceptOptions {
    std::string broker_name;
    std::string rest;  // the entry's REST address
    brokers::Secret key;
    std::string state_path;  // --state, "{broker}" replaced by broker_name
    std::string lock_dir;    // --lock-dir; empty: lockfile::lock_dir's default
    std::chrono::milliseconds timeout{10000};
};

// Exit statuses beside the project's (sysexits.h).
inline constexpr int kExitUnavailable = 69;  // the broker did not answer
inline constexpr int kExitTempFail = 75;     // orders not settled yet, or the account locked: try again after
inline constexpr int kExitCantCreate = 73;   // the lock folder cannot be used

struct AcceptResult {
    int status = 0;
    std::string lines;    // POSITION lines (reconcile "accepted"), each ending in '\n'
    std::string message;  // for a person: what was accepted, or why not (never the key)
};

// StateError (78) when the state file cannot be read or written.
AcceptResult accept_broker_positions(const AcceptOptions& o);

}  // namespace sos::broker::live
