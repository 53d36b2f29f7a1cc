// The journal writer: every input line into the journal, in transactions of many rows (a
// batch, or whatever is pending when input goes idle or ends), so that a replay of millions
// of lines costs few commits while a live stream is on disk moments after it arrives.
//
// A market line (TICK, CANDLE, OPTION_CHAIN, BREADTH, SENTIMENT_UPDATE or REGIME, in the
// canonical form) goes into a compact block (market_writer.hpp); any other line is kept as text in `raw` and
// each canonical event it stands for as a row of its kind's table, which is what reports and
// SQL queries read. Market events get rows of their own only when asked (market_rows).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "event/event.hpp"
#include "journal/event_rows.hpp"
#include "journal/market_writer.hpp"
#include "journal/resume.hpp"
#include "journal/runs.hpp"
#include "journal/sqlite.hpp"

namespace sos::journal {

enum class SyncMode {
    Batch,   // no fsync of its own: a crash of the process loses nothing committed
    Orders,  // also fsync each commit holding a live ORDER, ORDER_UPDATE, FILL or EXIT
    Full,    // fsync every commit
};

struct StoreOptions {
    std::size_t batch_rows = 50000;  // rows per transaction while input keeps coming
    SyncMode sync = SyncMode::Orders;
    // Also write market events as rows of ticks, candles, option_chains (with option_quotes),
    // breadth, sentiment and regimes, for SQL queries on them: several times the size and time.
    bool market_rows = false;
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
    // events it was read as. In a resumed run, lines identical to the ones the run already
    // holds, from its first on, are skipped (ResumeCursor) and false is returned. Throws
    // JournalError.
    bool append(std::string_view type, std::string_view line, const event::EventList& events);
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
    // Lines of a resumed run recognised as journaled already.
    std::int64_t skipped() const { return resume_ ? resume_->skipped() : 0; }
    // The run's last line known to be committed (0: none).
    std::int64_t committed_seq() const { return committed_seq_; }
    Database& database() { return db_; }

private:
    void begin();
    bool must_sync(const event::EventList& events) const;
    void insert_raw(std::int64_t id, std::string_view type, std::string_view line,
                    const event::EventList& events);

    Database db_;
    StoreOptions options_;
    OpenedRun run_;
    EventRows rows_writer_;
    MarketWriter market_;
    std::optional<ResumeCursor> resume_;
    Statement raw_;
    Statement begin_;
    Statement commit_;
    bool in_transaction_ = false;
    bool closed_ = false;
    std::size_t pending_ = 0;
    std::int64_t next_seq_ = 1;
    std::int64_t committed_seq_ = 0;
    std::uint64_t lines_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t commits_ = 0;
};

}  // namespace sos::journal
