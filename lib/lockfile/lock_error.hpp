// Why a lock could not be taken. LockHeld: another process runs this account (its pid and
// command line are in the message and in holder()). LockError: the lock file or its folder
// could not be used at all (permissions, a missing --lock-dir), which says nothing about
// whether another executor runs.
#pragma once

#include <stdexcept>
#include <string>

#include <sys/types.h>

namespace sos::lockfile {

class LockError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Who holds a lock, as far as it could be learnt.
struct Holder {
    pid_t pid = 0;              // 0: not known (the holder had not written it yet, or it is unreadable)
    std::string command_line;   // from /proc/PID/cmdline, arguments joined by spaces; empty if unknown
    std::string broker;         // the brokers file's name the holder used for the instance
    bool this_process = false;  // this very process holds it (two entries name one instance)
};

class LockHeld : public LockError {
public:
    LockHeld(const std::string& message, Holder holder) : LockError(message), holder_(std::move(holder)) {}
    const Holder& holder() const { return holder_; }

private:
    Holder holder_;
};

}  // namespace sos::lockfile
