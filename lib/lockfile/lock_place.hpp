// Where an account's lock lives. One OpenAlgo instance serves one broker account, so the lock
// is keyed by the instance's REST address, normalised so that spellings of one address meet:
// "http://localhost:5000/", "http://127.0.0.1:5000" and "HTTP://[::1]:5000" are one instance;
// the brokers file's name for it is not part of the key (two names for one instance are one
// account) and is written inside the lock for the message only.
#pragma once

#include <string>
#include <string_view>

namespace sos::lockfile {

// "loopback:5000", "example.com:443/openalgo-kotak": scheme dropped (http on 80 and https on
// 443 are told apart by their ports), host in lower case with the loopback names made one,
// the default port written out, the path without trailing slashes or a final /api/v1.
// An address without "scheme://host" is returned as it is, trimmed of trailing slashes.
std::string instance_key(std::string_view rest_url);

// The lock file's name for an instance: "account-loopback-5000.lock"; characters other than
// letters, digits, '.' and '-' become '_', and a key too long for a file name is cut and
// followed by a hash of the whole key.
std::string lock_file_name(std::string_view rest_url);

// The folder locks go in: `option` (--lock-dir) when given; else $XDG_RUNTIME_DIR/sos (the
// user's runtime folder, emptied at logout and boot); else /tmp/sos-UID. The last folder is
// created (mode 0700) if missing. The fallback under /tmp must be a folder owned by this user
// and writable by no one else: another user could otherwise create it first and hold or fake
// every lock. Throws LockError (lock_error.hpp) when the folder cannot be had.
std::string lock_dir(const std::string& option);

}  // namespace sos::lockfile
