// Helpers shared by the journal's unit tests: a temporary directory, a second (reading)
// connection, and a store fed with decoded lines as sos-journal's filter would feed it.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "event/decoder.hpp"
#include "journal/run_lines.hpp"
#include "journal/schema.hpp"
#include "journal/store.hpp"

#include "temp_dir.hpp"

namespace journal_test {

namespace fs = std::filesystem;
using namespace sos::journal;

using sos::test::TempDir;

// A second connection, as a reader of the journal (sqlite3 or a report tool) would have.
struct Reader {
    Database db;
    explicit Reader(const std::string& path) : db(path, SQLITE_OPEN_READONLY) {}
    std::int64_t count(const std::string& sql) { return db.query_int(sql); }
    std::string text(const std::string& sql) {
        Statement s = db.prepare(sql);
        return s.step() ? s.column_text(0) : std::string("<no row>");
    }
    double real(const std::string& sql) {
        Statement s = db.prepare(sql);
        return s.step() ? s.column_real(0) : -1;
    }
};

inline std::unique_ptr<Store> make_store(const std::string& path, const std::string& run = "test",
                                         StoreOptions o = {}) {
    return std::make_unique<Store>(open_journal(path, Access::Write),
                                   RunRequest{run, "test 0", "journal_test", 0}, o);
}

inline sos::event::Decoder& decoder() {
    static sos::event::Decoder d;
    return d;
}

// Returns what Store::append returned: false for a line a resumed run already held.
inline bool append(Store& store, const std::string& line) {
    sos::event::EventList events;
    INFO(line);
    REQUIRE(decoder().decode(line, events));
    return store.append(decoder().type(), line, events);
}

// A run's stored lines in order, wherever the journal keeps them.
inline std::vector<std::string> stored_lines(const std::string& db, std::int64_t run_id = 1) {
    Reader r(db);
    RunLines lines(r.db, run_id);
    std::vector<std::string> out;
    while (lines.next())
        out.emplace_back(lines.line());
    return out;
}

inline std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

// The hand-worked two-day session of tests/golden/sos-journal/report-session.
inline std::string session_file() {
    return std::string(SOS_SOURCE_DIR) + "/tests/golden/sos-journal/report-session/stdin";
}

}  // namespace journal_test
