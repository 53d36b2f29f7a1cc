// Files sos reads whole: settings, strategies, fee tables, calendars and state files. Each is
// read with a limit on its size, so a path naming /dev/zero, an endless pipe or a log file
// given by mistake is refused at the limit instead of filling memory first (reading /dev/zero
// as a settings file took 2 GB before failing). A folder is named as such, and a FIFO with no
// writer reads as empty instead of blocking the tool for ever.
#pragma once

#include <cstddef>
#include <string>

namespace sos::files {

// Files a person writes: a strategy or a settings file is a few kilobytes.
inline constexpr std::size_t kDocumentLimit = std::size_t{16} << 20;
// Files sos writes itself (--state): trackers of every symbol, megabytes at most.
inline constexpr std::size_t kStateLimit = std::size_t{1} << 30;

struct WholeFile {
    std::string text;
    // Empty when the file was read; otherwise why not, without the path ("cannot open: No such
    // file or directory", "a folder, not a file", "larger than the limit of 16 MiB").
    std::string error;
    int error_number = 0;  // errno of a failed open or read (ENOENT: there is no such file)

    bool ok() const { return error.empty(); }
};

WholeFile read_whole(const std::string& path, std::size_t limit);

// "16 MiB", "1 GiB", "512 KiB", "100 bytes".
std::string size_words(std::size_t bytes);

}  // namespace sos::files
