// One live executor per account. Before its first request, sos-exec --live takes an exclusive
// lock on the instance it trades (flock on a file named after the instance's REST address, in
// lock_dir()); a second executor on the same instance is refused at once, with the pid and
// command line of the one that holds it (LockHeld). TOMIC's "duplicate autonomous behaviour"
// (two loops trading one account) cannot start.
//
// The lock belongs to the open file, not to the file on disk: it goes when the process ends,
// however it ends (SIGKILL and crashes included), and a lock file left behind holds nothing.
// The file is therefore never removed (removing it would let a second process lock a new file
// while a third still holds the old one). The descriptor is close-on-exec; a child that is
// forked and not exec'ed shares it (and the lock) until it exits.
//
//   auto dir = lockfile::lock_dir(lock_dir_option);                  // LockError
//   auto lock = lockfile::AccountLock::acquire({"kotak", entry.rest}, dir);  // LockHeld, LockError
//   ... trade; the lock is released when `lock` is destroyed or the process ends.
#pragma once

#include <string>

#include "lockfile/lock_error.hpp"

namespace sos::lockfile {

struct LockTarget {
    std::string broker;  // the brokers file's name for the instance (for messages only)
    std::string rest;    // its REST address: what the lock is keyed by (instance_key)
};

class AccountLock {
public:
    // Takes the instance's lock in `dir` without waiting. Throws LockHeld naming the holder
    // when another process (or this one, for another entry naming the same instance) has it,
    // LockError when the lock file cannot be opened or locked at all.
    static AccountLock acquire(const LockTarget& target, const std::string& dir);

    AccountLock(AccountLock&& other) noexcept;
    AccountLock& operator=(AccountLock&& other) noexcept;
    AccountLock(const AccountLock&) = delete;
    AccountLock& operator=(const AccountLock&) = delete;
    ~AccountLock();

    const std::string& path() const { return path_; }
    bool held() const { return fd_ >= 0; }
    // Lets go now (the holder's record is emptied first); the destructor does the same.
    void release() noexcept;

private:
    AccountLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

    int fd_ = -1;
    std::string path_;
};

}  // namespace sos::lockfile
