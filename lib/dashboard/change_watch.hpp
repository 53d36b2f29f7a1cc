// Notices that a journal has new rows: SQLite's data_version on a connection of its own changes
// whenever another connection (sos-journal recording) commits, and costs no read of any table.
// Polled by the server's timer; the page then fetches the views again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "journal/sqlite.hpp"

namespace sos::dashboard {

class ChangeWatch {
public:
    explicit ChangeWatch(std::string path) : path_(std::move(path)) {}
    // True when the journal changed since the last call, and on the first call that finds it
    // (it may not exist yet when the server starts). A journal that cannot be read is tried again
    // at the next call.
    bool changed();
    // How many changes were seen: the events' id.
    std::uint64_t changes() const { return changes_; }

private:
    std::string path_;
    std::optional<journal::Database> db_;
    std::int64_t version_ = -1;
    std::uint64_t changes_ = 0;
};

}  // namespace sos::dashboard
