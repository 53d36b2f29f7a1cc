// Replay: a run's raw lines back out byte for byte, narrowed by time and type, or marked as
// history for a restarted risk or execution stage.
#include <algorithm>
#include <catch2/catch.hpp>

#include "journal/hist_flag.hpp"
#include "journal/replay.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;

namespace {

std::string replay_text(Database& db, const ReplayOptions& o) {
    std::string out;
    replay(db, o, [&](std::string_view chunk) {
        out.append(chunk);
        return true;
    });
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + '\n';
    return s;
}

const char* const kOdd[] = {
    R"({"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685440,"symbol":"X","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3}]})",
    R"({"type":"CANDLE_UPDATE","timestamp":1704685500,"symbol":"X","1m":{"o":1,"h":2,"l":1,"c":2,"v":3}})",
    R"({"type":"MY_THING","x":[1,{"hist":false}],"y":"a\"hist\":false"})",
    R"({ "type" : "TICK", "timestamp" : 1704685501, "symbol" : "X", "ltp" : 2.5, "hist" : false })",
    R"({"type":"HEALTH","tool":"t","pid":1,"uptime_s":1,"in":1,"out":1,"bad":0})",
    R"({"type":"CANDLE","timestamp":1704685560,"symbol":"X","tf":"1m","o":2,"h":2,"l":2,"c":2,"v":0,"hist":true})",
};

}  // namespace

TEST_CASE("replay writes a run's lines back byte for byte in their order") {
    TempDir dir;
    const auto session = read_lines(session_file());
    {
        auto a = make_store(dir.file("j.db"), "a");
        for (const auto& l : session)
            append(*a, l);
    }
    {
        auto b = make_store(dir.file("j.db"), "b");
        for (const char* l : kOdd)
            append(*b, l);
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    ReplayOptions o;
    o.run = "a";
    REQUIRE(replay_text(db, o) == joined(session));
    o.run.clear();  // the run created last
    REQUIRE(replay_text(db, o) == joined({std::begin(kOdd), std::end(kOdd)}));
}

TEST_CASE("replay narrows to a time range and to types") {
    TempDir dir;
    {
        auto s = make_store(dir.file("j.db"), "a");
        for (const auto& l : read_lines(session_file()))
            append(*s, l);
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    ReplayOptions o;
    o.types = {"EXIT"};
    const std::string exits = replay_text(db, o);
    REQUIRE(std::count(exits.begin(), exits.end(), '\n') == 5);
    o.range = parse_time_range("2024-01-09 10:00", "2024-01-09 10:31");
    const std::string one = replay_text(db, o);
    REQUIRE(std::count(one.begin(), one.end(), '\n') == 1);
    REQUIRE_THAT(one, Catch::Contains("\"order_id\":\"o-ORB-3\""));
    // From 15:20 on: only the ALERT that ends the session.
    o.types.clear();
    o.range = parse_time_range("2024-01-09 15:20", "");
    REQUIRE_THAT(replay_text(db, o), Catch::StartsWith(R"({"type":"ALERT")"));
}

TEST_CASE("a canonical line is marked as history in place keeping every other byte") {
    REQUIRE(with_hist_true(R"({"type":"X","a":1})") == R"({"type":"X","a":1,"hist":true})");
    REQUIRE(with_hist_true(R"({"type":"X","hist":false,"a":1})") == R"({"type":"X","hist":true,"a":1})");
    REQUIRE(with_hist_true(R"({ "type" : "X", "hist" : false })") == R"({ "type" : "X", "hist" : true })");
    // Nested objects and strings that merely contain "hist" are left alone.
    REQUIRE(with_hist_true(kOdd[2]) ==
            R"({"type":"MY_THING","x":[1,{"hist":false}],"y":"a\"hist\":false","hist":true})");
    REQUIRE(with_hist_true("{}") == R"({"hist":true})");
}

TEST_CASE("as hist every replayed line reads as history and nothing else changes") {
    TempDir dir;
    {
        auto s = make_store(dir.file("j.db"), "a");
        for (const char* l : kOdd)
            append(*s, l);
        append(
            *s,
            R"({"type":"FILL","timestamp":1704686400,"symbol":"X","order_id":"o","side":"BUY","qty":1,"price":10,"fees":0.5,"mode":"paper","broker_trade_id":"T1"})");
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    ReplayOptions o;
    o.as_hist = true;
    const std::string out = replay_text(db, o);
    std::vector<std::string> lines;
    for (std::size_t a = 0, b; (b = out.find('\n', a)) != std::string::npos; a = b + 1)
        lines.push_back(out.substr(a, b - a));
    REQUIRE(lines.size() == 7);
    REQUIRE(lines[0] == kOdd[0]);  // SYNC_RECOVERY is history already
    REQUIRE(
        lines[1] ==
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"X","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3,"hist":true})");
    REQUIRE(lines[5] == kOdd[5]);
    REQUIRE_THAT(lines[6], Catch::Contains(R"("broker_trade_id":"T1","hist":true})"));
    sos::event::Decoder d;
    sos::event::EventList events;
    for (const auto& l : lines) {
        INFO(l);
        REQUIRE(d.decode(l, events));
        for (const auto& e : events)
            REQUIRE(e.env.hist);
    }
}
