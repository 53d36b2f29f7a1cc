#include "journal/line_shape.hpp"

#include <cstring>

namespace sos::journal {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Characters a JSON number token can hold: a run of them is one token.
bool in_number(char c) {
    return is_digit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
}

// Reads the number token [p, end) as a Decimal when its text is exactly what append_decimal
// writes for it: -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most kMaxDecimalDigits digits, not a
// negative zero.
bool read_decimal(const char* p, const char* end, Decimal& d) {
    const bool negative = *p == '-';
    if (negative) ++p;
    const char* int_start = p;
    std::uint64_t v = 0;
    int digits = 0;
    while (p < end && is_digit(*p)) {
        v = v * 10 + static_cast<std::uint64_t>(*p - '0');
        ++p;
        if (++digits > kMaxDecimalDigits) return false;
    }
    const std::ptrdiff_t int_len = p - int_start;
    if (int_len == 0 || (int_len > 1 && *int_start == '0')) return false;
    int scale = 0;
    if (p < end && *p == '.') {
        ++p;
        while (p < end && is_digit(*p)) {
            v = v * 10 + static_cast<std::uint64_t>(*p - '0');
            ++p;
            ++scale;
            if (++digits > kMaxDecimalDigits) return false;
        }
        if (scale == 0) return false;
    }
    if (p != end || (negative && v == 0)) return false;
    d.digits = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    d.scale = static_cast<std::uint8_t>(scale);
    return true;
}

// Reads the number token at p the way split_line and read_decimal do, in one pass: the
// Decimal and the token's end, or null when the token is not one a slot holds.
const char* read_slot(const char* p, const char* end, Decimal& d) {
    const bool negative = p < end && *p == '-';
    if (negative) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    std::uint64_t v = 0;
    int digits = 0, scale = 0;
    if (*p == '0') {
        ++p;
        digits = 1;
    } else {
        for (; p < end && is_digit(*p); ++p, ++digits)
            v = v * 10 + static_cast<std::uint64_t>(*p - '0');
    }
    if (p < end && *p == '.') {
        ++p;
        for (; p < end && is_digit(*p); ++p, ++scale)
            v = v * 10 + static_cast<std::uint64_t>(*p - '0');
        if (scale == 0) return nullptr;
    }
    // More of the token (an exponent, a second point, a leading zero's digits) or too long.
    if ((p < end && in_number(*p)) || digits + scale > kMaxDecimalDigits || (negative && v == 0))
        return nullptr;
    d.digits = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    d.scale = static_cast<std::uint8_t>(scale);
    return p;
}

}  // namespace

bool split_line(std::string_view line, std::string& shape, std::vector<Decimal>& numbers) {
    shape.clear();
    numbers.clear();
    const char* p = line.data();
    const char* const end = p + line.size();
    const char* copied = p;  // bytes before it are in the shape already
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            // To the closing quote; an escaped character is skipped with its backslash.
            for (++p; p < end && *p != '"'; ++p)
                if (*p == '\\') ++p;
            ++p;
            continue;
        }
        if (c == kSlot) return false;
        if (!is_digit(c) && c != '-') {
            ++p;
            continue;
        }
        const char* start = p;
        while (p < end && in_number(*p))
            ++p;
        Decimal d;
        if (!read_decimal(start, p, d)) continue;  // stays in the shape as written
        shape.append(copied, start);
        shape.push_back(kSlot);
        numbers.push_back(d);
        copied = p;
    }
    if (std::memchr(copied, kSlot, static_cast<std::size_t>(end - copied)) != nullptr) return false;
    shape.append(copied, end);
    return true;
}

void append_decimal(Decimal d, std::string& out) {
    char buf[kMaxDecimalDigits + 4];
    char* const last = buf + sizeof buf;
    char* p = last;
    const bool negative = d.digits < 0;
    std::uint64_t v =
        negative ? 0 - static_cast<std::uint64_t>(d.digits) : static_cast<std::uint64_t>(d.digits);
    int written = 0;
    // At least one digit before the point: 0.05 is {5, 2}.
    do {
        if (d.scale != 0 && written == d.scale) *--p = '.';
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
        ++written;
    } while (v != 0 || written <= d.scale);
    if (negative) *--p = '-';
    out.append(p, last);
}

ShapeMatcher::ShapeMatcher(std::string_view shape) : text_(shape) {
    for (std::size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == kSlot) ends_.push_back(static_cast<std::uint32_t>(i));
    ends_.push_back(static_cast<std::uint32_t>(text_.size()));
}

bool ShapeMatcher::match(std::string_view line, std::vector<Decimal>& numbers) const {
    numbers.clear();
    const char* p = line.data();
    const char* const end = p + line.size();
    std::size_t literal = 0;  // start of the current literal run in text_
    for (std::size_t i = 0; i < ends_.size(); ++i) {
        const std::size_t n = ends_[i] - literal;
        if (static_cast<std::size_t>(end - p) < n || std::memcmp(p, text_.data() + literal, n) != 0)
            return false;
        p += n;
        literal = ends_[i] + 1;
        if (i + 1 == ends_.size()) break;
        Decimal d;
        p = read_slot(p, end, d);
        if (p == nullptr) return false;
        numbers.push_back(d);
    }
    return p == end;
}

void join_line(std::string_view shape, const Decimal* numbers, std::string& out) {
    const char* p = shape.data();
    const char* const end = p + shape.size();
    while (p < end) {
        const void* slot = std::memchr(p, kSlot, static_cast<std::size_t>(end - p));
        if (slot == nullptr) break;
        const char* s = static_cast<const char*>(slot);
        out.append(p, s);
        append_decimal(*numbers++, out);
        p = s + 1;
    }
    out.append(p, end);
}

}  // namespace sos::journal
