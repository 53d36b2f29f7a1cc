// Unsigned LEB128 integers (seven bits a byte, low bits first) and the zigzag mapping of signed
// ones onto them, so that small magnitudes of either sign take one byte: the block codec's
// numbers are mostly small differences.
#pragma once

#include <cstdint>
#include <string>

namespace sos::journal {

inline std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

inline std::int64_t unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// Longest varint of a 64-bit value.
inline constexpr std::size_t kMaxVarint = 10;

// Writes at p, which has room for kMaxVarint bytes; returns the end.
inline char* write_varint(char* p, std::uint64_t v) {
    while (v >= 0x80) {
        *p++ = static_cast<char>(v | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<char>(v);
    return p;
}

inline void put_varint(std::string& out, std::uint64_t v) {
    char buf[kMaxVarint];
    out.append(buf, static_cast<std::size_t>(write_varint(buf, v) - buf));
}

// Reads one varint at p, not past end. False for a truncated or over-long one.
inline bool get_varint(const unsigned char*& p, const unsigned char* end, std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const unsigned char b = *p++;
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0) return true;
    }
    return false;
}

}  // namespace sos::journal
