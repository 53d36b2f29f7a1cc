#include "net/ws_frames.hpp"

#include <string>

namespace sos::net::detail {

namespace {

unsigned u8(char c) {
    return static_cast<unsigned char>(c);
}

std::uint64_t big_endian(std::string_view bytes) {
    std::uint64_t v = 0;
    for (char c : bytes)
        v = v << 8 | u8(c);
    return v;
}

}  // namespace

void WsFrameReader::reset() {
    carry_.clear();
    message_.clear();
    in_message_ = false;
    message_binary_ = false;
    closed_ = false;
    error_code_ = 0;
    error_.clear();
}

bool WsFrameReader::fail(int code, std::string why) {
    error_code_ = code;
    error_ = std::move(why);
    carry_.clear();
    message_.clear();
    return false;
}

bool WsFrameReader::feed(const char* data, std::size_t len, WsFrameSink& sink) {
    if (error_code_) return false;
    if (closed_) return true;
    // The usual case reads the block where it lies; only a frame cut by the read is carried.
    std::string_view buf(data, len);
    const bool carried = !carry_.empty();
    if (carried) {
        carry_.append(data, len);
        buf = carry_;
    }
    std::size_t at = 0;
    while (!closed_ && buf.size() - at >= 2) {
        const unsigned b0 = u8(buf[at]), b1 = u8(buf[at + 1]);
        const unsigned opcode = b0 & 0x0f;
        if (b1 & 0x80) return fail(1002, "a masked frame from the server");
        std::uint64_t size = b1 & 0x7f;
        std::size_t header = 2;
        if (size == 126) {
            if (buf.size() - at < 4) break;
            size = big_endian(buf.substr(at + 2, 2));
            header = 4;
        } else if (size == 127) {
            if (buf.size() - at < 10) break;
            size = big_endian(buf.substr(at + 2, 8));
            header = 10;
            if (size >> 63) return fail(1002, "a frame length with its top bit set");
        }
        if (opcode >= 8 && (size > 125 || !(b0 & 0x80)))
            return fail(1002, "a control frame over 125 bytes or in fragments");
        // Refused before its payload is waited for: a message over the limit is never held.
        const std::uint64_t message_size = (opcode == 0 ? message_.size() : 0) + size;
        if (opcode < 8 && message_size > max_message_bytes_)
            return fail(1009, "a message over " + std::to_string(max_message_bytes_) + " bytes");
        if (buf.size() - at - header < size) break;
        if (!frame(static_cast<std::uint8_t>(b0), buf.substr(at + header, static_cast<std::size_t>(size)), sink))
            return false;
        at += header + static_cast<std::size_t>(size);
    }
    if (carried)
        carry_.erase(0, at);
    else
        carry_.assign(buf.substr(at));
    return true;
}

bool WsFrameReader::frame(std::uint8_t b0, std::string_view payload, WsFrameSink& sink) {
    const bool fin = b0 & 0x80;
    const unsigned opcode = b0 & 0x0f;
    if (b0 & 0x70) return fail(1002, "reserved bits set, and no extension was agreed");
    switch (opcode) {
        case 0:  // continuation
            if (!in_message_) return fail(1002, "a continuation frame with no message begun");
            message_.append(payload);
            if (fin) {
                in_message_ = false;
                sink.on_message(message_, message_binary_);
                message_.clear();
            }
            return true;
        case 1:  // text
        case 2:  // binary
            if (in_message_) return fail(1002, "a new message inside a fragmented one");
            if (fin) {
                sink.on_message(payload, opcode == 2);  // the usual case: no copy
                return true;
            }
            in_message_ = true;
            message_binary_ = opcode == 2;
            message_.assign(payload);
            return true;
        case 8: {
            if (payload.size() == 1) return fail(1002, "a close frame of one byte");
            closed_ = true;
            const int code = payload.size() >= 2 ? static_cast<int>(u8(payload[0]) << 8 | u8(payload[1])) : 1005;
            sink.on_close(code, payload.size() > 2 ? payload.substr(2) : std::string_view{});
            return true;
        }
        case 9:
            sink.on_ping(payload);
            return true;
        case 10:
            sink.on_pong();
            return true;
        default:
            return fail(1002, "an unknown opcode " + std::to_string(opcode));
    }
}

void append_client_frame(std::string& out, std::uint8_t opcode, std::string_view payload, std::uint32_t mask) {
    const std::uint64_t n = payload.size();
    out.push_back(static_cast<char>(0x80 | opcode));
    if (n < 126) {
        out.push_back(static_cast<char>(0x80 | n));
    } else if (n <= 0xffff) {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xff));
    } else {
        out.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((n >> shift) & 0xff));
    }
    const char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16), static_cast<char>(mask >> 8),
                         static_cast<char>(mask)};
    out.append(key, 4);
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[start + i] = static_cast<char>(out[start + i] ^ key[i & 3]);
}

}  // namespace sos::net::detail
