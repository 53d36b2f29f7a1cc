// The compact form of market lines: a line split into shape and numbers joins back to the
// same bytes whatever it holds, and a block of such lines decodes to what was encoded.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "journal/block_codec.hpp"
#include "journal/line_shape.hpp"
#include "journal/sqlite.hpp"
#include "journal/varint.hpp"

using namespace sos::journal;

namespace {

std::string round_trip(std::string_view line) {
    std::string shape;
    std::vector<Decimal> numbers;
    REQUIRE(split_line(line, shape, numbers));
    std::string out;
    join_line(shape, numbers.data(), out);
    return out;
}

std::size_t slots_of(std::string_view line) {
    std::string shape;
    std::vector<Decimal> numbers;
    REQUIRE(split_line(line, shape, numbers));
    return numbers.size();
}

}  // namespace

TEST_CASE("plain decimals become slots and everything else stays in the shape") {
    std::string shape;
    std::vector<Decimal> numbers;
    REQUIRE(split_line(
        R"({"type":"CANDLE","timestamp":1704080700,"symbol":"NIFTY 50","o":21836.75,"h":0.05,"v":-3})", shape,
        numbers));
    REQUIRE(
        shape ==
        "{\"type\":\"CANDLE\",\"timestamp\":\x01,\"symbol\":\"NIFTY 50\",\"o\":\x01,\"h\":\x01,\"v\":\x01}");
    REQUIRE(numbers == std::vector<Decimal>{{1704080700, 0}, {2183675, 2}, {5, 2}, {-3, 0}});
}

TEST_CASE("numbers a slot cannot hold exactly stay in the shape as written") {
    // An exponent, a negative zero, too many digits, digits inside strings, a bare minus.
    for (const char* line : {R"({"a":1e5})", R"({"a":-0})", R"({"a":-0.0})", R"({"a":1.5E-3})",
                             R"({"a":1234567890123456789})", R"({"a":0.1234567890123456789})",
                             R"({"a":"12.5"})", R"({"a":"x\"12"})", R"([-])", R"({"a":01})", R"({"a":1.})"}) {
        INFO(line);
        REQUIRE(slots_of(line) == 0);
        REQUIRE(round_trip(line) == line);
    }
    REQUIRE(slots_of(R"({"a":123456789012345678,"b":0.12345678901234567})") == 2);
    REQUIRE(slots_of(R"({"a":[1,2.50,-0.25,0],"b":{"c":true,"d":null}})") == 4);
}

TEST_CASE("a line holding the marker byte is refused") {
    std::string shape;
    std::vector<Decimal> numbers;
    REQUIRE_FALSE(split_line(std::string("{\"a\":\"x\x01\"}"), shape, numbers));
    REQUIRE_FALSE(split_line(std::string("{\"a\":1}\x01"), shape, numbers));
}

TEST_CASE("decimals are written back with their own number of decimals") {
    for (const char* text :
         {"0", "7", "-7", "0.05", "0.50", "-0.05", "100", "21817.15", "21817.10", "-123.000",
          "999999999999999999", "-999999999999999999", "0.000000000000000001"}) {
        INFO(text);
        REQUIRE(round_trip(text) == text);
    }
}

TEST_CASE("any text joins back byte for byte") {
    // Random bytes over an alphabet rich in JSON's own characters, strings and escapes.
    const std::string alphabet = "0123456789-+.eE\"\\{}[],: abc\t";
    std::mt19937 rng(7);
    for (int i = 0; i < 20000; ++i) {
        std::string line(rng() % 40, ' ');
        for (char& c : line)
            c = alphabet[rng() % alphabet.size()];
        INFO(line);
        REQUIRE(round_trip(line) == line);
    }
}

TEST_CASE("varints and zigzag round trip at their limits") {
    for (std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{63},
                           std::int64_t{-64}, std::int64_t{1} << 40, INT64_MAX, INT64_MIN}) {
        std::string bytes;
        put_varint(bytes, zigzag(v));
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
        std::uint64_t u = 0;
        REQUIRE(get_varint(p, p + bytes.size(), u));
        REQUIRE(unzigzag(u) == v);
    }
    std::string one;
    put_varint(one, zigzag(-1));
    REQUIRE(one.size() == 1);
}

namespace {

struct Line {
    std::uint32_t shape;
    std::int64_t seq;
    std::optional<sos::time::Timestamp> ts;
    std::vector<Decimal> numbers;
};

ShapeTable two_shapes() {
    ShapeTable shapes;
    shapes.add(Shape{"\x01\x01\x01", 3, "CANDLE", "A", false, 0});
    shapes.add(Shape{"\x01", 1, "TICK", "B", false, 0});
    return shapes;
}

std::vector<Line> decode_all(NumberMemory& memory, const ShapeTable& shapes, std::string_view bytes,
                             std::int64_t previous_seq) {
    BlockReader reader(memory, shapes, bytes, previous_seq);
    std::vector<Line> out;
    BlockEntry e;
    while (reader.next(e))
        out.push_back({e.shape, e.seq, e.ts, {e.numbers.begin(), e.numbers.end()}});
    return out;
}

}  // namespace

TEST_CASE("a block gives back each line's shape, place, time and numbers") {
    using sos::time::Timestamp;
    const ShapeTable shapes = two_shapes();
    const std::vector<Line> lines = {
        {0, 5, Timestamp::from_seconds(1704080700), {{2183675, 2}, {21840, 0}, {-5, 1}}},
        {1, 6, Timestamp{1704080700'250000000}, {{7, 0}}},
        {0, 9, Timestamp::from_seconds(1704080760), {{2183680, 2}, {218405, 1}, {-5, 1}}},
        {1, 10, std::nullopt, {{-999999999999999999, 0}}},
        {1, 11, Timestamp{1704080760'000000001}, {{999999999999999999, 18}}},
        {0, 12, Timestamp::from_seconds(1), {{0, 0}, {999999999999999999, 0}, {-999999999999999999, 18}}},
    };
    NumberMemory write_memory;
    BlockWriter writer(write_memory);
    writer.start(4);
    for (const auto& l : lines)
        writer.add(l.shape, shapes[l.shape].slots, l.seq, l.ts, l.numbers);
    REQUIRE(writer.lines() == lines.size());
    NumberMemory read_memory;
    const auto back = decode_all(read_memory, shapes, writer.bytes(), 4);
    REQUIRE(back.size() == lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        INFO(i);
        CHECK(back[i].shape == lines[i].shape);
        CHECK(back[i].seq == lines[i].seq);
        CHECK(back[i].ts == lines[i].ts);
        CHECK(back[i].numbers == lines[i].numbers);
    }
}

TEST_CASE("a small move of a price takes a byte or two") {
    const ShapeTable shapes = two_shapes();
    NumberMemory memory;
    BlockWriter writer(memory);
    writer.start(0);
    const std::vector<Decimal> first = {{2183675, 2}, {2183700, 2}, {2183600, 2}};
    const std::vector<Decimal> next = {{2183690, 2}, {2183705, 2}, {2183610, 2}};
    writer.add(0, 3, 1, sos::time::Timestamp::from_seconds(1704080700), first);
    const std::size_t before = writer.bytes().size();
    writer.add(0, 3, 2, sos::time::Timestamp::from_seconds(1704080760), next);
    // shape and place 1, time 2, three prices of a move under 64 ticks 1 each.
    REQUIRE(writer.bytes().size() - before == 6);
}

TEST_CASE("the numbers carry over to the next block until a block starts afresh") {
    const ShapeTable shapes = two_shapes();
    NumberMemory write_memory;
    BlockWriter writer(write_memory);
    writer.start(0);
    writer.add(1, 1, 1, std::nullopt, std::vector<Decimal>{{1000, 0}});
    const std::string first(writer.bytes());
    writer.start(1);
    writer.add(1, 1, 2, std::nullopt, std::vector<Decimal>{{1001, 0}});
    const std::string second(writer.bytes());
    REQUIRE(second.size() == 4);  // format, shape and place, no time, a difference of one

    NumberMemory read_memory;
    REQUIRE(decode_all(read_memory, shapes, first, 0)[0].numbers[0] == Decimal{1000, 0});
    REQUIRE(decode_all(read_memory, shapes, second, 1)[0].numbers[0] == Decimal{1001, 0});
    // Read on its own, as after a restart that forgot what came before, it would differ.
    read_memory.forget();
    REQUIRE(decode_all(read_memory, shapes, second, 1)[0].numbers[0] == Decimal{1, 0});
}

TEST_CASE("a damaged block is an error, never a crash") {
    const ShapeTable shapes = two_shapes();
    NumberMemory memory;
    BlockWriter writer(memory);
    writer.start(0);
    writer.add(0, 3, 1, sos::time::Timestamp::from_seconds(1704080700),
               std::vector<Decimal>{{2183675, 2}, {21840, 0}, {-5, 1}});
    const std::string good(writer.bytes());
    // Nothing, or a line cut anywhere (the format byte alone is an empty block).
    NumberMemory none;
    REQUIRE_THROWS_AS(decode_all(none, shapes, std::string(), 0), JournalError);
    for (std::size_t cut = 2; cut < good.size(); ++cut) {
        NumberMemory m;
        INFO(cut);
        REQUIRE_THROWS_AS(decode_all(m, shapes, good.substr(0, cut), 0), JournalError);
    }
    std::string unknown_shape = good;
    unknown_shape[1] = static_cast<char>(7 << 1);
    NumberMemory m;
    REQUIRE_THROWS_AS(decode_all(m, shapes, unknown_shape, 0), JournalError);
    // Any bytes at all: an error or some numbers, nothing undefined (run under the sanitizers).
    std::mt19937 rng(3);
    for (int i = 0; i < 5000; ++i) {
        std::string junk(1 + rng() % 30, '\0');
        for (char& c : junk)
            c = static_cast<char>(rng());
        junk[0] = static_cast<char>(kBlockFormat);
        NumberMemory mm;
        try {
            decode_all(mm, shapes, junk, 0);
        } catch (const JournalError&) {
        }
    }
}
