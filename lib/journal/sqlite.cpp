#include "journal/sqlite.hpp"

#include <sqlite3.h>

#include <string>

namespace sos::journal {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = std::string(sqlite3_errmsg(db)) + " in: " + std::string(sql);
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throw JournalError(msg);
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(stmt_);
        db_ = o.db_;
        stmt_ = o.stmt_;
        o.stmt_ = nullptr;
    }
    return *this;
}

void Statement::fail(int rc) const {
    std::string msg = sqlite3_errmsg(db_);
    if (msg.empty() || msg == "not an error") msg = sqlite3_errstr(rc);
    throw JournalError(msg);
}

void Statement::bind_real(int i, double v) {
    if (int rc = sqlite3_bind_double(stmt_, i, v); rc != SQLITE_OK) fail(rc);
}

void Statement::bind_int(int i, std::int64_t v) {
    if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) fail(rc);
}

void Statement::bind_text(int i, std::string_view v) {
    // An empty view may carry a null pointer, which SQLite would store as NULL, not ''.
    const char* p = v.data() ? v.data() : "";
    if (int rc = sqlite3_bind_text(stmt_, i, p, static_cast<int>(v.size()), SQLITE_STATIC); rc != SQLITE_OK)
        fail(rc);
}

void Statement::bind_text_copy(int i, std::string_view v) {
    const char* p = v.data() ? v.data() : "";
    if (int rc = sqlite3_bind_text(stmt_, i, p, static_cast<int>(v.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        fail(rc);
}

void Statement::bind_blob(int i, std::string_view v) {
    // A zero-length blob, not NULL, for an empty view.
    const char* p = v.data() ? v.data() : "";
    if (int rc = sqlite3_bind_blob(stmt_, i, p, static_cast<int>(v.size()), SQLITE_STATIC); rc != SQLITE_OK)
        fail(rc);
}

void Statement::bind_null(int i) {
    if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) fail(rc);
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(rc);
}

void Statement::run() {
    step();
    sqlite3_reset(stmt_);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
double Statement::column_real(int col) const {
    return sqlite3_column_double(stmt_, col);
}
std::int64_t Statement::column_int(int col) const {
    return sqlite3_column_int64(stmt_, col);
}

std::string Statement::column_text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

namespace {

// Before SQLite's first use in the process: without memory statistics, no allocation takes
// SQLite's global mutex (a few per cent of a journal's ingest). Refused harmlessly when
// SQLite was already initialised.
void configure_once() {
    static const bool done = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)done;
}

}  // namespace

std::string_view Statement::column_view(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string_view Statement::column_blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    if (!p) return {};
    return {static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

Database::Database(const std::string& path, int flags, const std::string& uri) : path_(path) {
    configure_once();
    int rc = sqlite3_open_v2(uri.empty() ? path.c_str() : uri.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw JournalOpenError(path + ": cannot open: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
    sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        throw JournalError(msg);
    }
}

std::int64_t Database::query_int(std::string_view sql) {
    Statement s(db_, sql);
    return s.step() ? s.column_int(0) : 0;
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

}  // namespace sos::journal
