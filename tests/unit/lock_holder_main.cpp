// A second process for the account lock's tests: takes the lock of one instance, says
// "locked" on stdout, and holds it until its stdin closes (or it is killed). When the lock is
// held already it writes the refusal on stderr and exits with 75, as an executor would refuse
// to start.
#include "lockfile/account_lock.hpp"

#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: lock_holder DIR BROKER REST\n");
        return 64;
    }
    try {
        auto lock = sos::lockfile::AccountLock::acquire({argv[2], argv[3]}, argv[1]);
        std::printf("locked\n");
        std::fflush(stdout);
        char c;
        while (::read(0, &c, 1) > 0) {
        }
        return 0;
    } catch (const sos::lockfile::LockHeld& e) {
        std::fprintf(stderr, "lock_holder: %s\n", e.what());
        return 75;
    } catch (const sos::lockfile::LockError& e) {
        std::fprintf(stderr, "lock_holder: %s\n", e.what());
        return 73;
    }
}
