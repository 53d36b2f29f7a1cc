#include <sqlite3.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "diag/log.hpp"
#include "event/decoder.hpp"
#include "journal/journal_filter.hpp"
#include "journal/schema.hpp"
#include "journal/store.hpp"
#include "journal/summary.hpp"
#include "journal/summary_format.hpp"
#include "journal_test_util.hpp"
#include "ndjson/output.hpp"

using namespace sos::journal;

namespace {

using namespace journal_test;

const char* const kLines[] = {
    R"({"type":"TICK","timestamp":1704685500.5,"symbol":"NIFTY","ltp":22000.5,"volume":1000,"bid":22000,"ask":22001})",
    R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"5m","o":100,"h":105,"l":99,"c":104,"v":200,"oi":7})",
    R"({"type":"OPTION_CHAIN","timestamp":1704685500,"symbol":"NIFTY","expiry":"2024-11-28","spot":24010,"lot_size":65,"strikes":[{"strike":24000,"ce":{"ltp":100,"oi":5000,"oi_change":100,"volume":10,"iv":0.12,"delta":0.52},"pe":{"ltp":90,"oi":6000}},{"strike":24050,"ce":{"ltp":75,"oi":3000}}]})",
    R"({"type":"BREADTH","timestamp":1704685500,"symbol":"NIFTY","adv":30,"dec":20,"unchanged":1})",
    R"({"type":"SENTIMENT_UPDATE","timestamp":1704685499,"pcr":0.9,"velocity":-0.01,"breadth":{"adv":30,"dec":20},"oi_wall_above":22500,"iv":0.14,"regime":"SIDEWAYS"})",
    R"({"type":"REGIME","timestamp":1704685500,"symbol":"NIFTY","regime":"BULLISH","score":0.4,"flags":["HALF_SIZE"],"changed":true,"inputs":{"pcr":0.8}})",
    R"({"type":"SIGNAL","timestamp":1704685800,"symbol":"TSTA","id":"A:TSTA:1m:1","pattern_id":"A","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704685740,"entry":106,"sl":99,"tp":120,"risk":7,"tp_mult":2,"quantity_mod":1,"regime":null,"vars":{"a_h":105,"u":null}})",
    R"({"type":"ORDER","timestamp":1704685801,"symbol":"NIFTY","id":"o1","signal_id":"s1","side":"SELL","qty":65,"order_type":"SL","price":1,"trigger_price":1,"product":"MIS"})",
    R"({"type":"REJECT","timestamp":1704685802,"stage":"risk","ref":"s1","reason":"DAILY_LOSS","detail":"limit hit"})",
    R"({"type":"ORDER_UPDATE","timestamp":1704685803,"id":"o1","broker_order_id":"b9","status":"COMPLETE","filled_qty":65,"avg_price":100.5})",
    R"({"type":"FILL","timestamp":1704685804,"symbol":"NIFTY","order_id":"o1","side":"BUY","qty":65,"price":100.5,"fees":20})",
    R"({"type":"EXIT","timestamp":1704685805,"symbol":"NIFTY","order_id":"o1","reason":"TP","price":110,"qty":65,"pnl":617.5})",
    R"({"type":"POSITION","timestamp":1704685806,"symbol":"NIFTY","qty":-65,"avg_price":100,"realized_pnl":0,"unrealized_pnl":-10})",
    R"({"type":"ALERT","level":"warn","code":"FEED_STALE","message":"no ticks","tool":"sos-feed"})",
    R"({"type":"HEALTH","tool":"sos-feed","pid":42,"uptime_s":3,"in":1,"out":2,"bad":0})",
    R"({"type":"CONTROL","command":"kill","scope":"NIFTY"})",
    R"({"type":"MY_THING","x":1})",
};

const char* const kSync =
    R"({"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685500,"symbol":"X","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3},{"type":"MARKET_UPDATE","symbol":"X","timestamp":1704685560,"data":{"candle":{"o":1,"h":2,"l":1,"c":2,"v":3},"sentiment":{"pcr":1.1}}}]})";

std::string candle(const char* symbol, int minute) {
    return fmt::format(
        R"({{"type":"CANDLE","timestamp":{},"symbol":"{}","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3}})",
        1704685500 + 60 * minute, symbol);
}

}  // namespace

TEST_CASE("a new journal gets its schema version application id and WAL mode") {
    TempDir dir;
    { auto db = open_journal(dir.file("j.db"), Access::Write); }
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("PRAGMA user_version") == kSchemaVersion);
    REQUIRE(r.count("PRAGMA application_id") == kApplicationId);
    REQUIRE(r.text("PRAGMA journal_mode") == "wal");
    for (const char* t :
         {"runs",      "raw",       "ticks",   "candles", "option_chains", "option_quotes", "breadth",
          "sentiment", "regimes",   "signals", "orders",  "rejects",       "order_updates", "fills",
          "exits",     "positions", "alerts",  "health",  "controls",      "other"})
        CHECK(r.count(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
                      t + "'") == 1);
    REQUIRE(r.count("SELECT count(*) FROM sqlite_master WHERE name = 'candles_ts_symbol'") == 1);
    REQUIRE(
        r.count(
            "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name IN ('trades', 'trade_legs')") ==
        2);
    REQUIRE(r.count("PRAGMA page_size") == 16384);
}

TEST_CASE("every kind lands in its table with its typed columns") {
    TempDir dir;
    StoreOptions o;
    o.market_rows = true;
    auto store = make_store(dir.file("j.db"), "test", o);
    for (const char* line : kLines)
        append(*store, line);
    store->commit();
    Reader r(dir.file("j.db"));
    // The six market lines (TICK to REGIME) are in blocks; every other line is text in raw.
    REQUIRE(r.count("SELECT sum(lines) FROM market_blocks") == 6);
    REQUIRE(r.count("SELECT count(*) FROM raw") == static_cast<std::int64_t>(std::size(kLines)) - 6);
    REQUIRE(r.text("SELECT line FROM raw WHERE seq = 8") == kLines[7]);
    REQUIRE(stored_lines(dir.file("j.db")) == std::vector<std::string>(std::begin(kLines), std::end(kLines)));
    REQUIRE(r.real("SELECT ltp FROM ticks") == 22000.5);
    REQUIRE(r.real("SELECT ts FROM ticks") == 1704685500.5);
    REQUIRE(r.count("SELECT count(*) FROM ticks WHERE oi IS NULL AND volume = 1000") == 1);
    REQUIRE(
        r.text("SELECT tf || ' ' || o || ' ' || h || ' ' || l || ' ' || c || ' ' || v || ' ' || oi || ' ' || "
               "gap || ' ' || hist FROM candles") == "5m 100.0 105.0 99.0 104.0 200.0 7.0 0 0");
    REQUIRE(r.text("SELECT expiry || ' ' || spot || ' ' || lot_size || ' ' || strikes FROM option_chains") ==
            "2024-11-28 24010.0 65.0 2");
    REQUIRE(r.count("SELECT count(*) FROM option_quotes q JOIN option_chains c ON c.id = q.chain_id") == 3);
    REQUIRE(r.real("SELECT delta FROM option_quotes WHERE strike = 24000 AND side = 'CE'") == 0.52);
    REQUIRE(r.count("SELECT count(*) FROM option_quotes WHERE side = 'PE' AND iv IS NULL") == 1);
    REQUIRE(r.real("SELECT unchanged FROM breadth") == 1);
    REQUIRE(r.text("SELECT regime FROM sentiment WHERE symbol IS NULL") == "SIDEWAYS");
    REQUIRE(r.real("SELECT pcr_velocity FROM sentiment") == -0.01);
    REQUIRE(r.text("SELECT flags || inputs || changed FROM regimes") == R"(["HALF_SIZE"]{"pcr":0.8}1)");
    REQUIRE(
        r.text(
            "SELECT signal_id || ' ' || pattern_id || ' ' || side || ' ' || tf || ' ' || candle_ts || ' ' || "
            "risk || ' ' || coalesce(regime, 'null') FROM signals") ==
        "A:TSTA:1m:1 A BUY 1m 1704685740.0 7.0 null");
    auto vars = nlohmann::json::parse(r.text("SELECT vars FROM signals"));
    REQUIRE(vars["a_h"] == 105);
    REQUIRE(vars["u"].is_null());
    REQUIRE(r.text("SELECT order_id || signal_id || qty || order_type || product FROM orders") ==
            "o1s165SLMIS");
    REQUIRE(r.text("SELECT stage || reason || detail FROM rejects") == "riskDAILY_LOSSlimit hit");
    REQUIRE(r.text("SELECT order_id || broker_order_id || status || filled_qty FROM order_updates") ==
            "o1b9COMPLETE65");
    REQUIRE(r.count("SELECT fees_paise FROM fills") == 2000);
    REQUIRE(r.count("SELECT price_paise FROM fills") == 10050);
    REQUIRE(r.count("SELECT pnl_paise FROM exits WHERE reason = 'TP'") == 61750);
    REQUIRE(r.count("SELECT avg_price_paise FROM order_updates") == 10050);
    REQUIRE(r.count("SELECT unrealized_pnl_paise FROM positions") == -1000);
    REQUIRE(r.count("SELECT qty FROM positions") == -65);
    REQUIRE(r.text("SELECT level || code || tool FROM alerts") == "warnFEED_STALEsos-feed");
    REQUIRE(r.count("SELECT lines_out FROM health WHERE ts IS NULL") == 2);
    REQUIRE(r.text("SELECT command || scope || coalesce(target, '-') FROM controls") == "killNIFTY-");
    REQUIRE(r.text("SELECT type FROM other") == "MY_THING");
    // Each typed row points back at the line it came from.
    REQUIRE(r.text("SELECT type FROM raw WHERE id = (SELECT raw_id FROM fills)") == "FILL");
}

TEST_CASE("a SYNC_RECOVERY line is stored once in raw and each of its events as history") {
    TempDir dir;
    auto store = make_store(dir.file("j.db"));
    append(*store, kSync);
    append(*store, candle("X", 5));
    store->commit();
    Reader r(dir.file("j.db"));
    // The history line is text with its events in the market tables; the candle after it is
    // in a block and, by default, in no table.
    REQUIRE(r.count("SELECT count(*) FROM raw") == 1);
    REQUIRE(r.count("SELECT sum(lines) FROM market_blocks") == 1);
    REQUIRE(r.text("SELECT type || ' ' || symbol FROM raw WHERE seq = 1") == "SYNC_RECOVERY X");
    REQUIRE(r.count("SELECT count(*) FROM candles WHERE hist = 1 AND raw_id = (1 << 40) + 1") == 2);
    REQUIRE(r.count("SELECT count(*) FROM sentiment WHERE hist = 1 AND pcr = 1.1") == 1);
    REQUIRE(r.count("SELECT count(*) FROM candles WHERE hist = 0") == 0);
}

TEST_CASE("a raw line names a symbol only when all its events that have one share it") {
    TempDir dir;
    auto store = make_store(dir.file("j.db"));
    append(*store,
           R"({"type":"SYNC_RECOVERY","history_data":[)" + candle("X", 0) + "," + candle("Y", 0) + "]}");
    append(*store, R"({"type":"SYNC_RECOVERY","history_data":[)" + std::string(kLines[4]) + "," +
                       candle("Y", 1) + "]}");
    store->commit();
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("SELECT count(*) FROM raw WHERE seq = 1 AND symbol IS NULL") == 1);
    REQUIRE(r.text("SELECT symbol FROM raw WHERE seq = 2") == "Y");
    REQUIRE(r.real("SELECT ts FROM raw WHERE seq = 2") == 1704685499.0);
}

TEST_CASE("a journal that cannot be written any more still passes every line on") {
    TempDir dir;
    auto store = make_store(dir.file("j.db"));
    JournalFilter filter(*store);
    sos::ndjson::StringSink sink;
    sos::ndjson::Output out(sink);
    sos::event::EventList events;
    {
        Database other(dir.file("j.db"), SQLITE_OPEN_READWRITE);
        other.exec("DROP TABLE market_blocks");
    }
    sos::diag::CaptureForTest diagnostics;
    for (int minute = 0; minute < 2; ++minute) {
        const std::string line = candle("NIFTY", minute);
        REQUIRE(decoder().decode(line, events));
        filter.on_line({line, static_cast<std::uint64_t>(minute + 1), "CANDLE", sos::event::Kind::Candle},
                       events, out);
    }
    filter.on_end(out);
    REQUIRE(filter.failed());
    REQUIRE(sink.text == candle("NIFTY", 0) + "\n" + candle("NIFTY", 1) + "\n");
    // Candles go into a block written at the commit, here at the end of input.
    REQUIRE_THAT(diagnostics.text(), Catch::Contains("j.db: writing the journal failed at input line 2"));
    REQUIRE_THAT(diagnostics.text(), Catch::Contains("holds its lines up to seq 0 (input line 0)"));
    REQUIRE_THAT(diagnostics.text(), !Catch::Contains("NIFTY"));  // never the line's contents
}

TEST_CASE("runs share one file and keep their own sequence") {
    TempDir dir;
    {
        auto a = make_store(dir.file("j.db"), "morning");
        append(*a, candle("NIFTY", 0));
        append(*a, candle("NIFTY", 1));
    }
    {
        auto b = make_store(dir.file("j.db"), "replay");
        REQUIRE_FALSE(b->run().resumed);
        append(*b, candle("NIFTY", 0));
    }
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("SELECT count(*) FROM runs WHERE ended_at IS NOT NULL") == 2);
    REQUIRE(last_seq(r.db, find_run(r.db, "morning")->id) == 2);
    REQUIRE(last_seq(r.db, find_run(r.db, "replay")->id) == 1);
    REQUIRE(stored_lines(dir.file("j.db"), find_run(r.db, "replay")->id) ==
            std::vector<std::string>{candle("NIFTY", 0)});
    REQUIRE(r.text("SELECT tool_version || ' ' || command_line FROM runs WHERE name = 'replay'") ==
            "test 0 journal_test");
}

TEST_CASE("reopening a journal appends to an existing run of the same name") {
    TempDir dir;
    { append(*make_store(dir.file("j.db"), "day"), candle("NIFTY", 0)); }
    {
        auto again = make_store(dir.file("j.db"), "day");
        REQUIRE(again->run().resumed);
        REQUIRE(again->run().next_seq == 2);
        append(*again, candle("NIFTY", 1));
    }
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("SELECT count(*) FROM runs") == 1);
    REQUIRE(stored_lines(dir.file("j.db")) ==
            std::vector<std::string>{candle("NIFTY", 0), candle("NIFTY", 1)});
}

TEST_CASE("unnamed runs are named by their start time and never merge") {
    REQUIRE(default_run_name(1704685500.7) == "2024-01-08T03:45:00Z");
    TempDir dir;
    auto db = open_journal(dir.file("j.db"), Access::Write);
    auto first = open_run(db, RunRequest{"", "v", "c", 1704685500});
    auto second = open_run(db, RunRequest{"", "v", "c", 1704685500});
    REQUIRE(first.run.name == "2024-01-08T03:45:00Z");
    REQUIRE(second.run.name == "2024-01-08T03:45:00Z-2");
    REQUIRE_FALSE(second.resumed);
}

TEST_CASE("rows become visible to another connection at a full batch and on idle and at the end") {
    TempDir dir;
    StoreOptions o;
    o.batch_rows = 2;  // a candle line is one row, in a block
    auto store = make_store(dir.file("j.db"), "t", o);
    Reader r(dir.file("j.db"));
    const std::string visible = "SELECT coalesce(sum(lines), 0) FROM market_blocks";
    append(*store, candle("NIFTY", 0));
    REQUIRE(r.count(visible) == 0);
    append(*store, candle("NIFTY", 1));
    REQUIRE(r.count(visible) == 2);

    JournalFilter filter(*store);
    sos::ndjson::StringSink sink;
    sos::ndjson::Output out(sink);
    sos::event::EventList events;
    const std::string line = candle("NIFTY", 2);
    REQUIRE(decoder().decode(line, events));
    filter.on_line({line, 3, "CANDLE", sos::event::Kind::Candle}, events, out);
    REQUIRE(sink.text == line + "\n");
    REQUIRE(r.count(visible) == 2);
    filter.on_idle(out);
    REQUIRE(r.count(visible) == 3);
    const std::string last = candle("NIFTY", 3);
    REQUIRE(decoder().decode(last, events));
    filter.on_line({last, 4, "CANDLE", sos::event::Kind::Candle}, events, out);
    filter.on_end(out);
    REQUIRE(r.count(visible) == 4);
    REQUIRE_FALSE(filter.failed());
}

TEST_CASE("idle moments close together commit once and a quiet tick commits the rest") {
    using std::chrono::milliseconds;
    TempDir dir;
    auto store = make_store(dir.file("j.db"), "t");
    Reader r(dir.file("j.db"));
    const std::string visible = "SELECT coalesce(sum(lines), 0) FROM market_blocks";
    JournalFilter::Clock::time_point now{};
    JournalFilter filter(*store, milliseconds(100), [&] { return now; });
    sos::ndjson::StringSink sink;
    sos::ndjson::Output out(sink);
    sos::event::EventList events;
    const auto feed = [&](int minute) {
        const std::string line = candle("NIFTY", minute);
        REQUIRE(decoder().decode(line, events));
        filter.on_line({line, static_cast<std::uint64_t>(minute + 1), "CANDLE", sos::event::Kind::Candle},
                       events, out);
    };
    feed(0);
    filter.on_idle(out);  // the first idle moment commits
    REQUIRE(r.count(visible) == 1);
    now += milliseconds(10);
    feed(1);
    filter.on_idle(out);  // too soon after it: left pending
    now += milliseconds(10);
    feed(2);
    filter.on_idle(out);
    REQUIRE(r.count(visible) == 1);
    now += milliseconds(100);
    filter.on_idle(out);  // the stage's tick while input is quiet
    REQUIRE(r.count(visible) == 3);
    now += milliseconds(500);
    filter.on_idle(out);  // nothing pending: nothing done, and the next line is not held back
    feed(3);
    filter.on_idle(out);
    REQUIRE(r.count(visible) == 4);
    now += milliseconds(1);
    feed(4);
    filter.on_idle(out);
    REQUIRE(r.count(visible) == 4);
    filter.on_end(out);  // the end commits whatever is pending
    REQUIRE(r.count(visible) == 5);
}

TEST_CASE("order flow is committed at once in the default sync mode") {
    TempDir dir;
    auto store = make_store(dir.file("j.db"));
    Reader r(dir.file("j.db"));
    append(*store, candle("NIFTY", 0));
    append(*store, kLines[7]);  // ORDER
    REQUIRE(r.count("SELECT count(*) FROM orders") == 1);
    REQUIRE(r.count("SELECT sum(lines) FROM market_blocks") == 1);
    REQUIRE(store->pending_rows() == 0);
}

TEST_CASE("a file that is not SQLite is refused with its name") {
    TempDir dir;
    std::ofstream(dir.file("notes.txt"))
        << "this is not a database, just some text that is long enough to matter\n";
    for (auto access : {Access::Write, Access::Read}) {
        try {
            open_journal(dir.file("notes.txt"), access);
            FAIL("opened a text file");
        } catch (const JournalOpenError& e) {
            REQUIRE_THAT(e.what(), Catch::Contains("notes.txt") && Catch::Contains("not an sos journal"));
        }
    }
}

TEST_CASE("a foreign SQLite database is refused and left untouched") {
    TempDir dir;
    {
        Database other(dir.file("app.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    REQUIRE_THROWS_WITH(open_journal(dir.file("app.db"), Access::Write),
                        Catch::Contains("foreign SQLite database"));
    REQUIRE_THROWS_AS(open_journal(dir.file("app.db"), Access::Read), JournalOpenError);
    Reader r(dir.file("app.db"));
    REQUIRE(r.text("PRAGMA journal_mode") == "delete");
    REQUIRE(r.count("SELECT count(*) FROM sqlite_master") == 1);
}

TEST_CASE("a journal of a newer schema version is refused") {
    TempDir dir;
    {
        auto db = open_journal(dir.file("j.db"), Access::Write);
        db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
    }
    REQUIRE_THROWS_WITH(open_journal(dir.file("j.db"), Access::Read), Catch::Contains("is newer"));
    REQUIRE_THROWS_AS(open_journal(dir.file("j.db"), Access::Write), JournalOpenError);
}

TEST_CASE("a missing or unopenable file is refused with a clear message") {
    TempDir dir;
    REQUIRE_THROWS_WITH(open_journal(dir.file("absent.db"), Access::Read),
                        Catch::Contains("absent.db") && Catch::Contains("No such file"));
    REQUIRE_THROWS_WITH(open_journal(dir.file("no/such/dir/j.db"), Access::Write),
                        Catch::Contains("j.db: cannot open"));
    REQUIRE_THROWS_WITH(open_journal(dir.path.string(), Access::Read), Catch::Contains("is a directory"));
}

TEST_CASE("summary counts events by type and symbol per run and for all runs") {
    TempDir dir;
    {
        auto a = make_store(dir.file("j.db"), "a");
        for (const char* line : kLines)
            append(*a, line);
        append(*a, kSync);
    }
    {
        auto b = make_store(dir.file("j.db"), "b");
        append(*b, candle("BANKNIFTY", 0));
        append(*b, candle("BANKNIFTY", 1));
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    Summary all = summarize(db);
    REQUIRE(all.runs.size() == 2);
    REQUIRE(all.lines == std::size(kLines) + 1 + 2);
    REQUIRE(all.first == 1704685499.0);
    REQUIRE(all.last == 1704685806.0);
    REQUIRE(all.option_quotes == 3);
    const TypeCount& candles = all.types[1];
    REQUIRE(candles.type == "CANDLE");
    REQUIRE(candles.count.events == 5);
    REQUIRE(candles.count.hist == 2);
    REQUIRE(candles.symbols.size() == 3);  // BANKNIFTY, NIFTY, X
    REQUIRE(candles.symbols[0].symbol == "BANKNIFTY");
    REQUIRE(candles.symbols[0].count.events == 2);
    REQUIRE(all.types.back().type == "MY_THING");

    Summary b = summarize(db, "b");
    REQUIRE(b.runs.size() == 1);
    REQUIRE(b.lines == 2);
    REQUIRE(b.types.size() == 1);
    REQUIRE(b.types[0].count.first == 1704685500.0);
    REQUIRE(b.types[0].count.last == 1704685560.0);
    REQUIRE(b.option_quotes == 0);
    REQUIRE_THROWS_AS(summarize(db, "nope"), RunNotFound);
}

TEST_CASE("summary formats as an aligned table and as one JSON line") {
    TempDir dir;
    {
        auto s = make_store(dir.file("j.db"), "day");
        append(*s, candle("NIFTY", 0));
        append(*s, candle("BANKNIFTY", 0));
        append(*s, kLines[4]);  // market-wide sentiment
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const Summary sum = summarize(db);
    const std::string text = format_text(sum);
    REQUIRE_THAT(text, Catch::Contains("1 run, 3 lines, 2024-01-08 09:14:59 .. 2024-01-08 09:15:00 (IST)"));
    REQUIRE_THAT(text, Catch::Contains("CANDLE            (all)           2     0  2024-01-08 09:15:00"));
    REQUIRE_THAT(text, Catch::Contains("                  BANKNIFTY       1     0"));
    REQUIRE_THAT(text, Catch::Contains("SENTIMENT_UPDATE  -               1     0"));
    const std::string json = format_json(sum);
    REQUIRE(json.back() == '\n');
    REQUIRE(std::count(json.begin(), json.end(), '\n') == 1);
    auto j = nlohmann::json::parse(json);
    REQUIRE(j["lines"] == 3);
    REQUIRE(j["runs"][0]["name"] == "day");
    REQUIRE(j["types"][0]["type"] == "CANDLE");
    REQUIRE(j["types"][0]["symbols"][0]["symbol"] == "BANKNIFTY");
    REQUIRE(j["types"][1]["symbols"][0]["symbol"].is_null());
    REQUIRE(j["first"] == 1704685499.0);
}
