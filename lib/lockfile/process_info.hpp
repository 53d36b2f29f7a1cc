// What /proc says about a process, for a person reading an error message.
#pragma once

#include <cstddef>
#include <string>

#include <sys/types.h>

namespace sos::lockfile {

// The process's command line, its arguments joined by single spaces, characters that are not
// printable shown as '?', cut at `limit` characters with "..." after. Empty when the process
// is gone or /proc cannot be read (another user's process under hidepid).
std::string command_line_of(pid_t pid, std::size_t limit = 300);

// Whether a process with this pid exists (it may belong to another user).
bool process_exists(pid_t pid);

// The pid the kernel's lock table (/proc/locks) gives for an flock() lock held on the file
// (device, inode); 0 when none is listed or the table cannot be read. For flock() it is the
// process that took the lock, in this process's pid namespace.
pid_t flock_holder(dev_t device, ino_t inode);

}  // namespace sos::lockfile
