#include "journal/schema.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "diag/log.hpp"
#include "journal/tables.hpp"
#include "journal/trade_views.hpp"

namespace sos::journal {

namespace {

constexpr int kPageSize = 16384;

constexpr std::string_view kRunsAndRaw = R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    started_at REAL NOT NULL,
    ended_at REAL,
    tool_version TEXT NOT NULL,
    command_line TEXT NOT NULL
);
CREATE TABLE raw (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    ts REAL,
    type TEXT NOT NULL,
    symbol TEXT,
    line TEXT NOT NULL
);
)sql";

// Market lines (market_writer.hpp). A shape is the line's text with a 0x01 byte for each
// number. A block's id is raw_id() of its first line, so a run's blocks are one range of the
// key, in stream order, like its raw lines; its counts (block_counts.hpp) come before its data
// so that a summary reads them without the data's pages.
constexpr std::string_view kMarketTables = R"sql(
CREATE TABLE market_shapes (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    id INTEGER NOT NULL,
    shape TEXT NOT NULL,
    type TEXT NOT NULL,
    symbol TEXT,
    hist INTEGER NOT NULL,
    quotes INTEGER NOT NULL,
    PRIMARY KEY (run_id, id)
) WITHOUT ROWID;
CREATE TABLE market_blocks (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    first_ts REAL,
    last_ts REAL,
    independent INTEGER NOT NULL,
    counts BLOB NOT NULL,
    data BLOB NOT NULL
);
)sql";

// raw has no secondary index at all: its id is the line's place (raw_id()), so a run's lines
// are one range of the table in stream order, and (run, seq) is unique without an index that
// would cost a b-tree insertion per line. A query by symbol finds its lines through the typed
// tables' (symbol, ts) indexes and their raw_id; a time range is read by walking a run in
// order. The journal is the slowest stage of the whole loop (bench/run), so an index must
// earn its b-tree insertion per row.
void create_schema(Database& db) {
    std::string sql(kRunsAndRaw);
    sql += kMarketTables;
    for (const auto& t : event_tables())
        sql += create_table_sql(t);
    sql += create_table_sql(kOptionQuotes);
    sql += trade_views_sql();
    sql += "PRAGMA application_id = " + std::to_string(kApplicationId) + ";\n";
    sql += "PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";\n";
    db.exec(sql);
}

struct Identity {
    std::int64_t application_id = 0;
    std::int64_t version = 0;
    std::int64_t objects = 0;  // tables, indexes, ... of any kind

    bool empty() const { return application_id == 0 && version == 0 && objects == 0; }
};

Identity identify(Database& db) {
    Identity id;
    id.application_id = db.query_int("PRAGMA application_id");
    id.version = db.query_int("PRAGMA user_version");
    id.objects = db.query_int("SELECT count(*) FROM sqlite_master");
    return id;
}

// Empty string when the identity is that of a journal this build can use for `access`.
std::string refusal(const Identity& id, Access access) {
    if (id.empty()) return "not an sos journal (an empty database)";
    if (id.application_id != kApplicationId) return "not an sos journal (a foreign SQLite database)";
    if (id.version > kSchemaVersion)
        return "journal schema version " + std::to_string(id.version) +
               " is newer than this sos-journal reads (" + std::to_string(kSchemaVersion) +
               "); use a newer sos";
    if (id.version < 1) return "unknown journal schema version " + std::to_string(id.version);
    // Schema 1 kept money as REAL rupees and raw lines under a separate key: appending to it
    // would mix two layouts. Its lines can still be read, summarised and replayed. Schemas 2
    // and 3 are brought up to date before writing (upgrade()).
    if (access == Access::Write && id.version < 2)
        return "journal schema version " + std::to_string(id.version) +
               " was written by an older sos-journal (" + std::to_string(kSchemaVersion) +
               " writes); record into a new file (sos-journal replay --db OLD | sos-journal --db NEW copies "
               "it)";
    return {};
}

bool read_only_error(std::string_view what) {
    return what.find("readonly") != std::string_view::npos ||
           what.find("read-only") != std::string_view::npos;
}

std::string describe(const JournalError& e, Access access) {
    std::string_view what = e.what();
    if (what.find("file is not a database") != std::string_view::npos)
        return "not an sos journal (not an SQLite database)";
    if (access == Access::Write &&
        (read_only_error(what) || what.find("unable to open") != std::string_view::npos))
        return "cannot write: the journal, or its directory (where the -wal and -shm files go), is read-only "
               "(" +
               std::string(what) + ")";
    return std::string(what);
}

// "file:" URI of a path: the characters URIs give a meaning to are escaped.
std::string file_uri(const std::string& path, const char* query) {
    std::string uri = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#')
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        else
            uri += c;
    }
    return uri + "?" + query;
}

void check_exists(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw JournalOpenError(path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw JournalOpenError(path + ": cannot open: is a directory");
}

// Schema 3 to 4: who asked for an operator's action, and a manual signal's quantity. Columns
// added at the end (NULL in every older row), so every older query reads the same.
constexpr std::string_view kAskers = R"sql(
ALTER TABLE controls ADD COLUMN asked_by TEXT;
ALTER TABLE controls ADD COLUMN uid INTEGER;
ALTER TABLE controls ADD COLUMN at REAL;
ALTER TABLE signals ADD COLUMN qty INTEGER;
ALTER TABLE signals ADD COLUMN asked_by TEXT;
ALTER TABLE signals ADD COLUMN uid INTEGER;
ALTER TABLE signals ADD COLUMN at REAL;
)sql";

// Each step brings a journal up by one version: 2 to 3 the market tables added (its runs keep
// their market lines in raw, which every reader of schema 3 reads as well), 3 to 4 the
// operators' columns.
void upgrade(Database& db) {
    db.exec("BEGIN IMMEDIATE");
    try {
        const int from = schema_version(db);
        if (from == 2) db.exec(std::string(kMarketTables));
        if (from == 2 || from == 3) db.exec(std::string(kAskers));
        if (from < kSchemaVersion) {
            db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
            diag::info(
                "{}: journal schema {} brought up to {}; older sos-journal versions cannot write it any more",
                db.path(), from, kSchemaVersion);
        }
        db.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void prepare_for_writing(Database& db) {
    Identity id = identify(db);
    if (id.empty()) {
        // Set before the first table: 16 KiB pages take a tenth less CPU per line than the
        // default 4 KiB on a replay, and the page size of a WAL database never changes later.
        db.exec("PRAGMA page_size = " + std::to_string(kPageSize));
        // WAL must be chosen outside a transaction; on an empty file it changes nothing else.
        db.exec("PRAGMA journal_mode = WAL");
        // Another writer may be creating the same file right now: decide under the write lock.
        db.exec("BEGIN IMMEDIATE");
        try {
            id = identify(db);
            if (id.empty()) create_schema(db);
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
        id = identify(db);
    }
    if (auto why = refusal(id, Access::Write); !why.empty()) throw JournalOpenError(db.path() + ": " + why);
    if (id.version < kSchemaVersion) upgrade(db);
    Statement mode = db.prepare("PRAGMA journal_mode = WAL");
    if (mode.step() && mode.column_text(0) != "wal")
        diag::warn("{}: WAL mode unavailable (journal mode {}); readers may block the writer", db.path(),
                   mode.column_text(0));
    // A commit survives a crash of the process; only a power cut can lose the last commits,
    // and commits that must survive that too ask for a sync of their own (Store).
    db.exec("PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768");
    // Checkpoints (the WAL copied into the database, with an fsync of each) every 64 MiB of
    // WAL instead of SQLite's 4 MiB: the same bytes, a sixteenth of the syncs.
    const std::int64_t page = std::max<std::int64_t>(db.query_int("PRAGMA page_size"), 512);
    db.exec("PRAGMA wal_autocheckpoint = " + std::to_string((64 << 20) / page));
}

// A reader of a WAL journal needs its -shm file, which it may not be allowed to create (a
// journal copied to a read-only place, another user's journal). When the journal has no -wal
// file it was closed cleanly, nothing is being written to it, and it can be read as immutable.
Database open_for_reading(const std::string& path, bool immutable) {
    check_exists(path);
    Database db(path, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READONLY | (immutable ? SQLITE_OPEN_URI : 0),
                immutable ? file_uri(path, "immutable=1") : std::string());
    sqlite3_busy_timeout(db.handle(), 10000);
    try {
        if (auto why = refusal(identify(db), Access::Read); !why.empty())
            throw JournalOpenError(path + ": " + why);
    } catch (const JournalOpenError&) {
        throw;
    } catch (const JournalError& e) {
        struct stat st {};
        if (!immutable && read_only_error(e.what()) && ::stat((path + "-wal").c_str(), &st) != 0)
            return open_for_reading(path, true);
        throw JournalOpenError(path + ": " + describe(e, Access::Read));
    }
    return db;
}

}  // namespace

Database open_journal(const std::string& path, Access access) {
    if (access == Access::Read) return open_for_reading(path, false);
    Database db(path, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // A file the process may not write (permissions, a read-only mount) opens read-only
    // without complaint; say so now rather than at the first commit.
    if (sqlite3_db_readonly(db.handle(), "main") == 1)
        throw JournalOpenError(path + ": cannot write: the journal is read-only");
    // Several runs may share a file: a second writer waits its turn rather than failing.
    sqlite3_busy_timeout(db.handle(), 10000);
    try {
        prepare_for_writing(db);
    } catch (const JournalOpenError&) {
        throw;
    } catch (const JournalError& e) {
        throw JournalOpenError(path + ": " + describe(e, Access::Write));
    }
    return db;
}

int schema_version(Database& db) {
    return static_cast<int>(db.query_int("PRAGMA user_version"));
}

}  // namespace sos::journal
