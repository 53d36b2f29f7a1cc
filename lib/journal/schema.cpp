#include "journal/schema.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "diag/log.hpp"
#include "journal/tables.hpp"

namespace sos::journal {

namespace {

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
    line TEXT NOT NULL,
    UNIQUE (run_id, seq)
);
CREATE INDEX raw_ts ON raw (ts);
)sql";

// raw is indexed by time only: a query by symbol finds its lines faster through the typed
// tables' (symbol, ts) indexes and their raw_id, and each index less is a sixth more lines/s.
void create_schema(Database& db) {
    std::string sql(kRunsAndRaw);
    for (const auto& t : event_tables())
        sql += create_table_sql(t);
    sql += create_table_sql(kOptionQuotes);
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

// Empty string when the identity is that of a journal this build can use.
std::string refusal(const Identity& id) {
    if (id.empty()) return "not an sos journal (an empty database)";
    if (id.application_id != kApplicationId) return "not an sos journal (a foreign SQLite database)";
    if (id.version > kSchemaVersion)
        return "journal schema version " + std::to_string(id.version) +
               " is newer than this sos-journal reads (" + std::to_string(kSchemaVersion) +
               "); use a newer sos";
    if (id.version < 1) return "unknown journal schema version " + std::to_string(id.version);
    return {};
}

std::string describe(const JournalError& e) {
    std::string_view what = e.what();
    if (what.find("file is not a database") != std::string_view::npos)
        return "not an sos journal (not an SQLite database)";
    return std::string(what);
}

void check_exists(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw JournalOpenError(path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw JournalOpenError(path + ": cannot open: is a directory");
}

void prepare_for_writing(Database& db) {
    Identity id = identify(db);
    if (id.empty()) {
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
    if (auto why = refusal(id); !why.empty()) throw JournalOpenError(db.path() + ": " + why);
    Statement mode = db.prepare("PRAGMA journal_mode = WAL");
    if (mode.step() && mode.column_text(0) != "wal")
        diag::warn("{}: WAL mode unavailable (journal mode {}); readers may block the writer", db.path(),
                   mode.column_text(0));
    // A commit survives a crash of the process; only a power cut can lose the last commits,
    // and commits that must survive that too ask for a sync of their own (Store).
    db.exec("PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768");
}

}  // namespace

Database open_journal(const std::string& path, Access access) {
    if (access == Access::Read) check_exists(path);
    const int flags =
        SQLITE_OPEN_NOMUTEX |
        (access == Access::Write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
    Database db(path, flags);
    // Several runs may share a file: a second writer waits its turn rather than failing.
    sqlite3_busy_timeout(db.handle(), 10000);
    try {
        if (access == Access::Write) {
            prepare_for_writing(db);
        } else if (auto why = refusal(identify(db)); !why.empty()) {
            throw JournalOpenError(path + ": " + why);
        }
    } catch (const JournalOpenError&) {
        throw;
    } catch (const JournalError& e) {
        throw JournalOpenError(path + ": " + describe(e));
    }
    return db;
}

}  // namespace sos::journal
