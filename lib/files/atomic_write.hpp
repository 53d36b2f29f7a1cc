// Replacing a file whole so that a reader, a crash or a power cut finds the old contents or the
// new, never a mix or nothing: the bytes go to PATH.tmp beside it, are synced to disk, renamed
// over PATH, and the directory is synced so that the rename itself is on disk. Every file sos
// rewrites whole goes through here (sos-match --state, the sentiment history, the equity picture).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sos::files {

struct WriteFailure {
    enum class Step { Create, Write, Sync, Rename, SyncDirectory };
    Step step;
    int error;            // the errno of the failed call
    std::string message;  // "cannot create /x/state.tmp: Permission denied", for a person
};

// Makes `bytes` the whole content of `path` (a new file gets mode 0644 less the umask). On
// failure before the rename, PATH is untouched and PATH.tmp removed; a failure to sync the
// directory comes after PATH was replaced (the new contents are in place, maybe not yet on disk).
std::optional<WriteFailure> write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace sos::files
