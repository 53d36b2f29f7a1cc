// The journal writer: every input line into `raw` and each canonical event it stands for into
// its kind's table, in transactions of many rows (a batch, or whatever is pending when input
// goes idle or ends), so that a replay of millions of lines costs few commits while a live
// stream is on disk moments after it arrives.
#pragma once

#include <cstdint>
#include <string_view>

#include "event/event.hpp"
#include "journal/event_rows.hpp"
#include "journal/runs.hpp"
#include "journal/sqlite.hpp"

namespace sos::journal {

enum class SyncMode {
    Batch,   // no fsync of its own: a crash of the process loses nothing committed
    Orders,  // also fsync each commit holding a live ORDER, ORDER_UPDATE, FILL or EXIT
    Full,    // fsync every commit
};

struct StoreOptions {
    std::size_t batch_rows = 5000;  // rows per transaction while input keeps coming
    SyncMode sync = SyncMode::Orders;
};

class Store {
public:
    // Registers (or resumes) the run in an open journal. Throws JournalError.
    Store(Database db, const RunRequest& run, StoreOptions options = {});
    // Commits what is pending; errors are reported, not thrown.
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // One valid input line (its text without the newline and its type as written) and the
    // events it was read as. Throws JournalError.
    void append(std::string_view type, std::string_view line, const event::EventList& events);
    // Commits the open transaction, if any. Throws JournalError.
    void commit();
    // Commits and stamps the run's end. Idempotent. Throws JournalError.
    void close();
    // After a failed append: keeps what can be kept and writes nothing more. Never throws.
    void abandon() noexcept;

    const OpenedRun& run() const { return run_; }
    std::uint64_t lines() const { return lines_; }
    std::uint64_t rows() const { return rows_; }
    std::uint64_t commits() const { return commits_; }
    std::size_t pending_rows() const { return pending_; }
    Database& database() { return db_; }

private:
    void begin();
    bool must_sync(const event::EventList& events) const;

    Database db_;
    StoreOptions options_;
    OpenedRun run_;
    EventRows rows_writer_;
    Statement raw_;
    Statement begin_;
    Statement commit_;
    bool in_transaction_ = false;
    bool closed_ = false;
    std::size_t pending_ = 0;
    std::int64_t next_seq_ = 1;
    std::uint64_t lines_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t commits_ = 0;
};

}  // namespace sos::journal
