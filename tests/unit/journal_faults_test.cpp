// Faults: a run resumed after a crash does not journal a line twice; a full disk and a
// read-only journal are errors that name the file, never silent loss.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "diag/log.hpp"
#include "journal/hist_flag.hpp"
#include "journal/journal_filter.hpp"
#include "journal_test_util.hpp"
#include "ndjson/output.hpp"

using namespace journal_test;

namespace {

std::string candle(int minute) {
    return fmt::format(
        R"({{"type":"CANDLE","timestamp":{},"symbol":"NIFTY","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":{}}})",
        1704685500 + 60 * minute, minute);
}

}  // namespace

TEST_CASE("a resumed run skips the lines it holds already and appends the rest once") {
    TempDir dir;
    {
        auto first = make_store(dir.file("j.db"), "day");
        for (int m = 0; m < 3; ++m)
            append(*first, candle(m));
        // Killed here: nothing more was committed.
    }
    auto again = make_store(dir.file("j.db"), "day");
    REQUIRE(again->run().resumed);
    for (int m = 0; m < 5; ++m)
        REQUIRE(append(*again, candle(m)) == (m >= 3));
    REQUIRE(again->skipped() == 3);
    again->close();
    std::vector<std::string> want;
    for (int m = 0; m < 5; ++m)
        want.push_back(candle(m));
    REQUIRE(stored_lines(dir.file("j.db")) == want);
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("SELECT sum(lines) FROM market_blocks") == 5);
    REQUIRE(last_seq(r.db, 1) == 5);
}

TEST_CASE("a resumed run fed its own lines back as history skips them and appends what is new") {
    TempDir dir;
    {
        auto first = make_store(dir.file("j.db"), "day");
        for (int m = 0; m < 3; ++m)
            append(*first, candle(m));
    }
    // sos-journal replay --as-hist | sos-risk | sos-exec | sos-journal: the run's own lines
    // come back marked hist: true, then the session carries on.
    auto again = make_store(dir.file("j.db"), "day");
    for (int m = 0; m < 3; ++m)
        REQUIRE_FALSE(append(*again, with_hist_true(candle(m))));
    REQUIRE(append(*again, candle(3)));
    again->close();
    REQUIRE(again->skipped() == 3);
    REQUIRE(stored_lines(dir.file("j.db")) ==
            std::vector<std::string>{candle(0), candle(1), candle(2), candle(3)});
}

TEST_CASE("a resumed run whose input carries on differently appends after its last line") {
    TempDir dir;
    {
        auto first = make_store(dir.file("live.db"), "live");
        append(*first, candle(0));
        append(*first, candle(1));
    }
    // A live stream restarted where it was, not from its beginning: nothing is skipped.
    auto again = make_store(dir.file("live.db"), "live");
    REQUIRE(append(*again, candle(5)));
    REQUIRE(append(*again, candle(0)));  // once the input differed, every line is appended
    again->close();
    REQUIRE(again->skipped() == 0);
    REQUIRE(stored_lines(dir.file("live.db")) ==
            std::vector<std::string>{candle(0), candle(1), candle(5), candle(0)});
}

TEST_CASE("a process killed mid batch keeps its commits and its run resumes without doubling") {
    TempDir dir;
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // A failed check in the child must end it, not run the rest of the suite in it.
        try {
            StoreOptions o;
            o.batch_rows = 2;  // a commit every two candle lines
            auto s = make_store(dir.file("j.db"), "k", o);
            for (int m = 0; m < 3; ++m)
                append(*s, candle(m));
            ::_exit(s->committed_seq() == 2 ? 0 : 1);  // no destructor, no last commit: a kill
        } catch (...) {
            ::_exit(2);
        }
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(stored_lines(dir.file("j.db")) == std::vector<std::string>{candle(0), candle(1)});
    {
        auto again = make_store(dir.file("j.db"), "k");
        for (int m = 0; m < 4; ++m)
            append(*again, candle(m));
        REQUIRE(again->skipped() == 2);
    }
    REQUIRE(stored_lines(dir.file("j.db")) ==
            std::vector<std::string>{candle(0), candle(1), candle(2), candle(3)});
}

TEST_CASE("a full journal is a clear error naming the file and what it kept") {
    TempDir dir;
    StoreOptions o;
    o.batch_rows = 2;
    auto store = make_store(dir.file("j.db"), "full", o);
    // SQLite's page limit stands in for a full disk: the same error, SQLITE_FULL.
    store->database().exec("PRAGMA max_page_count = " +
                           std::to_string(store->database().query_int("PRAGMA page_count") + 2));
    JournalFilter filter(*store);
    sos::ndjson::StringSink sink;
    sos::ndjson::Output out(sink);
    sos::event::EventList events;
    sos::diag::CaptureForTest diagnostics;
    const std::string big(3000, 'x');
    int passed = 0;
    for (int m = 0; m < 200 && !filter.failed(); ++m) {
        const std::string line = fmt::format(
            R"({{"type":"ALERT","timestamp":{},"level":"info","code":"FILL","message":"{}","tool":"t"}})",
            1704685500 + m, big);
        REQUIRE(decoder().decode(line, events));
        filter.on_line({line, static_cast<std::uint64_t>(m + 1), "ALERT", sos::event::Kind::Alert}, events,
                       out);
        ++passed;
    }
    REQUIRE(filter.failed());
    REQUIRE(std::count(sink.text.begin(), sink.text.end(), '\n') == passed);  // still passed on
    REQUIRE_THAT(diagnostics.text(), Catch::Contains("j.db: writing the journal failed at input line") &&
                                         Catch::Contains("full") &&
                                         Catch::Contains("holds its lines up to seq"));
}

TEST_CASE("a read-only journal is refused for writing with its name") {
    TempDir dir;
    { open_journal(dir.file("j.db"), Access::Write); }
    ::chmod(dir.path.c_str(), 0755);
    ::chmod(dir.file("j.db").c_str(), 0444);
    // Permissions do not bind root: check as an unprivileged user in a child process.
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
        try {
            open_journal(dir.file("j.db"), Access::Write);
        } catch (const JournalOpenError& e) {
            const std::string what = e.what();
            ::_exit(what.find("j.db") != std::string::npos && what.find("read-only") != std::string::npos
                        ? 0
                        : 1);
        } catch (...) {
            ::_exit(2);
        }
        ::_exit(4);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
}
