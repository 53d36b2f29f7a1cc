#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "diag/log.hpp"
#include "feed/feed_writer.hpp"
#include "feed/merge_source.hpp"
#include "feed/replay/csv_layout.hpp"
#include "feed/replay/csv_source.hpp"
#include "feed/replay/ndjson_source.hpp"
#include "feed/replay/recorded_file_filter.hpp"
#include "feed/replay/sequence_filter.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/line_processor.hpp"

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

// The events written; refused records are reported as the replay would report them.
std::vector<event::Event> drain(Source& s) {
    std::vector<event::Event> out;
    FeedItem item;
    diag::BadInput bad;
    while (s.next(item) == Source::Pull::Ready) {
        if (!item.refused.empty()) {
            bad.report(item.origin, item.line, item.refused);
            continue;
        }
        for (const auto& e : item.events)
            out.push_back(e);
    }
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

TEST_CASE("history holds only candles of the asked timeframes") {
    // --tf 5m on 1m data: the 1m bars are input to the 5m ones, not history to hand over.
    FeedOptions opts;
    opts.tfs = {*time::parse_timeframe("5m")};
    opts.history = 10;
    opts.start = time::Timestamp::from_seconds(1704685500 + 10 * 60);  // 09:25 IST
    diag::BadInput bad;
    FeedWriter w(opts, cal(), bad, nullptr);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    event::Decoder d;
    event::EventList ev;
    for (int i = 0; i < 15; ++i) {  // 09:15 to 09:29
        std::string line = "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(1704685500 + 60 * i) +
                           ",\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":1,\"c\":2,\"v\":1}";
        REQUIRE(d.decode(line, ev));
        REQUIRE(w.take(ev, line, "CANDLE", "", static_cast<std::uint64_t>(i + 1), out));
    }
    w.finish(out);
    INFO(sink.text);
    CHECK(sink.text.find("\"tf\":\"1m\"") == std::string::npos);
    // The 09:15 and 09:20 bars as history, then the live 09:25 bar.
    std::istringstream lines(sink.text);
    std::vector<std::string> got;
    for (std::string l; std::getline(lines, l);)
        got.push_back(l);
    REQUIRE(got.size() == 3);
    CHECK(got[0].find(R"("timestamp":1704685500,"symbol":"A","tf":"5m")") != std::string::npos);
    CHECK(got[0].find(R"("hist":true)") != std::string::npos);
    CHECK(got[1].find(R"("timestamp":1704685800,"symbol":"A","tf":"5m")") != std::string::npos);
    CHECK(got[1].find(R"("hist":true)") != std::string::npos);
    CHECK(got[2].find(R"("timestamp":1704686100,"symbol":"A","tf":"5m")") != std::string::npos);
    CHECK(got[2].find("hist") == std::string::npos);
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

TEST_CASE("CSV candles get the checks a CANDLE line gets, and an empty volume is a missing field") {
    diag::CaptureForTest capture;
    auto ev = read_csv("S.csv",
                       "date,time,open,high,low,close,volume\n"
                       "2024-01-08,09:15,100,101,99,100,5\n"
                       "2024-01-08,09:16,100,98,101,100,5\n"
                       "2024-01-08,09:17,-2,-1,-3,-2,5\n"
                       "2024-01-08,09:18,0,0,0,0,5\n"
                       "2024-01-08,09:19,100,101,99,100,\n"
                       "2024-01-08,09:20,100,101,99,100,-5\n"
                       "2024-01-08,09:21,105,101,99,100,5\n"
                       "2024-01-08,09:22,100,101,99,100,5\n");
    REQUIRE(ev.size() == 2);
    REQUIRE(ev[1].time().whole_seconds() == 1704685500 + 7 * 60);
    const std::string text = capture.text();
    REQUIRE_THAT(text, Catch::Contains("S.csv:3: CANDLE: h < l"));
    REQUIRE_THAT(text, Catch::Contains("S.csv:4: CANDLE: l: must be positive"));
    REQUIRE_THAT(text, Catch::Contains("S.csv:5: CANDLE: l: must be positive"));
    REQUIRE_THAT(text, Catch::Contains("S.csv:6: volume is empty"));
    REQUIRE_THAT(text, Catch::Contains("S.csv:7: CANDLE: v: negative volume"));
    REQUIRE_THAT(text, Catch::Contains("S.csv:8: CANDLE: o outside [l, h]"));
    // A file with no volume column at all is data without volume, not a missing field.
    REQUIRE(read_csv("I.csv", "date,time,open,high,low,close\n2024-01-08,09:15,1,2,1,2\n").size() == 1);
}

TEST_CASE("CSV ticks get the checks a TICK line gets, a negative quantity too") {
    diag::CaptureForTest capture;
    auto ev = read_csv("T.csv",
                       "symbol,timestamp,ltp,qty\nA,2024-01-08 09:15:01,0,5\nA,2024-01-08 09:15:02,-1,5\n"
                       "A,2024-01-08 09:15:03,10,-5\nA,2024-01-08 09:15:04,10,5\n");
    REQUIRE(ev.size() == 1);
    REQUIRE(*ev[0].as<event::Tick>()->volume == 5);
    REQUIRE_THAT(capture.text(), Catch::Contains("T.csv:2: TICK: ltp: must be positive"));
    REQUIRE_THAT(capture.text(), Catch::Contains("T.csv:3: TICK: ltp: must be positive"));
    REQUIRE_THAT(capture.text(), Catch::Contains("T.csv:4: quantity '-5' is negative"));
}

namespace {
std::string minute_rows(int from, int to, const std::string& date = "2024-01-08") {
    std::string rows;
    for (int m = from; m < to; ++m)
        rows += date + "," + fmt::format("{:02}:{:02}", 9 + (15 + m) / 60, (15 + m) % 60) + ",1,2,1,2,5\n";
    return rows;
}
}  // namespace

TEST_CASE("one CSV row dated a year ahead is refused alone and its series goes on") {
    diag::CaptureForTest capture;
    const std::string head = "date,time,open,high,low,close,volume\n";
    auto ev =
        read_csv("Y.csv", head + minute_rows(0, 10) + "2025-01-08,09:25,1,2,1,2,5\n" + minute_rows(10, 200));
    REQUIRE(ev.size() == 200);
    for (std::size_t i = 1; i < ev.size(); ++i)
        REQUIRE(ev[i].time() > ev[i - 1].time());
    REQUIRE_THAT(
        capture.text(),
        Catch::Contains("Y.csv:12: CANDLE: timestamp 1736308500 is later than the rows of its series "
                        "that follow it: a row out of sequence, skipped"));
    REQUIRE_THAT(capture.text(), !Catch::Contains("does not move forward"));
    // Two rows ahead in a row, and a first row ahead of all the others: the same.
    ev = read_csv("Z.csv", head + "2025-01-08,09:14,1,2,1,2,5\n" + minute_rows(0, 5) +
                               "2025-01-08,09:20,1,2,1,2,5\n2025-01-08,09:21,1,2,1,2,5\n" +
                               minute_rows(5, 100));
    REQUIRE(ev.size() == 100);
    // At the very end nothing follows to tell: the row is kept (and poisons nothing).
    ev = read_csv("E.csv", head + minute_rows(0, 5) + "2025-01-08,09:20,1,2,1,2,5\n");
    REQUIRE(ev.size() == 6);
}

TEST_CASE("rows that are merely late, or a short block of older rows, are not taken for rows ahead") {
    diag::CaptureForTest capture;
    const std::string head = "symbol,timestamp,ltp\n";
    // A late tick: the ticks around it stay, the late one is refused by the time-order check.
    auto ev = read_csv("L.csv", head +
                                    "A,2024-01-08 09:15:00,10\nA,2024-01-08 09:15:02,10\n"
                                    "A,2024-01-08 09:15:03,10\nA,2024-01-08 09:15:01,10\n"
                                    "A,2024-01-08 09:15:04,10\nA,2024-01-08 09:15:05,10\n");
    REQUIRE(ev.size() == 6);  // the source hands the late one on; the writer's check refuses it
    REQUIRE_THAT(capture.text(), !Catch::Contains("out of sequence"));
}

TEST_CASE("an NDJSON file read through the merge gets the same judgement of rows ahead") {
    diag::CaptureForTest capture;
    std::string text;
    auto line = [](long t) {
        return "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(t) +
               ",\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":1,\"c\":2,\"v\":3}\n";
    };
    for (int i = 0; i < 5; ++i)
        text += line(1704685500 + 60 * i);
    text += line(1704685500 + 300 + 366L * 86400);
    for (int i = 5; i < 50; ++i)
        text += line(1704685500 + 60 * i);
    TempFile f("n.ndjson", text);
    diag::BadInput bad;
    std::vector<std::unique_ptr<Source>> sources;
    sources.push_back(std::make_unique<NdjsonSource>(ndjson::open_input(f.path), bad));
    MergeSource m(std::move(sources));
    auto ev = drain(m);
    REQUIRE(ev.size() == 50);
    REQUIRE_THAT(capture.text(), Catch::Contains("n.ndjson:6: CANDLE: timestamp 1736308200 is later"));
}

TEST_CASE("refused CSV rows still count for the timeframe, and --strict stops at the first") {
    diag::CaptureForTest capture;
    std::string text = "date,time,open,high,low,close,volume\n";
    for (int m = 0; m < 20; ++m)  // every other row with its high below its low
        text += fmt::format("2024-01-08,09:{:02},100,{},99,100,5\n", 15 + m, m % 2 ? 98 : 101);
    auto ev = read_csv("H.csv", text);
    REQUIRE(ev.size() == 10);
    REQUIRE(ev[0].as<event::Candle>()->tf.seconds == 60);  // not 2m
    TempFile f("S.csv", text);
    diag::BadInput strict(true);
    auto sources = open_csv(f.path, CsvOptions{}, cal(), strict);
    MergeSource m(std::move(sources));
    FeedItem item;
    while (m.next(item) != Source::Pull::End) {
    }
    REQUIRE(strict.count() == 1);
}

TEST_CASE("an NDJSON file named alone gets the same judgement on the stage's path, line for line") {
    // What the stage gives RecordedFileFilter (lines decoded, time order left to it) against
    // the file read through its source: the same lines out, the same report.
    std::string text;
    auto line = [](long t) {
        return "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(t) +
               ",\"symbol\":\"A\",\"tf\":\"1m\",\"o\":1,\"h\":2,\"l\":1,\"c\":2,\"v\":3}\n";
    };
    for (int i = 0; i < 5; ++i)
        text += line(1704685500 + 60 * i);
    text += line(1704685500 + 300 + 366L * 86400);  // a year ahead
    for (int i = 5; i < 100; ++i)
        text += line(1704685500 + 60 * i);
    text += line(1704685500 + 60 * 50);  // merely late: the time-order check's
    text += "{\"type\":\"MY_THING\",\"x\":1}\n";
    TempFile f("n.ndjson", text);
    FeedOptions opts;

    diag::CaptureForTest capture;
    diag::BadInput source_bad;
    FeedWriter source_writer(opts, cal(), source_bad, nullptr);
    std::vector<std::unique_ptr<Source>> sources;
    sources.push_back(std::make_unique<NdjsonSource>(ndjson::open_input(f.path), source_bad));
    MergeSource m(std::move(sources));
    ndjson::StringSink source_sink;
    ndjson::Output source_out(source_sink);
    FeedItem item;
    while (m.next(item) == Source::Pull::Ready) {
        if (!item.refused.empty())
            source_writer.refuse(item.origin, item.line, item.refused);
        else
            source_writer.take(item.events, item.raw, item.raw_type, item.origin, item.line, source_out);
    }
    source_writer.finish(source_out);
    const std::string source_report = capture.text();
    capture.clear();

    diag::BadInput bad;
    FeedWriter writer(opts, cal(), bad, nullptr);
    RecordedFileFilter filter(writer, f.path);
    REQUIRE(filter.checks_time_order());
    pipeline::LineProcessor processor(filter, bad, f.path);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    std::istringstream in(text);
    std::string l;
    for (std::uint64_t n = 1; std::getline(in, l); ++n)
        REQUIRE(processor.process(l, n, out));
    filter.on_end(out);

    REQUIRE(std::count(sink.text.begin(), sink.text.end(), '\n') == 101);  // 100 in order, MY_THING
    REQUIRE(sink.text == source_sink.text);
    REQUIRE(capture.text() == source_report);
    REQUIRE_THAT(capture.text(), Catch::Contains("n.ndjson:6: CANDLE: timestamp 1736308200 is later"));
    REQUIRE_THAT(capture.text(),
                 Catch::Contains("n.ndjson:102: CANDLE: timestamp 1704688500 does not move forward"));
}
