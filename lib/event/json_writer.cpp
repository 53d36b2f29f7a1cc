#include "event/json_writer.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "event/json_values.hpp"

namespace sos::event {

void JsonWriter::append_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out.append("null");
        return;
    }
    char buf[32];  // the longest shortest form of a double is 24 characters
    char* end;
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        // Prices and volumes are mostly whole or two-decimal numbers: both skip the
        // shortest-representation search.
        end = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v)).ptr;
    } else if (std::fabs(v) < 1e13 && static_cast<double>(std::llround(v * 100)) / 100 == v) {
        // v is the double nearest n/100, a decimal of at most 15 significant digits. Decimals
        // that short map to distinct doubles (DBL_DIG), so no other one as short rounds to v:
        // n/100 is the shortest form fmt would find, written here in fmt's fixed notation.
        const std::int64_t n = std::llround(v * 100);
        const std::uint64_t a = n < 0 ? static_cast<std::uint64_t>(-n) : static_cast<std::uint64_t>(n);
        end = buf;
        if (n < 0) *end++ = '-';
        end = std::to_chars(end, buf + sizeof buf, a / 100).ptr;
        const auto cents = static_cast<unsigned>(a % 100);
        *end++ = '.';
        *end++ = static_cast<char>('0' + cents / 10);
        if (cents % 10) *end++ = static_cast<char>('0' + cents % 10);
    } else {
        end = fmt::format_to(buf, FMT_COMPILE("{}"), v);
    }
    out.append(buf, end);
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
