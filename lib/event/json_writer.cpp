#include "event/json_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "event/json_values.hpp"

namespace sos::event {

namespace {

// fmt's "{}" form of a finite double, laid out here from dragonbox's shortest digits (the
// function fmt itself calls): fmt's general writer weighs widths, locales and padding on every
// number and cost twice the digit search. Fixed notation for decimal exponents in [-4, 16),
// else d.ddde±XX, as fmt writes them; the tests compare the two on a million values.
char* write_shortest(char* p, double v) {
    if (std::signbit(v)) {
        *p++ = '-';
        v = -v;
    }
    const auto dec = fmt::detail::dragonbox::to_decimal(v);
    char digits[24];
    const int n =
        static_cast<int>(std::to_chars(digits, digits + sizeof digits, dec.significand).ptr - digits);
    const int point = dec.exponent + n;  // digits before the decimal point
    if (point - 1 < -4 || point - 1 >= 16) {
        *p++ = digits[0];
        if (n > 1) {
            *p++ = '.';
            std::memcpy(p, digits + 1, static_cast<std::size_t>(n - 1));
            p += n - 1;
        }
        int e = point - 1;
        *p++ = 'e';
        *p++ = e < 0 ? '-' : '+';
        if (e < 0) e = -e;
        if (e < 10) *p++ = '0';
        return std::to_chars(p, p + 4, e).ptr;
    }
    if (dec.exponent >= 0) {
        std::memcpy(p, digits, static_cast<std::size_t>(n));
        p += n;
        std::memset(p, '0', static_cast<std::size_t>(dec.exponent));
        return p + dec.exponent;
    }
    if (point > 0) {
        std::memcpy(p, digits, static_cast<std::size_t>(point));
        p += point;
        *p++ = '.';
        std::memcpy(p, digits + point, static_cast<std::size_t>(n - point));
        return p + (n - point);
    }
    *p++ = '0';
    *p++ = '.';
    std::memset(p, '0', static_cast<std::size_t>(-point));
    p += -point;
    std::memcpy(p, digits, static_cast<std::size_t>(n));
    return p + n;
}

}  // namespace

void JsonWriter::append_number(std::string& out, double v) {
    char buf[kNumberRoom];
    out.append(buf, write_number(buf, v));
}

char* JsonWriter::write_number(char* p, double v) {
    if (!std::isfinite(v)) {
        std::memcpy(p, "null", 4);
        return p + 4;
    }
    // The longest shortest form of a double is 24 characters.
    char* const limit = p + kNumberRoom;
    const double magnitude = std::fabs(v);
    // Prices and volumes are mostly whole or two-decimal numbers: both skip the shortest-form
    // search. n is v * 100 rounded (how it is rounded does not matter: the test is exact).
    const double scaled = v * 100;
    const auto n =
        static_cast<std::int64_t>(magnitude < 1e13 ? (scaled < 0 ? scaled - 0.5 : scaled + 0.5) : 0);
    if (magnitude < 1e13 && static_cast<double>(n) / 100 == v) {
        // v is the double nearest n/100, a decimal of at most 15 significant digits. Decimals
        // that short map to distinct doubles (DBL_DIG), so no other one as short rounds to v:
        // n/100 is the shortest form fmt would find, written here in fmt's fixed notation (a
        // whole number without a point, -0 as 0).
        const std::uint64_t a = n < 0 ? static_cast<std::uint64_t>(-n) : static_cast<std::uint64_t>(n);
        if (n < 0) *p++ = '-';
        p = std::to_chars(p, limit, a / 100).ptr;
        const auto cents = static_cast<unsigned>(a % 100);
        if (cents) {
            *p++ = '.';
            *p++ = static_cast<char>('0' + cents / 10);
            if (cents % 10) *p++ = static_cast<char>('0' + cents % 10);
        }
        return p;
    }
    if (v == std::trunc(v) && magnitude < 1e15)
        return std::to_chars(p, limit, static_cast<std::int64_t>(v)).ptr;
    return write_shortest(p, v);
}

JsonWriter& JsonWriter::str(std::string_view k, std::string_view value) {
    key(k);
    json::append_escaped(out_, value);
    return *this;
}

JsonWriter& JsonWriter::str_or_null(std::string_view k, const std::optional<std::string>& value) {
    return value ? str(k, *value) : null(k);
}

JsonWriter& JsonWriter::num(std::string_view k, double value) {
    key(k);
    append_number(out_, value);
    return *this;
}

JsonWriter& JsonWriter::num_or_null(std::string_view k, const std::optional<double>& value) {
    return value ? num(k, *value) : null(k);
}

JsonWriter& JsonWriter::integer(std::string_view k, std::int64_t value) {
    key(k);
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, r.ptr);
    return *this;
}

JsonWriter& JsonWriter::boolean(std::string_view k, bool value) {
    key(k);
    out_.append(value ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::time(std::string_view k, time::Timestamp t) {
    key(k);
    time::append_epoch_seconds(out_, t);
    return *this;
}

JsonWriter& JsonWriter::null(std::string_view k) {
    key(k);
    out_.append("null");
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view k, std::string_view json) {
    key(k);
    out_.append(json);
    return *this;
}

JsonWriter& JsonWriter::object(std::string_view k) {
    key(k);
    out_.push_back('{');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::array(std::string_view k) {
    key(k);
    out_.push_back('[');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::element_object() {
    comma();
    out_.push_back('{');
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::element_string(std::string_view value) {
    comma();
    json::append_escaped(out_, value);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_.push_back('}');
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_.push_back(']');
    need_comma_ = true;
    return *this;
}

}  // namespace sos::event
