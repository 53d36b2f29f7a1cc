// libFuzzer target: the bytes a server sends a ws:// client, read by the client's own handshake
// and frame reader (lib/net/ws_handshake, ws_frames: hand-written because libwebsockets' parser
// took three quarters of sos-feed live's CPU, docs/decisions.md "The 500,000 ticks a second
// target"). The first byte picks the message limit and how the stream is cut into reads; the
// rest is the stream, read once whole and once cut. Beyond "no crash", it checks: both readings
// give the same events and the same verdict, no message exceeds the limit, no control payload
// exceeds 125 bytes, nothing follows a close frame or a refusal, a refusal is 1002 or 1009 with
// a reason, and the handshake reader never claims more bytes than it was given.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/ws_frames.hpp"
#include "net/ws_handshake.hpp"

namespace {

using sos::net::detail::WsFrameReader;
using sos::net::detail::WsFrameSink;

struct Recorder : WsFrameSink {
    explicit Recorder(std::size_t limit) : limit(limit) {}
    std::size_t limit;
    bool closed = false;
    std::string log;  // every event, in order, to compare two readings
    void event(char kind, std::string_view payload) {
        if (closed) std::abort();  // nothing after a close frame
        log.push_back(kind);
        log.append(std::to_string(payload.size())).push_back(':');
        log.append(payload);
    }
    void on_message(std::string_view p, bool binary) override {
        if (p.size() > limit) std::abort();
        event(binary ? 'b' : 't', p);
    }
    void on_ping(std::string_view p) override {
        if (p.size() > 125) std::abort();
        event('i', p);
    }
    void on_pong() override { event('o', {}); }
    void on_close(int code, std::string_view reason) override {
        if (reason.size() > 123) std::abort();
        event('c', std::to_string(code));
        closed = true;
    }
};

// Reads `stream` in pieces whose sizes cycle through `sizes`; the event log and the verdict.
std::string read(std::string_view stream, std::size_t limit, const std::vector<std::size_t>& sizes) {
    WsFrameReader reader(limit);
    Recorder r(limit);
    std::size_t at = 0, i = 0;
    bool ok = true;
    while (at < stream.size() && ok) {
        const std::size_t n = std::min(sizes[i++ % sizes.size()], stream.size() - at);
        ok = reader.feed(stream.data() + at, n, r);
        at += n;
    }
    if (!ok) {
        if ((reader.error_code() != 1002 && reader.error_code() != 1009) || reader.error().empty())
            std::abort();
        const std::string more = "\x81\x01x";
        if (reader.feed(more.data(), more.size(), r)) std::abort();  // stays refused
        r.log.append("!" + std::to_string(reader.error_code()));
    }
    return r.log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const unsigned pick = data[0];
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t limit = std::size_t{16} << (pick & 7);  // 16 bytes to 2 KiB: limits are reached
    const std::string whole = read(stream, limit, {stream.size() + 1});
    const std::vector<std::size_t> cuts = {1 + (pick >> 3 & 3), 1, 7 + (pick >> 5), 2};
    if (read(stream, limit, cuts) != whole) std::abort();

    const auto answer = sos::net::detail::read_upgrade_answer(stream, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    if (answer.used > stream.size()) std::abort();
    if (answer.ok && (!answer.complete || !answer.why.empty())) std::abort();
    if (answer.complete && !answer.ok && answer.why.empty()) std::abort();
    return 0;
}
