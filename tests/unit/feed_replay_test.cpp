#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "diag/log.hpp"
#include "feed/feed_writer.hpp"
#include "feed/merge_source.hpp"
#include "feed/replay/csv_layout.hpp"
#include "feed/replay/csv_source.hpp"
#include "feed/replay/csv_time.hpp"
#include "feed/replay/ndjson_source.hpp"
#include "ndjson/endpoint.hpp"

using namespace sos;
using namespace sos::feed;

namespace {

struct TempFile {
    std::string path;
    TempFile(const std::string& name, const std::string& content) {
        char dir[] = "/tmp/sos-test-XXXXXX";
        REQUIRE(::mkdtemp(dir));
        path = std::string(dir) + "/" + name;
        std::ofstream(path) << content;
    }
    ~TempFile() {
        std::remove(path.c_str());
        ::rmdir(path.substr(0, path.find_last_of('/')).c_str());
    }
};

const time::Calendar& cal() {
    static const auto c = time::Calendar::nse_default();
    return c;
}

std::vector<event::Event> drain(Source& s) {
    std::vector<event::Event> out;
    FeedItem item;
    while (s.next(item) == Source::Pull::Ready)
        for (const auto& e : item.events)
            out.push_back(e);
    return out;
}

std::vector<event::Event> read_csv(const std::string& name, const std::string& content,
                                   CsvOptions opts = {}) {
    TempFile f(name, content);
    diag::BadInput bad;
    auto sources = open_csv(f.path, opts, cal(), bad);
    MergeSource m(std::move(sources));
    return drain(m);
}

}  // namespace

TEST_CASE("CSV headers of common vendor layouts are recognised") {
    std::string err;
    auto a = read_csv_header("date,time,open,high,low,close,volume", err);
    REQUIRE(a);
    REQUIRE(a->date == 0);
    REQUIRE(a->time == 1);
    REQUIRE(a->candles());
    auto b = read_csv_header("<TICKER>,<DATE>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>", err);
    REQUIRE(b);
    REQUIRE(b->symbol == 0);
    REQUIRE(b->datetime == 1);  // a lone date column carries date and time
    auto c = read_csv_header("Timestamp;Open Price;High Price;Low Price;Close Price;Volume", err);
    REQUIRE(c);
    REQUIRE(c->separator == ';');
    REQUIRE(c->open == 1);
    auto t = read_csv_header("symbol,timestamp,ltp,qty", err);
    REQUIRE(t);
    REQUIRE(t->ticks());
    REQUIRE(t->trade_qty == 3);
    REQUIRE_FALSE(read_csv_header("a,b,c", err));
    REQUIRE(err.find("no time column") != std::string::npos);
    REQUIRE_FALSE(read_csv_header("date,volume", err));
}

TEST_CASE("CSV fields follow RFC 4180 quoting") {
    std::vector<std::string_view> f;
    std::string scratch;
    split_csv(R"(a,"b,c","say ""hi""", d )", ',', f, scratch);
    REQUIRE(f.size() == 4);
    REQUIRE(f[1] == "b,c");
    REQUIRE(f[2] == "say \"hi\"");
    REQUIRE(f[3] == "d");
}

TEST_CASE("CSV times in the forms vendors write them") {
    auto z = time::kIndia;
    auto t0 = time::Timestamp::from_seconds(1704685500);  // 2024-01-08 09:15 IST
    REQUIRE(parse_csv_datetime("2024-01-08 09:15:00", z)->t == t0);
    REQUIRE(parse_csv_datetime("2024-01-08T09:15:00+05:30", z)->t == t0);
    REQUIRE(parse_csv_datetime("2024-01-08T03:45:00Z", z)->t == t0);
    REQUIRE(parse_csv_datetime("2024-01-08 09:15:00+0530", z)->t == t0);
    REQUIRE(parse_csv_datetime("1704685500", z)->t == t0);
    REQUIRE(parse_csv_datetime("1704685500000", z)->t == t0);
    REQUIRE(parse_csv_date_and_time("08-01-2024", "09:15", z)->t == t0);
    REQUIRE(parse_csv_date_and_time("08/01/2024", "0915", z)->t == t0);
    REQUIRE(parse_csv_date_and_time("20240108", "091500", z)->t == t0);
    REQUIRE(parse_csv_date_and_time("08-Jan-2024", "9:15", z)->t == t0);
    REQUIRE(parse_csv_datetime("2024-01-08 09:15:00.250", z)->t.ns == t0.ns + 250'000'000);
    auto day = parse_csv_datetime("2024-01-08", z);
    REQUIRE(day);
    REQUIRE_FALSE(day->has_time);
    REQUIRE_FALSE(parse_csv_datetime("yesterday", z));
    REQUIRE_FALSE(parse_csv_date_and_time("2024-02-30", "09:15", z));
    REQUIRE_FALSE(parse_csv_date_and_time("2024-01-08", "25:00", z));
}

TEST_CASE("a CSV of 1m candles with date and time columns becomes CANDLE events") {
    auto ev = read_csv("NIFTY_1min.csv",
                       "date,time,open,high,low,close,volume\n"
                       "2024-01-08,09:15,21700,21720,21690,21710,1000\n"
                       "2024-01-08,09:16,21710,21730,21705,21725,900\n");
    REQUIRE(ev.size() == 2);
    REQUIRE(ev[0].env.symbol == "NIFTY");  // from the file name
    REQUIRE(ev[0].env.src == "replay");
    REQUIRE(ev[0].as<event::Candle>()->tf.seconds == 60);  // from the spacing
    REQUIRE(ev[1].as<event::Candle>()->c == 21725);
}

TEST_CASE("CSV bars stamped at their close are moved to their open") {
    CsvOptions opts;
    opts.stamped_at_close = true;
    auto ev = read_csv(
        "X.csv", "datetime,open,high,low,close\n2024-01-08 09:20,1,2,1,2\n2024-01-08 09:25,1,2,1,2\n", opts);
    REQUIRE(ev.size() == 2);
    REQUIRE(ev[0].as<event::Candle>()->tf.seconds == 300);
    REQUIRE(ev[0].time().whole_seconds() == 1704685500);
}

TEST_CASE("a date-only CSV is daily bars opening with the session") {
    auto ev =
        read_csv("D.csv", "Date,Open,High,Low,Close,Volume\n2024-01-08,1,2,1,2,5\n2024-01-09,2,3,2,3,5\n");
    REQUIRE(ev.size() == 2);
    REQUIRE(ev[0].as<event::Candle>()->tf.daily());
    REQUIRE(ev[0].time().whole_seconds() == 1704685500);
}

TEST_CASE("bad CSV rows are reported with file and line and the rest is kept") {
    diag::CaptureForTest capture;
    auto ev = read_csv("B.csv",
                       "date,time,open,high,low,close,volume\n"
                       "2024-01-08,09:15,1,2,1,2,5\n"
                       "2024-01-08,09:16,1,x,1,2,5\n"
                       "2024-01-08,9.99,1,2,1,2,5\n"
                       "2024-01-08,09:17,1,2\n"
                       "2024-01-08,09:18,1,2,1,2,5\n");
    REQUIRE(ev.size() == 2);
    REQUIRE_THAT(capture.text(), Catch::Contains("B.csv:3: high 'x' is not a number"));
    REQUIRE_THAT(capture.text(), Catch::Contains("B.csv:4: cannot read the time"));
    REQUIRE_THAT(capture.text(), Catch::Contains("B.csv:5: has 4 fields, the header has 7"));
}

TEST_CASE("a CSV sorted by symbol is merged back into time order") {
    auto ev = read_csv("multi.csv",
                       "Symbol,Datetime,Open,High,Low,Close,Volume\n"
                       "INFY,2024-01-08 09:15,1500,1505,1499,1502,10\n"
                       "INFY,2024-01-08 09:16,1502,1506,1500,1501,10\n"
                       "TCS,2024-01-08 09:15,3700,3705,3699,3702,10\n"
                       "TCS,2024-01-08 09:16,3702,3706,3700,3701,10\n");
    REQUIRE(ev.size() == 4);
    REQUIRE(ev[0].env.symbol == "INFY");
    REQUIRE(ev[1].env.symbol == "TCS");
    REQUIRE(ev[2].env.symbol == "INFY");
    REQUIRE(ev[2].time() > ev[1].time());
}

TEST_CASE("a tick CSV with per-trade quantities gets cumulative day volume") {
    auto ev = read_csv("T.csv",
                       "symbol,timestamp,ltp,qty\nA,2024-01-08 09:15:01,10,5\nA,2024-01-08 09:15:02,11,7\n");
    REQUIRE(ev.size() == 2);
    REQUIRE(ev[0].env.kind == event::Kind::Tick);
    REQUIRE(*ev[1].as<event::Tick>()->volume == 12);
}

TEST_CASE("NDJSON replay keeps canonical lines and converts seed forms") {
    TempFile f("s.ndjson",
               "{\"type\":\"CANDLE\",\"timestamp\":1704685500,\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,"
               "\"l\":1,\"c\":2,\"v\":3}\n"
               "{\"type\":\"CANDLE_UPDATE\",\"symbol\":\"B\",\"timestamp\":1704685500,\"1m\":{\"o\":1,\"h\":"
               "2,\"l\":1,\"c\":2,\"v\":3}}\n");
    diag::BadInput bad;
    NdjsonSource src(ndjson::open_input(f.path), bad);
    FeedItem item;
    REQUIRE(src.next(item) == Source::Pull::Ready);
    REQUIRE(item.raw.find("\"symbol\":\"A\"") != std::string::npos);
    REQUIRE(src.next(item) == Source::Pull::Ready);
    REQUIRE(item.raw.empty());
    REQUIRE(item.events[0].env.kind == event::Kind::Candle);
    REQUIRE(src.next(item) == Source::Pull::End);
}

TEST_CASE("history keeps the last N candles before the start and flags them") {
    FeedOptions opts;
    opts.history = 2;
    opts.start = time::Timestamp::from_seconds(1704685500 + 4 * 60);
    diag::BadInput bad;
    FeedWriter w(opts, cal(), bad, nullptr);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    event::Decoder d;
    event::EventList ev;
    for (int i = 0; i < 6; ++i) {
        std::string line =
            "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(1704685500 + 60 * i) +
            ",\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":1,\"c\":2,\"v\":" + std::to_string(i) +
            "}";
        REQUIRE(d.decode(line, ev));
        REQUIRE(w.take(ev, line, "CANDLE", "", static_cast<std::uint64_t>(i + 1), out));
    }
    w.finish(out);
    // bars 2 and 3 as history, then 4 and 5 live
    std::vector<std::string> lines;
    std::size_t p = 0;
    while (p < sink.text.size()) {
        auto nl = sink.text.find('\n', p);
        lines.push_back(sink.text.substr(p, nl - p));
        p = nl + 1;
    }
    REQUIRE(lines.size() == 4);
    REQUIRE(lines[0].find("\"v\":2") != std::string::npos);
    REQUIRE(lines[0].find("\"hist\":true") != std::string::npos);
    REQUIRE(lines[1].find("\"v\":3") != std::string::npos);
    REQUIRE(lines[2].find("\"v\":4") != std::string::npos);
    REQUIRE(lines[2].find("hist") == std::string::npos);
}

TEST_CASE("end stops the replay before the given time") {
    FeedOptions opts;
    opts.end = time::Timestamp::from_seconds(1704685500 + 60);
    diag::BadInput bad;
    FeedWriter w(opts, cal(), bad, nullptr);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    event::Decoder d;
    event::EventList ev;
    REQUIRE(d.decode(
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":1})",
        ev));
    REQUIRE(w.take(ev, "", "", "", 1, out));
    REQUIRE(d.decode(
        R"({"type":"CANDLE","timestamp":1704685560,"symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":1})",
        ev));
    REQUIRE_FALSE(w.take(ev, "", "", "", 2, out));
    REQUIRE(std::count(sink.text.begin(), sink.text.end(), '\n') == 1);
}
