#include "journal/store.hpp"

#include <sqlite3.h>

#include "diag/log.hpp"
#include "journal/schema.hpp"
#include "journal/tables.hpp"

namespace sos::journal {

namespace {

bool is_order_flow(event::Kind k) {
    return k == event::Kind::Order || k == event::Kind::OrderUpdate || k == event::Kind::Fill ||
           k == event::Kind::Exit;
}

// The raw row's time and symbol: the first time any event has, and the symbol every event
// that has one shares (a SYNC_RECOVERY of several symbols has none).
struct RawKey {
    std::optional<time::Timestamp> ts;
    std::string_view symbol;
};

RawKey raw_key(const event::EventList& events) {
    RawKey key;
    bool mixed = false;
    for (const auto& e : events) {
        if (!key.ts && e.env.timestamp) key.ts = e.env.timestamp;
        if (e.env.symbol.empty()) continue;
        if (key.symbol.empty()) key.symbol = e.env.symbol;
        mixed = mixed || e.env.symbol != key.symbol;
    }
    if (mixed) key.symbol = {};
    return key;
}

// A market message of its own in the canonical form: the lines a compact block holds.
bool is_market_line(std::string_view type, const event::EventList& events) {
    if (events.size() != 1) return false;
    const event::Kind k = events[0].env.kind;
    return is_market_kind(k) && type == event::type_name(k);
}

std::uint32_t quotes_of(const event::Event& e) {
    std::uint32_t n = 0;
    if (const auto* ch = e.as<event::OptionChain>())
        for (const auto& row : ch->strikes)
            n += (row.has_ce ? 1 : 0) + (row.has_pe ? 1 : 0);
    return n;
}

}  // namespace

Store::Store(Database db, const RunRequest& run, StoreOptions options)
    : db_(std::move(db)),
      options_(options),
      run_(open_run(db_, run)),
      rows_writer_(db_),
      market_(db_, run_.run.id),
      raw_(db_.prepare(
          "INSERT INTO raw (id, run_id, seq, ts, type, symbol, line) VALUES (?, ?, ?, ?, ?, ?, ?)")),
      begin_(db_.prepare("BEGIN IMMEDIATE")),
      commit_(db_.prepare("COMMIT")),
      next_seq_(run_.next_seq),
      committed_seq_(run_.next_seq - 1) {
    if (options_.batch_rows == 0) options_.batch_rows = 1;
    if (run_.resumed) resume_.emplace(db_, run_.run.id, committed_seq_);
    if (options_.sync == SyncMode::Full) db_.exec("PRAGMA synchronous = FULL");
}

Store::~Store() {
    try {
        close();
    } catch (const JournalError& e) {
        diag::error("{}: {}", db_.path(), e.what());
    }
}

bool Store::must_sync(const event::EventList& events) const {
    if (options_.sync != SyncMode::Orders) return false;
    // History is a replay of what was already recorded: no need to force it to disk.
    for (const auto& e : events)
        if (!e.env.hist && is_order_flow(e.env.kind)) return true;
    return false;
}

void Store::begin() {
    if (in_transaction_) return;
    begin_.run();
    in_transaction_ = true;
}

bool Store::append(std::string_view type, std::string_view line, const event::EventList& events) {
    if (closed_) throw JournalError("the journal is closed");
    if (resume_ && resume_->active()) {
        if (resume_->skip(line)) return false;
        if (resume_->skipped() < resume_->stored())
            diag::info("{}: run '{}': input differs from the journaled line {} of {}; appending after it",
                       db_.path(), run_.run.name, resume_->skipped() + 1, resume_->stored());
    }
    const bool sync = must_sync(events);
    if (sync) {
        // Its own transaction, fsynced, so it is on disk before the line goes downstream.
        commit();
        db_.exec("PRAGMA synchronous = FULL");
    }
    begin();
    const std::int64_t id = raw_id(run_.run.id, next_seq_);
    bool compact = false;
    if (is_market_line(type, events)) {
        const RawKey key = raw_key(events);
        const event::Event& e = events[0];
        compact = market_.add(next_seq_, line, LineFacts{type, key.symbol, e.env.hist, quotes_of(e), key.ts});
    }
    if (!compact) insert_raw(id, type, line, events);
    ++next_seq_;
    ++lines_;
    std::size_t rows = 1;
    if (!compact || options_.market_rows) {
        for (const auto& e : events) {
            // The decoder keeps no type for an unknown message inside a SYNC_RECOVERY; any
            // other unknown event is the line itself (an unknown type, or a newer contract
            // version).
            std::string_view unknown;
            if (e.env.kind == event::Kind::Unknown &&
                event::kind_from_type(type) != event::Kind::SyncRecovery)
                unknown = type;
            rows += rows_writer_.insert(e, id, run_.run.id, unknown);
        }
    }
    rows_ += rows;
    pending_ += rows;
    if (sync) {
        commit();
        db_.exec("PRAGMA synchronous = NORMAL");
    } else if (pending_ >= options_.batch_rows) {
        commit();
    }
    return true;
}

void Store::insert_raw(std::int64_t id, std::string_view type, std::string_view line,
                       const event::EventList& events) {
    const RawKey key = raw_key(events);
    raw_.bind_int(1, id);
    raw_.bind_int(2, run_.run.id);
    raw_.bind_int(3, next_seq_);
    if (key.ts)
        raw_.bind_real(4, key.ts->seconds());
    else
        raw_.bind_null(4);
    raw_.bind_text(5, type);
    if (key.symbol.empty())
        raw_.bind_null(6);
    else
        raw_.bind_text(6, key.symbol);
    raw_.bind_text(7, line);
    raw_.run();
}

void Store::commit() {
    if (!in_transaction_) return;
    market_.flush();
    commit_.run();
    committed_seq_ = next_seq_ - 1;
    in_transaction_ = false;
    pending_ = 0;
    ++commits_;
}

void Store::close() {
    if (closed_) return;
    if (resume_) resume_->finish();
    commit();
    closed_ = true;
    mark_run_ended(db_, run_.run.id, wall_clock_seconds());
}

void Store::abandon() noexcept {
    closed_ = true;
    if (resume_) resume_->finish();
    if (!in_transaction_) return;
    in_transaction_ = false;
    // Keep the rows that made it in if the database still lets us; otherwise give them up.
    bool flushed = true;
    try {
        market_.flush();
    } catch (const JournalError&) {
        flushed = false;
    }
    if (flushed && sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK)
        committed_seq_ = next_seq_ - 1;
    else
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace sos::journal
