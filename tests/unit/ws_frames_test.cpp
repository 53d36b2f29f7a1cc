// The ws:// client's own WebSocket framing and opening handshake (lib/net/ws_frames, ws_handshake),
// without a socket: every frame length encoding, fragments with control frames between them, each
// protocol violation with its close code, and streams cut at every byte.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "net/ws_frames.hpp"
#include "net/ws_handshake.hpp"

using sos::net::detail::append_client_frame;
using sos::net::detail::make_upgrade_request;
using sos::net::detail::read_upgrade_answer;
using sos::net::detail::WsFrameReader;
using sos::net::detail::WsFrameSink;

namespace {

struct Recorder : WsFrameSink {
    std::vector<std::string> seen;
    void on_message(std::string_view p, bool binary) override {
        seen.push_back((binary ? "binary:" : "text:") + std::string(p));
    }
    void on_ping(std::string_view p) override { seen.push_back("ping:" + std::string(p)); }
    void on_pong() override { seen.push_back("pong"); }
    void on_close(int code, std::string_view reason) override {
        seen.push_back("close:" + std::to_string(code) + ":" + std::string(reason));
    }
};

struct FrameSpec {
    unsigned opcode = 1;
    bool fin = true;
    unsigned rsv = 0;     // bits 0x70
    bool masked = false;  // servers must not
    int length_form = 0;  // 0: the shortest; 16 or 64: that extended length whatever the size
};

// A frame as a server would send it.
std::string server_frame(std::string_view payload, FrameSpec s = {}) {
    std::string f;
    f.push_back(static_cast<char>((s.fin ? 0x80 : 0) | s.rsv | s.opcode));
    const std::uint64_t n = payload.size();
    const unsigned mask_bit = s.masked ? 0x80 : 0;
    const int form = s.length_form ? s.length_form : n < 126 ? 7 : n <= 0xffff ? 16 : 64;
    if (form == 7) {
        f.push_back(static_cast<char>(mask_bit | n));
    } else if (form == 16) {
        f.push_back(static_cast<char>(mask_bit | 126));
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xff));
    } else {
        f.push_back(static_cast<char>(mask_bit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.push_back(static_cast<char>((n >> shift) & 0xff));
    }
    if (s.masked) {
        const char key[4] = {1, 2, 3, 4};
        f.append(key, 4);
        for (std::size_t i = 0; i < payload.size(); ++i)
            f.push_back(static_cast<char>(payload[i] ^ key[i & 3]));
    } else {
        f.append(payload);
    }
    return f;
}

std::string close_payload(int code, std::string_view reason) {
    std::string p{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    return p.append(reason);
}

// Feeds `stream` in pieces cut at `cuts` (offsets, ascending); the events, or "error:CODE" last.
std::vector<std::string> read_stream(std::string_view stream, const std::vector<std::size_t>& cuts,
                                     std::size_t max_message = 1u << 20) {
    WsFrameReader reader(max_message);
    Recorder r;
    std::size_t at = 0;
    auto piece = [&](std::size_t end) {
        if (!reader.feed(stream.data() + at, end - at, r)) {
            r.seen.push_back("error:" + std::to_string(reader.error_code()));
            return false;
        }
        at = end;
        return true;
    };
    for (std::size_t cut : cuts)
        if (!piece(cut)) return r.seen;
    piece(stream.size());
    return r.seen;
}

std::vector<std::string> read_whole(std::string_view stream, std::size_t max_message = 1u << 20) {
    return read_stream(stream, {}, max_message);
}

using Events = std::vector<std::string>;

}  // namespace

TEST_CASE("frames of every length encoding are read whole, many in one read") {
    const std::string small(125, 's'), mid(126, 'm'), top16(65535, 'x'), big(65536, 'b');
    const std::string stream = server_frame("") + server_frame(small) + server_frame(mid) +
                               server_frame(top16) + server_frame(big, {.opcode = 2}) +
                               server_frame("short in a long form", {.length_form = 64}) +
                               server_frame("short in a mid form", {.length_form = 16});
    REQUIRE(read_whole(stream) == Events{"text:", "text:" + small, "text:" + mid, "text:" + top16,
                                         "binary:" + big, "text:short in a long form",
                                         "text:short in a mid form"});
}

TEST_CASE("a fragmented message is joined, with control frames between its fragments") {
    const std::string stream =
        server_frame("{\"a\":", {.opcode = 1, .fin = false}) + server_frame("ping me", {.opcode = 9}) +
        server_frame("1,", {.opcode = 0, .fin = false}) + server_frame("", {.opcode = 10}) +
        server_frame("\"b\":2}", {.opcode = 0}) + server_frame("bin", {.opcode = 2, .fin = false}) +
        server_frame("ary", {.opcode = 0});
    REQUIRE(read_whole(stream) == Events{"ping:ping me", "pong", "text:{\"a\":1,\"b\":2}", "binary:binary"});
}

TEST_CASE("a close frame gives its code and reason, or 1005 without one, and ends the reading") {
    REQUIRE(read_whole(server_frame(close_payload(4401, "auth timeout"), {.opcode = 8}) +
                       server_frame("after")) == Events{"close:4401:auth timeout"});
    REQUIRE(read_whole(server_frame("", {.opcode = 8})) == Events{"close:1005:"});
    REQUIRE(read_whole(server_frame(close_payload(1000, ""), {.opcode = 8})) == Events{"close:1000:"});
}

TEST_CASE("each protocol violation is refused with 1002, before anything after it") {
    const std::string ok = server_frame("before");
    auto refused = [&](const std::string& bad) {
        const auto ev = read_whole(ok + bad + server_frame("after"));
        return ev == Events{"text:before", "error:1002"};
    };
    CHECK(refused(server_frame("masked", {.masked = true})));
    CHECK(refused(server_frame("rsv1", {.rsv = 0x40})));
    CHECK(refused(server_frame("rsv2", {.rsv = 0x20})));
    CHECK(refused(server_frame("rsv3", {.rsv = 0x10})));
    CHECK(refused(server_frame(std::string(126, 'p'), {.opcode = 9})));  // a control frame over 125
    CHECK(refused(server_frame("frag", {.opcode = 9, .fin = false})));   // a control frame in fragments
    CHECK(refused(server_frame("orphan", {.opcode = 0})));               // continuation, no message
    CHECK(
        refused(server_frame("a", {.opcode = 1, .fin = false}) + server_frame("b")));  // a message inside one
    CHECK(refused(server_frame("op3", {.opcode = 3})));
    CHECK(refused(server_frame("op11", {.opcode = 11})));
    CHECK(refused(server_frame("x", {.opcode = 8})));                      // a close frame of one byte
    CHECK(refused(server_frame(close_payload(1006, ""), {.opcode = 8})));  // a code never sent
    CHECK(refused(server_frame(close_payload(999, ""), {.opcode = 8})));
    // A 64-bit length with its top bit set, refused from the header alone.
    std::string huge{
        static_cast<char>(0x81), static_cast<char>(127), static_cast<char>(0x80), 0, 0, 0, 0, 0, 0, 0};
    CHECK(refused(huge));
}

TEST_CASE("a message over the limit is refused with 1009 from its header, whole or in fragments") {
    REQUIRE(read_whole(server_frame(std::string(100, 'a')), 100) == Events{"text:" + std::string(100, 'a')});
    REQUIRE(read_whole(server_frame(std::string(101, 'a')), 100) == Events{"error:1009"});
    // Only the header of a frame announcing 5 GB arrives: refused without waiting for it.
    std::string announce{static_cast<char>(0x81), static_cast<char>(127), 0, 0, 0, 1, 0x40, 0, 0, 0};
    REQUIRE(read_whole(announce, 4u << 20) == Events{"error:1009"});
    const std::string parts = server_frame(std::string(60, 'a'), {.opcode = 1, .fin = false}) +
                              server_frame(std::string(41, 'b'), {.opcode = 0});
    REQUIRE(read_whole(parts, 100) == Events{"error:1009"});
}

TEST_CASE("nothing more is read once the reader has refused a frame") {
    WsFrameReader reader(1000);
    Recorder r;
    const std::string bad = server_frame("m", {.masked = true});
    REQUIRE_FALSE(reader.feed(bad.data(), bad.size(), r));
    REQUIRE(reader.error_code() == 1002);
    REQUIRE_THAT(reader.error(), Catch::Contains("masked"));
    const std::string good = server_frame("good");
    REQUIRE_FALSE(reader.feed(good.data(), good.size(), r));
    REQUIRE(r.seen.empty());
    reader.reset();
    REQUIRE(reader.feed(good.data(), good.size(), r));
    REQUIRE(r.seen == Events{"text:good"});
}

TEST_CASE("a stream cut at any byte, or at any two, reads the same as whole") {
    const std::string stream =
        server_frame("{\"ltp\":1}") + server_frame(std::string(300, 'm')) +
        server_frame("frag-", {.opcode = 1, .fin = false}) + server_frame("p", {.opcode = 9}) +
        server_frame(std::string(200, 'c'), {.opcode = 0, .fin = false}) +
        server_frame("end", {.opcode = 0}) + server_frame("long form", {.opcode = 2, .length_form = 64}) +
        server_frame("", {.opcode = 10}) + server_frame(close_payload(1000, "bye"), {.opcode = 8});
    const Events whole = read_whole(stream);
    REQUIRE(whole == Events{"text:{\"ltp\":1}", "text:" + std::string(300, 'm'), "ping:p",
                            "text:frag-" + std::string(200, 'c') + "end", "binary:long form", "pong",
                            "close:1000:bye"});
    for (std::size_t i = 0; i <= stream.size(); ++i) {
        INFO("cut at " << i);
        REQUIRE(read_stream(stream, {i}) == whole);
    }
    for (std::size_t i = 0; i <= stream.size(); i += 7)
        for (std::size_t j = i; j <= stream.size(); ++j) {
            INFO("cuts at " << i << " and " << j);
            REQUIRE(read_stream(stream, {i, j}) == whole);
        }
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < stream.size(); ++i)
        every.push_back(i);
    REQUIRE(read_stream(stream, every) == whole);  // a byte a read
}

TEST_CASE("an empty frame whose header ends a read is delivered at once, not at the next read") {
    // Found by fuzz_ws_raw_frames: the server's empty close frame cut "\x88" | "\x00" was held.
    for (unsigned opcode : {8u, 9u, 10u}) {
        WsFrameReader reader(1000);
        Recorder r;
        const std::string f = server_frame("", {.opcode = opcode});
        REQUIRE(reader.feed(f.data(), 1, r));
        REQUIRE(r.seen.empty());
        REQUIRE(reader.feed(f.data() + 1, 1, r));
        REQUIRE(r.seen.size() == 1);
    }
    WsFrameReader reader(1000);
    Recorder r;
    const std::string bad = server_frame("a", {.opcode = 1, .fin = false}) + server_frame("", {.opcode = 2});
    REQUIRE(reader.feed(bad.data(), bad.size() - 1, r));
    REQUIRE_FALSE(reader.feed(bad.data() + bad.size() - 1, 1, r));  // refused on its last header byte
    REQUIRE(reader.error_code() == 1002);
}

TEST_CASE("a violation is found wherever the stream is cut") {
    const std::string stream = server_frame("ok") + server_frame(std::string(130, 'x'), {.masked = true});
    for (std::size_t i = 0; i <= stream.size(); ++i) {
        INFO("cut at " << i);
        REQUIRE(read_stream(stream, {i}) == Events{"text:ok", "error:1002"});
    }
}

TEST_CASE("client frames are masked with the key given, in every length encoding") {
    for (std::size_t n : {0u, 1u, 125u, 126u, 65535u, 65536u}) {
        INFO("payload of " << n);
        std::string payload(n, '\0');
        for (std::size_t i = 0; i < n; ++i)
            payload[i] = static_cast<char>('a' + i % 26);
        std::string out = "prefix";
        append_client_frame(out, 1, payload, 0xa1b2c3d4);
        std::string_view f(out);
        REQUIRE(f.substr(0, 6) == "prefix");
        f.remove_prefix(6);
        REQUIRE(static_cast<unsigned char>(f[0]) == 0x81);
        const unsigned b1 = static_cast<unsigned char>(f[1]);
        REQUIRE((b1 & 0x80) != 0);  // masked
        std::size_t header = 2, len = b1 & 0x7f;
        if (len == 126) {
            header = 4;
            len = static_cast<unsigned char>(f[2]) << 8 | static_cast<unsigned char>(f[3]);
        } else if (len == 127) {
            header = 10;
            len = 0;
            for (int i = 2; i < 10; ++i)
                len = len << 8 | static_cast<unsigned char>(f[i]);
        }
        REQUIRE(len == n);
        REQUIRE(header == (n < 126 ? 2u : n <= 0xffff ? 4u : 10u));
        const std::string_view key = f.substr(header, 4);
        REQUIRE(key == std::string_view("\xa1\xb2\xc3\xd4", 4));
        const std::string_view masked = f.substr(header + 4);
        REQUIRE(masked.size() == n);
        std::string unmasked(n, '\0');
        for (std::size_t i = 0; i < n; ++i)
            unmasked[i] = static_cast<char>(masked[i] ^ key[i & 3]);
        REQUIRE(unmasked == payload);
    }
}

TEST_CASE("the upgrade request carries a key whose answer is RFC 6455's example") {
    const auto r = make_upgrade_request("/feed", "127.0.0.1:8765", "the sample nonce");
    REQUIRE_THAT(r.text, Catch::StartsWith("GET /feed HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n"));
    REQUIRE_THAT(r.text, Catch::Contains("Upgrade: websocket\r\n") &&
                             Catch::Contains("Connection: Upgrade\r\n") &&
                             Catch::Contains("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n") &&
                             Catch::Contains("Sec-WebSocket-Version: 13\r\n") && Catch::EndsWith("\r\n\r\n"));
    REQUIRE(r.accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("the server's answer to the upgrade is checked: status, Upgrade, Connection, the accept key") {
    const std::string accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    const std::string good =
        "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        accept + "\r\n\r\n";
    SECTION("accepted; what follows the blank line is frames") {
        const std::string bytes = good + "\x81\x02hi";
        const auto a = read_upgrade_answer(bytes, accept);
        REQUIRE(a.complete);
        REQUIRE(a.ok);
        REQUIRE(a.used == good.size());
    }
    SECTION("incomplete until the blank line, wherever the answer is cut") {
        for (std::size_t i = 0; i < good.size(); ++i) {
            INFO("cut at " << i);
            REQUIRE_FALSE(read_upgrade_answer(std::string_view(good).substr(0, i), accept).complete);
        }
    }
    auto why = [&](const std::string& answer) {
        const auto a = read_upgrade_answer(answer, accept);
        REQUIRE(a.complete);
        REQUIRE_FALSE(a.ok);
        return a.why;
    };
    SECTION("refused") {
        CHECK_THAT(why("HTTP/1.1 403 Forbidden\r\n\r\n"),
                   Catch::Contains("refused the upgrade: HTTP/1.1 403 Forbidden"));
        CHECK_THAT(why("HTTP/1.1 200 OK\r\nUpgrade: websocket\r\n\r\n"), Catch::Contains("HTTP/1.1 200"));
        CHECK_THAT(why("HTTP/1.1 1010 Odd\r\n\r\n"), Catch::Contains("refused"));
        CHECK_THAT(why("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                       accept + "\r\n\r\n"),
                   Catch::Contains("Upgrade: websocket"));
        CHECK_THAT(why("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: " +
                       accept + "\r\n\r\n"),
                   Catch::Contains("Upgrade: websocket"));
        CHECK_THAT(why("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n"
                       "Sec-WebSocket-Accept: " +
                       accept + "\r\n\r\n"),
                   Catch::Contains("Connection: Upgrade"));
        CHECK_THAT(why("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"),
                   Catch::Contains("Sec-WebSocket-Accept"));
        CHECK_THAT(
            why("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"),
            Catch::Contains("Sec-WebSocket-Accept"));
        CHECK_THAT(why("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: " +
                       accept + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"),
                   Catch::Contains("extension"));
        CHECK_THAT(why(std::string(17 * 1024, 'h')), Catch::Contains("16 KiB"));
    }
}
