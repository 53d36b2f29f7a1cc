#include "net/ws_frames.hpp"

#include <algorithm>
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

// Header bytes a frame starting with these bytes has (2 until the second byte is known).
std::size_t header_bytes(std::string_view buf) {
    if (buf.size() < 2) return 2;
    const unsigned len7 = u8(buf[1]) & 0x7f;
    return len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
}

// The close codes a server may send (RFC 6455 §7.4): 1005, 1006 and 1015 only ever stand for
// "none" locally, and 1016-2999 are unassigned.
bool valid_close_code(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
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

WsFrameReader::HeadStatus WsFrameReader::head(std::string_view buf, Head& h) {
    h.header = header_bytes(buf);
    if (buf.size() < h.header) return HeadStatus::NeedMore;
    h.b0 = u8(buf[0]);
    const unsigned b1 = u8(buf[1]);
    const unsigned opcode = h.b0 & 0x0f;
    const bool fin = h.b0 & 0x80;
    std::uint64_t size = b1 & 0x7f;
    if (h.header > 2) size = big_endian(buf.substr(2, h.header - 2));
    auto broken = [&](int code, std::string why) {
        fail(code, std::move(why));
        return HeadStatus::Broken;
    };
    // Every check is made on the header, so a bad frame is refused before its payload is held.
    if (b1 & 0x80) return broken(1002, "a masked frame from the server");
    if (h.b0 & 0x70) return broken(1002, "reserved bits set, and no extension was agreed");
    if (size >> 63) return broken(1002, "a frame length with its top bit set");
    if ((opcode >= 3 && opcode <= 7) || opcode >= 11)
        return broken(1002, "an unknown opcode " + std::to_string(opcode));
    if (opcode >= 8 && (size > 125 || !fin))
        return broken(1002, "a control frame over 125 bytes or in fragments");
    if (opcode == 0 && !in_message_) return broken(1002, "a continuation frame with no message begun");
    if ((opcode == 1 || opcode == 2) && in_message_)
        return broken(1002, "a new message inside a fragmented one");
    if (opcode < 8 && size > max_message_bytes_ - (opcode == 0 ? message_.size() : 0))
        return broken(1009, "a message over " + std::to_string(max_message_bytes_) + " bytes");
    h.size = static_cast<std::size_t>(size);
    return HeadStatus::Whole;
}

bool WsFrameReader::finish_carried(const char*& data, std::size_t& len, WsFrameSink& sink) {
    // Checked again after every append: a header completed by the last byte of a read is refused
    // or, with no payload (an empty pong or close), delivered now, not at the next read.
    while (!carry_.empty()) {
        Head h;
        const HeadStatus st = head(carry_, h);
        if (st == HeadStatus::Broken) return false;
        const std::size_t whole = st == HeadStatus::Whole ? h.header + h.size : h.header;
        if (st == HeadStatus::Whole && carry_.size() == whole) {
            const bool ok = frame(h, std::string_view(carry_).substr(h.header), sink);
            carry_.clear();
            return ok;
        }
        if (len == 0) break;
        const std::size_t take = std::min(whole - carry_.size(), len);
        carry_.append(data, take);
        data += take;
        len -= take;
    }
    return true;
}

bool WsFrameReader::feed(const char* data, std::size_t len, WsFrameSink& sink) {
    if (error_code_) return false;
    if (closed_) return true;
    // Only the frame cut by the last read is copied; the rest is read where it lies.
    if (!finish_carried(data, len, sink)) return false;
    std::string_view buf(data, len);
    while (!closed_ && !buf.empty()) {
        Head h;
        const HeadStatus st = head(buf, h);
        if (st == HeadStatus::Broken) return false;
        if (st == HeadStatus::NeedMore || buf.size() - h.header < h.size) {
            carry_.assign(buf);
            break;
        }
        if (!frame(h, buf.substr(h.header, h.size), sink)) return false;
        buf.remove_prefix(h.header + h.size);
    }
    return true;
}

bool WsFrameReader::frame(const Head& h, std::string_view payload, WsFrameSink& sink) {
    const bool fin = h.b0 & 0x80;
    const unsigned opcode = h.b0 & 0x0f;
    switch (opcode) {
        case 0:  // continuation
            message_.append(payload);
            if (fin) {
                in_message_ = false;
                sink.on_message(message_, message_binary_);
                message_.clear();
            }
            return true;
        case 1:  // text
        case 2:  // binary
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
            const int code =
                payload.size() >= 2 ? static_cast<int>(u8(payload[0]) << 8 | u8(payload[1])) : 1005;
            if (payload.size() >= 2 && !valid_close_code(code))
                return fail(1002, "a close frame with code " + std::to_string(code));
            closed_ = true;
            sink.on_close(code, payload.size() > 2 ? payload.substr(2) : std::string_view{});
            return true;
        }
        case 9:
            sink.on_ping(payload);
            return true;
        default:  // 10: the opcodes left are refused by head()
            sink.on_pong();
            return true;
    }
}

void append_client_frame(std::string& out, std::uint8_t opcode, std::string_view payload,
                         std::uint32_t mask) {
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
    const char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16),
                         static_cast<char>(mask >> 8), static_cast<char>(mask)};
    out.append(key, 4);
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[start + i] = static_cast<char>(out[start + i] ^ key[i & 3]);
}

}  // namespace sos::net::detail
