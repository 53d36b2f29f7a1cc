// The journal's storage: market lines in compact blocks and every other line as text, given
// back in order and byte for byte by replay and to a resumed run; a run cut short in the middle
// of a batch; a journal read while it is being written; a journal of the previous schema read
// and brought up to date.
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "journal/replay.hpp"
#include "journal/report.hpp"
#include "journal/summary.hpp"
#include "journal/tables.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;

namespace {

// Every kind the contract knows, in the canonical form and in the seed forms, with what a
// compact form must not lose: history, numbers no slot holds, fields no tool knows, spacing.
const char* const kEveryKind[] = {
    R"({"type":"TICK","timestamp":1704685500.25,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":22000.5,"volume":1000,"bid":22000,"ask":22001})",
    R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"1m","o":22000,"h":22010,"l":21995,"c":22005.05,"v":1200})",
    R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"5m","o":22000.10,"h":22010,"l":21995,"c":22005,"v":1.2e3,"oi":0.000})",
    R"({ "type": "CANDLE", "timestamp": 1704685560, "symbol": "NIFTY", "tf": "1m", "o": 1.0, "h": 1.50, "l": 1, "c": 1.5, "v": 0 , "x": -0.0 })",
    R"({"type":"CANDLE","timestamp":1704685560,"symbol":"RELIANCE","tf":"1m","o":2500,"h":2501,"l":2499,"c":2500,"v":10,"hist":true,"note":"a \"quoted\" 12.5","extra":{"n":[1,2.50,-3]}})",
    R"({"type":"OPTION_CHAIN","timestamp":1704685560,"symbol":"NIFTY","expiry":"2024-01-11","spot":22005,"lot_size":65,"strikes":[{"strike":22000,"ce":{"ltp":120,"oi":5000,"iv":0.1234,"delta":0.52},"pe":{"ltp":110,"oi":6000}},{"strike":22050,"ce":{"ltp":95.05,"oi":4000}}]})",
    R"({"type":"BREADTH","timestamp":1704685560,"symbol":"NIFTY","adv":30,"dec":20,"unchanged":1})",
    R"({"type":"SENTIMENT_UPDATE","timestamp":1704685560,"pcr":0.9523809523809523,"velocity":-0.01,"breadth":{"adv":30,"dec":20},"iv":0.14,"regime":"SIDEWAYS"})",
    R"({"type":"REGIME","timestamp":1704685560,"symbol":"NIFTY","regime":"BULLISH","score":0.4,"flags":["HALF_SIZE"],"changed":true,"inputs":{"pcr":0.8}})",
    R"({"type":"SIGNAL","timestamp":1704685620,"symbol":"NIFTY","id":"A:NIFTY:1m:1704685560","pattern_id":"A","side":"BUY","tf":"1m","candle_ts":1704685560,"entry":22005,"sl":21990,"tp":22035,"risk":15,"tp_mult":2,"quantity_mod":1,"regime":null,"vars":{"x":1}})",
    R"({"type":"ORDER","timestamp":1704685620,"symbol":"NIFTY","id":"o1","signal_id":"A:NIFTY:1m:1704685560","side":"BUY","qty":65,"order_type":"MARKET","product":"MIS"})",
    R"({"type":"REJECT","timestamp":1704685620,"stage":"risk","ref":"s1","reason":"DAILY_LOSS","detail":"limit hit"})",
    R"({"type":"ORDER_UPDATE","timestamp":1704685621,"id":"o1","status":"COMPLETE","filled_qty":65,"avg_price":22005.5})",
    R"({"type":"FILL","timestamp":1704685621,"symbol":"NIFTY","order_id":"o1","side":"BUY","qty":65,"price":22005.5,"fees":20})",
    R"({"type":"EXIT","timestamp":1704685680,"symbol":"NIFTY","order_id":"o1","reason":"TP","price":22035,"qty":65,"pnl":1917.5})",
    R"({"type":"POSITION","timestamp":1704685680,"symbol":"NIFTY","qty":0,"avg_price":0,"realized_pnl":1917.5,"unrealized_pnl":0})",
    R"({"type":"ALERT","level":"warn","code":"FEED_STALE","message":"no ticks","tool":"sos-feed"})",
    R"({"type":"HEALTH","tool":"sos-feed","pid":42,"uptime_s":3,"in":1,"out":2,"bad":0})",
    R"({"type":"CONTROL","command":"kill","scope":"NIFTY"})",
    R"({"type":"MY_THING","timestamp":1704685690,"x":1})",
    R"({"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685200,"symbol":"RELIANCE","tf":"1m","o":2500,"h":2505,"l":2499,"c":2503,"v":100}]})",
    R"({"type":"CANDLE_UPDATE","symbol":"NIFTY","timestamp":1704685740,"1m":{"o":21700,"h":21720,"l":21690,"c":21710,"v":1000},"5m":{"o":21700,"h":21720,"l":21690,"c":21710,"v":1000}})",
    R"({"type":"MARKET_UPDATE","symbol":"NIFTY_BANK","timestamp":1704685740,"data":{"candle":{"o":48100,"h":48250,"l":48050,"c":48150,"v":15000},"sentiment":{"pcr":1.15}}})",
    R"({"type":"OPTION_CHAIN_UPDATE","timestamp":1704685740000,"data":{"symbol":"NIFTY","chain":[{"strike":21700,"call_oi_chg":1200,"put_oi_chg":-300}]}})",
    R"({"type":"CANDLE","timestamp":1704685800,"symbol":"NIFTY","tf":"1m","o":22005.05,"h":22010,"l":21995,"c":22001,"v":1300})",
};

// What a canonical market line is: one event of a market kind, its type written as such.
bool is_compact(const std::string& line) {
    sos::event::EventList events;
    if (!decoder().decode(line, events) || events.size() != 1) return false;
    return is_market_kind(events[0].env.kind) &&
           decoder().type() == sos::event::type_name(events[0].env.kind);
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

std::string replayed(const std::string& path, const std::string& run = {}, ReplayOptions o = {}) {
    auto db = open_journal(path, Access::Read);
    o.run = run;
    std::string out;
    replay(db, o, [&](std::string_view chunk) {
        out += chunk;
        return true;
    });
    return out;
}

std::vector<std::string> every_kind() {
    return {std::begin(kEveryKind), std::end(kEveryKind)};
}

}  // namespace

TEST_CASE("every kind of line comes back byte for byte, whichever table keeps it") {
    const auto lines = every_kind();
    std::int64_t compact = 0;
    for (const auto& l : lines)
        compact += is_compact(l) ? 1 : 0;
    REQUIRE(compact == 10);
    for (const bool market_rows : {false, true}) {
        INFO("market rows: " << market_rows);
        TempDir dir;
        StoreOptions o;
        o.market_rows = market_rows;
        {
            auto store = make_store(dir.file("j.db"), "all", o);
            for (const auto& l : lines)
                append(*store, l);
        }
        REQUIRE(replayed(dir.file("j.db")) == joined(lines));
        Reader r(dir.file("j.db"));
        REQUIRE(r.count("SELECT sum(lines) FROM market_blocks") == compact);
        REQUIRE(r.count("SELECT count(*) FROM raw") == static_cast<std::int64_t>(lines.size()) - compact);
        // Market events have rows of their own only when asked; the history line's always.
        // (the SYNC_RECOVERY's, the CANDLE_UPDATE's two and the MARKET_UPDATE's, and the five
        // canonical candles with market rows).
        REQUIRE(r.count("SELECT count(*) FROM candles") == (market_rows ? 9 : 4));
        // (the OPTION_CHAIN_UPDATE's CE and PE, and the chain's three with market rows).
        REQUIRE(r.count("SELECT count(*) FROM option_quotes") == (market_rows ? 5 : 2));
    }
}

TEST_CASE("a run's lines narrowed by time and type come back as they were") {
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"), "all");
        for (const auto& l : every_kind())
            append(*store, l);
    }
    ReplayOptions o;
    o.types = {"CANDLE", "ORDER"};
    REQUIRE(replayed(dir.file("j.db"), "all", o) == joined({kEveryKind[1], kEveryKind[2], kEveryKind[3],
                                                            kEveryKind[4], kEveryKind[10], kEveryKind[24]}));
    ReplayOptions range;
    range.range = TimeRange{1704685560, 1704685620};
    REQUIRE(
        replayed(dir.file("j.db"), "all", range) ==
        joined({kEveryKind[3], kEveryKind[4], kEveryKind[5], kEveryKind[6], kEveryKind[7], kEveryKind[8]}));
}

TEST_CASE("summary counts the same whether market events also have rows") {
    std::vector<Summary> sums;
    for (const bool market_rows : {false, true}) {
        TempDir dir;
        StoreOptions o;
        o.market_rows = market_rows;
        {
            auto store = make_store(dir.file("j.db"), "all", o);
            for (const auto& l : every_kind())
                append(*store, l);
        }
        auto db = open_journal(dir.file("j.db"), Access::Read);
        sums.push_back(summarize(db));
    }
    const Summary& a = sums[0];
    const Summary& b = sums[1];
    REQUIRE(a.lines == std::size(kEveryKind));
    REQUIRE(a.lines == b.lines);
    REQUIRE(a.first == b.first);
    REQUIRE(a.last == b.last);
    REQUIRE(a.option_quotes == 5);
    REQUIRE(b.option_quotes == 5);
    REQUIRE(a.types.size() == b.types.size());
    for (std::size_t i = 0; i < a.types.size(); ++i) {
        INFO(a.types[i].type);
        REQUIRE(a.types[i].type == b.types[i].type);
        REQUIRE(a.types[i].count.events == b.types[i].count.events);
        REQUIRE(a.types[i].count.hist == b.types[i].count.hist);
        REQUIRE(a.types[i].count.first == b.types[i].count.first);
        REQUIRE(a.types[i].count.last == b.types[i].count.last);
        REQUIRE(a.types[i].symbols.size() == b.types[i].symbols.size());
    }
    // CANDLE: five lines of their own (one history) and one in the SYNC_RECOVERY (history),
    // two more from the CANDLE_UPDATE and one from the MARKET_UPDATE.
    REQUIRE(a.types[1].type == "CANDLE");
    REQUIRE(a.types[1].count.events == 9);
    REQUIRE(a.types[1].count.hist == 2);
}

TEST_CASE("the output of every tool's golden cases journals and replays byte for byte") {
    namespace fs = std::filesystem;
    const fs::path golden = fs::path(SOS_SOURCE_DIR) / "tests" / "golden";
    std::size_t files = 0, lines_seen = 0, compact_seen = 0;
    for (const auto& entry : fs::recursive_directory_iterator(golden)) {
        const std::string name = entry.path().filename().string();
        const bool ndjson =
            name == "expected_stdout" || name == "stdin" || entry.path().extension() == ".ndjson";
        if (!entry.is_regular_file() || !ndjson) continue;
        // The lines a journal would take: those that decode.
        std::vector<std::string> lines;
        std::int64_t compact = 0;
        sos::event::EventList events;
        for (const auto& l : read_lines(entry.path().string())) {
            if (!decoder().decode(l, events)) continue;
            lines.push_back(l);
            compact += is_compact(l) ? 1 : 0;
        }
        if (lines.empty()) continue;
        INFO(entry.path().string());
        TempDir dir;
        {
            auto store = make_store(dir.file("j.db"), "golden");
            for (const auto& l : lines)
                append(*store, l);
        }
        REQUIRE(replayed(dir.file("j.db")) == joined(lines));
        // Every market line of a real output fits a block: none fell back to text.
        Reader r(dir.file("j.db"));
        REQUIRE(r.count("SELECT coalesce(sum(lines), 0) FROM market_blocks") == compact);
        ++files;
        lines_seen += lines.size();
        compact_seen += static_cast<std::size_t>(compact);
    }
    REQUIRE(files >= 20);
    REQUIRE(compact_seen * 2 > lines_seen);
}

namespace {

std::string candle_line(const char* symbol, int minute, double close) {
    return fmt::format(
        R"({{"type":"CANDLE","timestamp":{},"symbol":"{}","tf":"1m","o":{:.2f},"h":{:.2f},"l":{:.2f},"c":{:.2f},"v":{}}})",
        1704685500 + 60 * minute, symbol, close - 0.5, close + 1, close - 1.05, close, 1000 + minute);
}

std::string position_line(int minute) {
    return fmt::format(
        R"({{"type":"POSITION","timestamp":{},"symbol":"NIFTY","qty":65,"avg_price":22000,"realized_pnl":0,"unrealized_pnl":{}}})",
        1704685500 + 60 * minute, minute * 5);
}

// Candles of three symbols a minute with a POSITION line every few minutes: blocks and raw
// rows interleaved.
std::vector<std::string> session(int minutes) {
    std::vector<std::string> lines;
    for (int m = 0; m < minutes; ++m) {
        for (const char* s : {"NIFTY", "BANKNIFTY", "RELIANCE"})
            lines.push_back(candle_line(s, m, 1000 + m * 0.35 + (s[0] == 'B' ? 2000 : 0)));
        if (m % 3 == 0) lines.push_back(position_line(m));
    }
    return lines;
}

}  // namespace

TEST_CASE("a run cut short in the middle of a batch resumes and holds each line once") {
    TempDir dir;
    const auto lines = session(20);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        try {
            StoreOptions o;
            o.batch_rows = 7;
            auto s = make_store(dir.file("j.db"), "k", o);
            for (std::size_t i = 0; i < 40; ++i)
                append(*s, lines[i]);
            // Killed here, with a batch open: no destructor, no last commit.
            ::_exit(s->committed_seq() > 0 && s->committed_seq() < 40 ? 0 : 1);
        } catch (...) {
            ::_exit(2);
        }
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WEXITSTATUS(status) == 0);
    const auto kept = stored_lines(dir.file("j.db"));
    REQUIRE(kept.size() < 40);
    REQUIRE(kept == std::vector<std::string>(lines.begin(), lines.begin() + static_cast<long>(kept.size())));
    {
        // The backtest run again from its start: what the journal holds is skipped.
        auto again = make_store(dir.file("j.db"), "k");
        for (const auto& l : lines)
            append(*again, l);
        REQUIRE(again->skipped() == static_cast<std::int64_t>(kept.size()));
    }
    REQUIRE(stored_lines(dir.file("j.db")) == lines);
    REQUIRE(replayed(dir.file("j.db"), "k") == joined(lines));
    // The second session's first block starts afresh: it depends on nothing the killed
    // process wrote.
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("SELECT count(*) FROM market_blocks WHERE independent = 1") == 2);
}

TEST_CASE("a journal read while it is being written shows every commit whole and in order") {
    TempDir dir;
    const auto lines = session(400);
    const std::string all = joined(lines);
    StoreOptions o;
    o.batch_rows = 25;
    auto store = make_store(dir.file("j.db"), "live", o);
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, bad{0};
    std::string bad_read;
    std::thread reader([&] {
        while (!done.load()) {
            try {
                const std::string seen = replayed(dir.file("j.db"), "live");
                // A prefix of the input that ends at a line's end.
                if (all.compare(0, seen.size(), seen) != 0 || (!seen.empty() && seen.back() != '\n')) {
                    if (bad++ == 0) bad_read = seen;
                }
            } catch (const std::exception& e) {
                if (bad++ == 0) bad_read = e.what();
            }
            ++reads;
        }
    });
    for (const auto& l : lines)
        append(*store, l);
    store->close();
    // At least one read after the last commit.
    const int before = reads.load();
    while (reads.load() < before + 2)
        std::this_thread::yield();
    done = true;
    reader.join();
    INFO(bad_read.substr(0, 500));
    REQUIRE(bad.load() == 0);
    REQUIRE(reads.load() >= 2);
    REQUIRE(replayed(dir.file("j.db"), "live") == all);
}

namespace {

// A journal written by the sos-journal of schema 2 (tests/unit/data/journal-schema2.sql).
std::string schema2_journal(const TempDir& dir) {
    std::ifstream in(std::string(SOS_SOURCE_DIR) + "/tests/unit/data/journal-schema2.sql");
    REQUIRE(in.good());
    std::stringstream sql;
    sql << in.rdbuf();
    const std::string path = dir.file("old.db");
    Database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec(sql.str());
    db.exec("PRAGMA journal_mode = WAL");
    return path;
}

const char* const kSchema2Market[] = {
    R"({"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685440,"symbol":"NIFTY","tf":"1m","o":21990,"h":22001,"l":21985,"c":22000,"v":900}]})",
    R"({"type":"TICK","timestamp":1704685500.25,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":22000.5})",
    R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"1m","o":22000,"h":22010,"l":21995,"c":22005,"v":1200})",
    R"({"type":"CANDLE","timestamp":1704685500,"symbol":"BANKNIFTY","tf":"1m","o":48000,"h":48020,"l":47990,"c":48010,"v":800})",
    R"({"type":"OPTION_CHAIN","timestamp":1704685500,"symbol":"NIFTY","expiry":"2024-01-11","spot":22005,"strikes":[{"strike":22000,"ce":{"ltp":120,"oi":5000},"pe":{"ltp":110,"oi":6000}}]})",
    R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"pcr":0.95,"velocity":0.01})",
    R"({"type":"REGIME","timestamp":1704685500,"symbol":"NIFTY","regime":"BULLISH","score":0.4,"flags":["HALF_SIZE"],"changed":true,"inputs":{"pcr":0.8}})",
    R"({"type":"CANDLE","timestamp":1704685560,"symbol":"NIFTY","tf":"1m","o":22005,"h":22012.5,"l":22001,"c":22011.05,"v":1300,"hist":true})",
    R"({"type":"ALERT","level":"info","code":"TEST","message":"hello","tool":"e2e"})",
    R"({"type":"SOMETHING_NEW","timestamp":1704685570,"payload":[1,2,3]})",
};

}  // namespace

TEST_CASE("a journal of schema 2 is read as it was written") {
    TempDir dir;
    const std::string path = schema2_journal(dir);
    REQUIRE(replayed(path, "market") ==
            joined(std::vector<std::string>(std::begin(kSchema2Market), std::end(kSchema2Market))));
    REQUIRE(replayed(path, "session") == joined(read_lines(session_file())));
    auto db = open_journal(path, Access::Read);
    REQUIRE(schema_version(db) == 2);
    const Summary sum = summarize(db, "market");
    REQUIRE(sum.lines == std::size(kSchema2Market));
    REQUIRE(sum.option_quotes == 2);
    REQUIRE(sum.types[1].type == "CANDLE");
    REQUIRE(sum.types[1].count.events == 4);
    const Report report = build_report(db, ReportOptions{"session", {}, 100000 * 100, nullptr});
    REQUIRE(report.overall.trades > 0);
}

TEST_CASE("recording into a journal of schema 2 brings it up to date and keeps its runs") {
    TempDir dir;
    const std::string path = schema2_journal(dir);
    Report before;
    {
        auto db = open_journal(path, Access::Read);
        before = build_report(db, ReportOptions{"session", {}, 100000 * 100, nullptr});
    }
    {
        auto store = make_store(path, "new");
        for (const auto& l : every_kind())
            append(*store, l);
    }
    Reader r(path);
    REQUIRE(r.count("PRAGMA user_version") == kSchemaVersion);
    REQUIRE(replayed(path, "new") == joined(every_kind()));
    REQUIRE(replayed(path, "market") ==
            joined(std::vector<std::string>(std::begin(kSchema2Market), std::end(kSchema2Market))));
    auto db = open_journal(path, Access::Read);
    const Report after = build_report(db, ReportOptions{"session", {}, 100000 * 100, nullptr});
    REQUIRE(after.overall.trades == before.overall.trades);
    REQUIRE(after.overall.net_paise == before.overall.net_paise);
    // An old run resumed: its lines are recognised where they are, in raw.
    {
        auto again = make_store(path, "market");
        for (const char* l : kSchema2Market)
            REQUIRE_FALSE(append(*again, l));
        REQUIRE(append(*again, kEveryKind[24]));
    }
    auto with_one_more = std::vector<std::string>(std::begin(kSchema2Market), std::end(kSchema2Market));
    with_one_more.push_back(kEveryKind[24]);
    REQUIRE(replayed(path, "market") == joined(with_one_more));
}

namespace {

const char* const kOperatorLines[] = {
    R"({"type":"CONTROL","timestamp":1704685600.5,"command":"pause","scope":"NIFTY","asked_by":"alice","uid":1000,"at":1704685600.5,"src":"sos-ctl"})",
    R"({"type":"SIGNAL","timestamp":1704685660,"symbol":"NIFTY","id":"manual:alice:1704685660000","pattern_id":"manual","kind":"pattern","side":"BUY","sl":21900,"qty":75,"asked_by":"alice","uid":1000,"at":1704685660,"src":"sos-ctl"})",
    R"({"type":"CONTROL","command":"kill","target":"sos-exec","src":"sos-risk"})",
};

}  // namespace

TEST_CASE("an operator's action is journaled with who asked and when; a manual signal with its quantity") {
    TempDir dir;
    const std::string path = dir.file("j.db");
    {
        auto store = make_store(path, "live");
        for (const char* l : kOperatorLines)
            append(*store, l);
    }
    Reader r(path);
    REQUIRE(r.text("SELECT command || ' ' || scope || ' ' || asked_by || ' ' || uid FROM controls ORDER BY "
                   "id LIMIT 1") == "pause NIFTY alice 1000");
    REQUIRE(r.real("SELECT at FROM controls ORDER BY id LIMIT 1") == 1704685600.5);
    REQUIRE(r.count("SELECT count(*) FROM controls WHERE asked_by IS NULL AND uid IS NULL AND at IS NULL") ==
            1);
    REQUIRE(r.count("SELECT qty FROM signals") == 75);
    REQUIRE(r.text("SELECT asked_by FROM signals") == "alice");
    REQUIRE(r.real("SELECT at FROM signals") == 1704685660);
    REQUIRE(replayed(path, "live") ==
            joined(std::vector<std::string>(std::begin(kOperatorLines), std::end(kOperatorLines))));
}

TEST_CASE("recording into a journal of schema 3 adds the operators' columns and keeps its rows") {
    TempDir dir;
    const std::string path = dir.file("j.db");
    {
        auto store = make_store(path, "old");
        append(*store, kOperatorLines[2]);
    }
    {
        // As sos-journal of schema 3 left it: the columns of schema 4 were not there.
        Database db(path, SQLITE_OPEN_READWRITE);
        for (const char* col : {"asked_by", "uid", "at"}) {
            db.exec(fmt::format("ALTER TABLE controls DROP COLUMN {}", col));
            db.exec(fmt::format("ALTER TABLE signals DROP COLUMN {}", col));
        }
        db.exec("ALTER TABLE signals DROP COLUMN qty");
        db.exec("PRAGMA user_version = 3");
    }
    {
        auto db = open_journal(path, Access::Read);  // read as it is
        REQUIRE(schema_version(db) == 3);
    }
    {
        auto store = make_store(path, "new");
        for (const char* l : kOperatorLines)
            append(*store, l);
    }
    Reader r(path);
    REQUIRE(r.count("PRAGMA user_version") == 4);
    REQUIRE(r.count("SELECT count(*) FROM controls") == 3);
    REQUIRE(r.count("SELECT count(*) FROM controls WHERE asked_by = 'alice' AND uid = 1000") == 1);
    REQUIRE(r.count("SELECT qty FROM signals") == 75);
    REQUIRE(replayed(path, "old") == joined(std::vector<std::string>{kOperatorLines[2]}));
}
