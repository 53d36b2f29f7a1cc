// A thin RAII layer over SQLite's C API: one connection, prepared statements bound, stepped
// and reset in place (so the hot path never re-parses SQL), and the exceptions the journal
// throws, each carrying the database's own message and the file it concerns.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace sos::journal {

class JournalError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The file could not be opened, or is not a journal this build can use. Tools turn this into
// an exit status (66 for a journal being read, 73 for one being written) instead of exit 70.
class JournalOpenError : public JournalError {
public:
    using JournalError::JournalError;
};

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
    Statement& operator=(Statement&& o) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are numbered from 1, as in SQLite. Text is bound without a copy: it must stay
    // valid until the statement has been stepped.
    void bind_real(int i, double v);
    void bind_int(int i, std::int64_t v);
    void bind_text(int i, std::string_view v);
    void bind_text_copy(int i, std::string_view v);
    // Bytes, bound without a copy like text.
    void bind_blob(int i, std::string_view v);
    void bind_null(int i);

    // Steps once: true when a row is available, false when done. Throws on an error.
    bool step();
    // Steps a statement that returns no rows, then resets it for the next use. Its parameters
    // keep their values: the inserters bind every one of them for every row, and clearing
    // them costs a measurable share of an insert.
    void run();
    // Back to the start, parameters cleared.
    void reset();

    bool is_null(int col) const;
    double column_real(int col) const;
    std::int64_t column_int(int col) const;
    std::string column_text(int col) const;
    // Valid until the statement is stepped or reset again.
    std::string_view column_view(int col) const;
    // A BLOB's bytes, valid as column_view's.
    std::string_view column_blob(int col) const;
    std::optional<double> column_opt_real(int col) const {
        return is_null(col) ? std::nullopt : std::optional<double>(column_real(col));
    }

private:
    [[noreturn]] void fail(int rc) const;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    // flags are SQLite's open flags (SQLITE_OPEN_READWRITE, ...). With SQLITE_OPEN_URI, `uri`
    // is what is opened and `path` only names the file in messages. Throws JournalOpenError.
    Database(const std::string& path, int flags, const std::string& uri = {});
    ~Database();
    Database(Database&& o) noexcept : db_(o.db_), path_(std::move(o.path_)) { o.db_ = nullptr; }
    Database& operator=(Database&&) = delete;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs SQL that returns no rows worth reading (several statements allowed).
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    // The first column of the first row of a query returning one integer.
    std::int64_t query_int(std::string_view sql);
    std::int64_t last_insert_rowid() const;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// Runs `work` in a transaction opened with `begin` ("BEGIN": every read sees one state while a
// writer appends; "BEGIN IMMEDIATE": under the write lock), committed when it returns and
// rolled back when it throws.
template <class Work>
auto in_transaction(Database& db, const char* begin, Work&& work) -> decltype(work()) {
    db.exec(begin);
    try {
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            db.exec("COMMIT");
        } else {
            auto result = work();
            db.exec("COMMIT");
            return result;
        }
    } catch (...) {
        try {
            db.exec("ROLLBACK");
        } catch (const JournalError&) {
        }
        throw;
    }
}

}  // namespace sos::journal
