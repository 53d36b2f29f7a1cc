// Files that hold a secret (an OpenAlgo API key, a Telegram bot token): read only when they are
// regular files that their owner alone can read or write, and that belong to the user running
// sos. A file others could read has already leaked its secret to them; refusing it makes the
// user notice. The checks are made on the open descriptor, so the file checked is the file read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sos::files {

enum class PrivateFileProblem : std::uint8_t {
    None,
    CannotRead,        // missing, unreadable, or a read failed
    NotRegular,        // a folder, a device, a pipe
    ReadableByOthers,  // any group or other permission bit
    OtherOwner,        // owned by another user
    TooLong,           // over the caller's limit
};

struct PrivateFile {
    std::string text;  // the contents, when read; the caller moves the secret out of it
    PrivateFileProblem problem = PrivateFileProblem::None;
    // Why not, naming the path and never any of the contents: "P can be read by others (mode
    // 0644): make it owner-only with chmod 600 P"; empty when read (TooLong: the caller words it).
    std::string error;

    bool ok() const { return problem == PrivateFileProblem::None; }
};

// Reads `path` whole if it is private and at most `limit` bytes; what was read of a refused
// file is wiped before this returns.
PrivateFile read_private(const std::string& path, std::size_t limit);

// Overwrites the bytes of `s` (through a volatile pointer, so the stores are not dropped as
// dead) and empties it: for copies of a secret that are no longer needed.
void wipe(std::string& s) noexcept;

// `secret` without the blanks around it (the newline an editor adds is not part of a key or a
// token); the text given is wiped. `inner_blank`, when given, says whether a blank is left
// inside: a file that holds something else than one word.
std::string trimmed_secret(std::string secret, bool* inner_blank = nullptr);

}  // namespace sos::files
