#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ndjson/line_assembler.hpp"
#include "ndjson/line_reader.hpp"
#include "ndjson/output.hpp"
#include "ndjson/type_filter.hpp"

using namespace sos::ndjson;

namespace {
struct Line {
    std::string text;
    std::uint64_t number;
    bool overlong;

    bool operator==(const Line&) const = default;
};

// The lines of `reads` as the assembler cuts them. `in_place`: read straight into the batch
// (room and cut, as LineReader does), else copied from the reads (feed).
std::vector<Line> lines_cut(const std::vector<std::string>& reads, std::size_t max_line, bool in_place) {
    LineAssembler a(max_line, 64);
    LineBatch b;
    std::vector<Line> out;
    auto drain = [&] {
        for (const auto& s : b.lines) {
            out.push_back({s.overlong ? "" : std::string(b.text(s)), s.number, s.overlong});
            if (!s.overlong) {
                REQUIRE(b.capacity(s) >= s.length + 64);  // simdjson's look-ahead is readable
            }
        }
        b.clear();
    };
    for (const auto& r : reads) {
        if (in_place) {
            std::memcpy(a.room(b, r.size()), r.data(), r.size());
            if (!r.empty()) a.cut(b, r.size());  // a read of nothing is the end
        } else {
            a.feed(r.data(), r.size(), b);
        }
        drain();
    }
    a.finish(b);
    drain();
    return out;
}

// Both ways, which must agree.
std::vector<Line> lines_of(const std::vector<std::string>& reads, std::size_t max_line = 1 << 20) {
    auto copied = lines_cut(reads, max_line, false);
    REQUIRE(lines_cut(reads, max_line, true) == copied);
    return copied;
}
}  // namespace

TEST_CASE("a line split across reads is joined") {
    auto l = lines_of({"{\"a\":", "1}\n{\"b\"", ":2}\n"});
    REQUIRE(l.size() == 2);
    REQUIRE(l[0].text == "{\"a\":1}");
    REQUIRE(l[1].text == "{\"b\":2}");
    REQUIRE(l[1].number == 2);
}

TEST_CASE("CRLF endings lose their CR and the content stays byte for byte") {
    auto l = lines_of({"{\"a\":\"x\\r\"}\r\n{\"b\":2}\r\n"});
    REQUIRE(l.size() == 2);
    REQUIRE(l[0].text == "{\"a\":\"x\\r\"}");
    REQUIRE(l[1].text == "{\"b\":2}");
}

TEST_CASE("a missing final newline still ends the last line") {
    auto l = lines_of({"{\"a\":1}\n{\"b\":2}"});
    REQUIRE(l.size() == 2);
    REQUIRE(l[1].text == "{\"b\":2}");
}

TEST_CASE("blank lines are dropped but still counted") {
    auto l = lines_of({"\n  \n{\"a\":1}\n\r\n\t\n{\"b\":2}\n"});
    REQUIRE(l.size() == 2);
    REQUIRE(l[0].number == 3);
    REQUIRE(l[1].number == 6);
}

TEST_CASE("a very long line arriving in many reads is kept whole") {
    std::string big = "{\"x\":\"" + std::string(300000, 'a') + "\"}";
    std::vector<std::string> reads;
    for (std::size_t i = 0; i < big.size(); i += 4093)
        reads.push_back(big.substr(i, 4093));
    reads.push_back("\n{\"b\":2}\n");
    auto l = lines_of(reads);
    REQUIRE(l.size() == 2);
    REQUIRE(l[0].text == big);
}

TEST_CASE("a line over the limit is reported as overlong and its neighbours survive") {
    std::string big(5000, 'x');
    auto l = lines_of({"{\"a\":1}\n", big.substr(0, 2000), big.substr(2000), "\n{\"b\":2}\n"}, 1000);
    REQUIRE(l.size() == 3);
    REQUIRE(l[0].text == "{\"a\":1}");
    REQUIRE(l[1].overlong);
    REQUIRE(l[1].number == 2);
    REQUIRE(l[2].text == "{\"b\":2}");
    REQUIRE(l[2].number == 3);
    auto tail = lines_of({"{\"a\":1}\n" + big}, 1000);  // overlong and unterminated
    REQUIRE(tail.size() == 2);
    REQUIRE(tail[1].overlong);
}

TEST_CASE("every split point of a stream gives the same lines") {
    std::string stream = "{\"a\":1}\r\n\n{\"bb\":22}\n{\"ccc\":333}";
    auto whole = lines_of({stream});
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        auto parts = lines_of({stream.substr(0, cut), stream.substr(cut)});
        REQUIRE(parts.size() == whole.size());
        for (std::size_t i = 0; i < parts.size(); ++i) {
            REQUIRE(parts[i].text == whole[i].text);
            REQUIRE(parts[i].number == whole[i].number);
        }
    }
}

TEST_CASE("lines read straight into the batch are the lines copied, however the reads fall") {
    // Streams of every kind of line (CRLF, blank, a mark at the start, longer than a read,
    // longer than the limit, no final newline), cut into reads at random; the batch is kept
    // across reads or cleared after each, as the stage and the sources do.
    std::mt19937 rng(3);
    const std::string pieces[] = {"{\"a\":1}",
                                  "\r",
                                  "",
                                  "  \t",
                                  std::string(700, 'x'),
                                  std::string(3000, 'y'),
                                  "\xEF\xBB\xBF",
                                  "\xEF",
                                  "\xEF\xBB",
                                  "{\"b\":\"\xc3\xa9\"}"};
    for (int round = 0; round < 2000; ++round) {
        std::string stream;
        const int n_lines = static_cast<int>(rng() % 12);
        for (int i = 0; i < n_lines; ++i) {
            const int parts = 1 + static_cast<int>(rng() % 3);
            for (int p = 0; p < parts; ++p)
                stream += pieces[rng() % std::size(pieces)];
            if (i + 1 < n_lines || rng() % 2) stream += rng() % 4 ? "\n" : "\r\n";
        }
        std::vector<std::string> reads;
        for (std::size_t at = 0; at < stream.size();) {
            const std::size_t len = 1 + rng() % (rng() % 2 ? 8 : 2000);
            reads.push_back(stream.substr(at, len));
            at += len;
        }
        INFO(stream);
        const auto whole = lines_of({stream}, 2500);
        REQUIRE(lines_of(reads, 2500) == whole);
    }
}

TEST_CASE("a batch kept across reads holds every line read into it, each readable ahead") {
    LineAssembler a(1 << 20, 64);
    LineBatch b;
    const std::string reads[] = {"{\"a\":1}\n{\"b\"", ":2}\r\n\n", "{\"c\":3}", "\n"};
    for (const auto& r : reads) {
        std::memcpy(a.room(b, r.size()), r.data(), r.size());
        a.cut(b, r.size());
    }
    a.finish(b);
    REQUIRE(b.lines.size() == 3);
    REQUIRE(b.text(b.lines[0]) == "{\"a\":1}");
    REQUIRE(b.text(b.lines[1]) == "{\"b\":2}");
    REQUIRE(b.text(b.lines[2]) == "{\"c\":3}");
    REQUIRE(b.lines[2].number == 4);
    for (const auto& s : b.lines)
        REQUIRE(b.capacity(s) >= s.length + 64);
}

TEST_CASE("type filters from only and drop choose the types written") {
    TypeFilter all;
    REQUIRE(all.allows("ANYTHING"));
    TypeFilter only({"candle,tick"}, {});
    REQUIRE(only.allows("CANDLE"));
    REQUIRE(only.allows("TICK"));
    REQUIRE_FALSE(only.allows("SIGNAL"));
    TypeFilter drop({}, {"TICK", "HEALTH"});
    REQUIRE_FALSE(drop.allows("TICK"));
    REQUIRE(drop.allows("CANDLE"));
    StringSink sink;
    Output out(sink, only);
    out.pass("TICK", "{\"type\":\"TICK\"}");
    out.pass("SIGNAL", "{\"type\":\"SIGNAL\"}");
    REQUIRE(sink.text == "{\"type\":\"TICK\"}\n");
    REQUIRE(out.lines_written() == 1);
}

TEST_CASE("a UTF-8 byte-order mark at the start of a stream is dropped, however the reads fall") {
    const std::string bom = "\xEF\xBB\xBF";
    const std::string line = R"({"type":"X"})";
    for (std::size_t cut = 0; cut <= bom.size() + 1; ++cut) {
        const std::string all = bom + line + "\n" + line + "\n";
        const auto got = lines_of({all.substr(0, cut), all.substr(cut)});
        REQUIRE(got.size() == 2);
        REQUIRE(got[0].text == line);
        REQUIRE(got[1].text == line);
    }
}

TEST_CASE("only a mark at the very start is dropped: elsewhere, or half of one, the bytes stay") {
    const std::string bom = "\xEF\xBB\xBF";
    auto got = lines_of({"a\n" + bom + "b\n"});
    REQUIRE(got[1].text == bom + "b");
    got = lines_of({"\xEF\xBB", "x\n"});
    REQUIRE(got[0].text == "\xEF\xBBx");
    got = lines_of({"\xEF"});
    REQUIRE(got.size() == 1);
    REQUIRE(got[0].text == "\xEF");
}

namespace {
struct TempText {
    std::string path;
    explicit TempText(const std::string& content) {
        char name[] = "/tmp/sos-lines-XXXXXX";
        const int fd = ::mkstemp(name);
        REQUIRE(fd >= 0);
        REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
        ::close(fd);
        path = name;
    }
    ~TempText() { ::unlink(path.c_str()); }
};

std::vector<std::string> read_all_lines(LineReader& reader, std::vector<std::uint64_t>& numbers) {
    std::vector<std::string> out;
    LineBatch batch;
    for (;;) {
        const auto r = reader.read(batch);
        REQUIRE(r != LineReader::Read::Failed);
        for (const auto& s : batch.lines) {
            out.emplace_back(s.overlong ? std::string("<overlong>") : std::string(batch.text(s)));
            numbers.push_back(s.number);
        }
        batch.clear();
        if (r == LineReader::Read::End) return out;
    }
}
}  // namespace

TEST_CASE("the line reader reads a descriptor to its end in blocks, numbering every line") {
    TempText f("a\nb\n\nc");
    const int fd = ::open(f.path.c_str(), O_RDONLY);
    LineReader reader(fd, f.path, LineReaderOptions{1 << 20, 64, 2});  // two-byte reads
    std::vector<std::uint64_t> numbers;
    REQUIRE(read_all_lines(reader, numbers) == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(numbers == std::vector<std::uint64_t>{1, 2, 4});
    REQUIRE(reader.bytes_read() == 6);
    ::close(fd);
}

TEST_CASE("the line reader reads a byte range of a file, numbered from its first line") {
    TempText f("header\nx,1\ny,2\nz,3\n");
    const int fd = ::open(f.path.c_str(), O_RDONLY);
    LineReaderOptions o;
    o.ranged = true;
    o.begin = 7;  // after the header
    o.end = 15;   // up to the end of "y,2\n"
    o.first_line = 2;
    o.block_bytes = 3;
    LineReader reader(fd, f.path, o);
    std::vector<std::uint64_t> numbers;
    REQUIRE(read_all_lines(reader, numbers) == std::vector<std::string>{"x,1", "y,2"});
    REQUIRE(numbers == std::vector<std::uint64_t>{2, 3});
    ::close(fd);
}

TEST_CASE("an over-long line has one wording wherever it is met") {
    REQUIRE(overlong_message(70000000) == "line of 70000000 bytes is longer than the limit");
}

TEST_CASE("a read that fails is reported naming the input, as an I/O error") {
    char dir[] = "/tmp/sos-dir-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const int fd = ::open(dir, O_RDONLY);  // reading a directory fails with EISDIR
    LineReader reader(fd, dir);
    LineBatch batch;
    REQUIRE(reader.read(batch) == LineReader::Read::Failed);
    REQUIRE(reader.failure() == std::string(dir) + ": read failed: Is a directory");
    REQUIRE_THROWS_AS(reader.read_or_throw(batch), ReadError);
    ::close(fd);
    ::rmdir(dir);
}
