// The decoder's fast path for compact CANDLE lines (event/compact_candle.hpp) against the
// general way: on every line, good or broken, a decoder with its fast paths and one without
// must give the same answer (events, refusal and its wording, type, kind, canonical).
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "event/compact_candle.hpp"
#include "event/decoder.hpp"
#include "event/encoder.hpp"

using namespace sos::event;

namespace {

struct Outcome {
    bool ok = false;
    std::string error, type;
    Kind kind = Kind::Unknown;
    bool canonical = false;
    std::vector<std::string> events;  // each encoded, and a candle's numbers bit for bit

    bool operator==(const Outcome&) const = default;
};

// Decodes `line` followed by padding of `filler` (a real batch has the next lines there).
Outcome decode(Decoder& d, const std::string& line, char filler) {
    std::string buf = line + std::string(Decoder::padding(), filler);
    EventList events;
    Outcome o;
    o.ok = d.decode(buf.data(), line.size(), buf.size(), events);
    o.error = o.ok ? "" : d.error().message();
    o.type = std::string(d.type());
    o.kind = d.kind();
    o.canonical = o.ok && d.canonical();
    for (const auto& e : events) {
        std::string s = encode(e);
        if (const auto* k = e.as<Candle>()) {
            for (double x : {k->o, k->h, k->l, k->c, k->v, k->oi.value_or(-1.5)})
                s += " " + std::to_string(std::bit_cast<std::uint64_t>(x));
        }
        o.events.push_back(std::move(s));
    }
    return o;
}

// Both ways over `line`; counts the lines the fast path took.
struct Compare {
    Decoder fast{true}, general{false};
    std::size_t lines = 0, taken = 0;

    void check(const std::string& line) {
        ++lines;
        EventList probe;
        if (detail::read_compact_candle(line.data(), line.size(), probe)) ++taken;
        for (char filler : {' ', '9', '"', '}'}) {
            INFO(line);
            REQUIRE(decode(fast, line, filler) == decode(general, line, filler));
        }
    }
};

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string join(const Fields& f) {
    std::string s = "{";
    for (const auto& [k, v] : f)
        s.append(s.size() > 1 ? "," : "").append("\"" + k + "\":" + v);
    return s + "}";
}

const Fields kSynth = {{"type", "\"CANDLE\""},  {"timestamp", "1704080700"},
                       {"symbol", "\"NIFTY\""}, {"exchange", "\"NSE_INDEX\""},
                       {"tf", "\"1m\""},        {"o", "22777.15"},
                       {"h", "22815.15"},       {"l", "22762"},
                       {"c", "22796.2"},        {"v", "1213515"},
                       {"src", "\"synth\""},    {"true_regime", "\"TRENDING_UP\""}};

const Fields kEveryField = {{"type", "\"CANDLE\""},
                            {"timestamp", "1704685500"},
                            {"symbol", "\"TSTA\""},
                            {"exchange", "\"NSE\""},
                            {"tf", "\"15m\""},
                            {"o", "100"},
                            {"h", "105.5"},
                            {"l", "99.05"},
                            {"c", "104"},
                            {"v", "0"},
                            {"oi", "7"},
                            {"gap", "false"},
                            {"partial", "true"},
                            {"src", "\"live\""},
                            {"hist", "true"},
                            {"true_regime", "\"RANGE\""}};

}  // namespace

TEST_CASE("compact candles as sos and jq -c write them take the fast path") {
    Compare c;
    c.check(join(kSynth));
    c.check(join(kEveryField));
    REQUIRE(c.taken == 2);
    // Fields in any order after the type, the general way's answer every time.
    Fields reordered = kEveryField;
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
        std::shuffle(reordered.begin() + 1, reordered.end(), rng);
        c.check(join(reordered));
    }
    REQUIRE(c.taken == c.lines);
}

TEST_CASE("the encoder's candles decode the same both ways") {
    Compare c;
    std::mt19937_64 rng(12);
    const char* tfs[] = {"1m", "3m", "5m", "15m", "30m", "1h", "1d"};
    for (int i = 0; i < 3000; ++i) {
        Event e;
        e.env.kind = Kind::Candle;
        e.env.timestamp = sos::time::Timestamp::from_seconds(1'600'000'000 +
                                                             static_cast<std::int64_t>(rng() % 100'000'000));
        e.env.symbol = i % 3 ? "RELIANCE" : "NIFTY28NOV2424000CE";
        if (i % 2) e.env.exchange = "NSE";
        if (i % 5) e.env.src = "synth";
        e.env.hist = i % 7 == 0;
        if (i % 4 == 0) e.env.true_regime = "VOLATILE";
        auto& k = e.body.emplace<Candle>();
        k.tf = *sos::time::parse_timeframe(tfs[rng() % 7]);
        const double scale = std::pow(10.0, static_cast<double>(rng() % 4));
        const auto low = 1 + rng() % 5'000'000, range = rng() % 100'000;
        k.l = static_cast<double>(low) / scale;
        k.h = static_cast<double>(low + range) / scale;
        k.o = static_cast<double>(low + range / 3) / scale;
        k.c = i % 10 ? k.h : k.l + (k.h - k.l) / 3;  // sometimes a long mantissa
        k.v = static_cast<double>(rng() % 10'000'000);
        if (i % 3 == 0) k.oi = static_cast<double>(rng() % 1000);
        k.gap = i % 11 == 0;
        k.partial = i % 13 == 0;
        std::string line = encode(e);
        line.pop_back();
        c.check(line);
    }
    // Every candle the encoder writes is in the compact form; those with a number of more than
    // 15 digits (c, a third of the way up, in one of ten) go the general way.
    REQUIRE(c.taken > c.lines * 8 / 10);
    REQUIRE(c.taken < c.lines);
}

TEST_CASE("a compact candle broken byte by byte decodes the same both ways") {
    Compare c;
    const std::string bytes[] = {"\"", "\\", ",", ":", "{",    "}",    "[",    "]",   " ",
                                 "\t", "0",  "1", "9", "-",    "+",    ".",    "e",   "E",
                                 "n",  "t",  "f", "a", "\x01", "\x7f", "\xc3", "\xff"};
    for (const Fields* base : {&kSynth, &kEveryField}) {
        const std::string line = join(*base);
        for (std::size_t i = 0; i <= line.size(); ++i) {
            c.check(line.substr(0, i));
            if (i == line.size()) break;
            c.check(line.substr(0, i) + line.substr(i + 1));
            for (const auto& b : bytes) {
                c.check(line.substr(0, i) + b + line.substr(i + 1));
                c.check(line.substr(0, i) + b + line.substr(i));
            }
        }
    }
    // Some breaks leave a compact candle (a digit for a digit): those still take the fast path.
    REQUIRE(c.taken > 0);
}

TEST_CASE("a compact candle with a field changed, doubled or dropped decodes the same both ways") {
    Compare c;
    const std::string values[] = {"null",
                                  "\"1\"",
                                  "\"x\"",
                                  "1e2",
                                  "-1",
                                  "0",
                                  "-0",
                                  "1.",
                                  "01",
                                  "1.5e3",
                                  ".5",
                                  "true",
                                  "false",
                                  "{}",
                                  "[]",
                                  "[1]",
                                  "{\"a\":1}",
                                  "1234567890123456",
                                  "123456789012345",
                                  "9000000000",
                                  "9000000001",
                                  "1704080700.5",
                                  "1704080700000",
                                  "\"1m\"",
                                  "\"1x\"",
                                  "\"0m\"",
                                  "\"\"",
                                  "\"a\\\"b\"",
                                  "\"\\u0041\"",
                                  "\"caf\xc3\xa9\"",
                                  "22762",
                                  "22815.16",
                                  "1e400"};
    for (const Fields* base : {&kSynth, &kEveryField}) {
        for (std::size_t i = 0; i < base->size(); ++i) {
            for (const auto& v : values) {
                Fields f = *base;
                f[i].second = v;
                c.check(join(f));
            }
            Fields twice = *base;
            twice.push_back((*base)[i]);
            c.check(join(twice));
            Fields dropped = *base;
            dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
            c.check(join(dropped));
        }
        for (const char* other : {"open", "high", "low", "close", "volume", "vol", "seq", "ver", "mode",
                                  "data", "x", "type", "Symbol", "timestamp "}) {
            Fields f = *base;
            f.emplace_back(other, "1");
            c.check(join(f));
        }
    }
    REQUIRE(c.taken > 0);
}

TEST_CASE("refusals of compact candles still name the field") {
    Decoder d;
    EventList out;
    REQUIRE_FALSE(d.decode(
        R"({"type":"CANDLE","timestamp":1704080700,"symbol":"A","tf":"1m","o":1,"h":1,"l":2,"c":1,"v":1})",
        out));
    REQUIRE(d.error().message() == "CANDLE: h < l");
    REQUIRE_FALSE(d.decode(
        R"({"type":"CANDLE","timestamp":1704080700,"symbol":"A","tf":"2x","o":1,"h":1,"l":1,"c":1,"v":1})",
        out));
    REQUIRE(d.error().message() == "CANDLE: field 'tf': not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)");
    REQUIRE_FALSE(d.decode(
        R"({"type":"CANDLE","timestamp":1704080700,"symbol":"A","tf":"1m","o":1,"h":1,"l":1,"c":1})", out));
    REQUIRE(d.error().message() == "CANDLE: field 'v' is missing");
}
