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
    // Prices and volumes are mostly whole or two-decimal numbers; whole ones skip the
    // shortest-representation search.
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
        out.append(buf, r.ptr);
        return;
    }
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), v);
}

void JsonWriter::key(std::string_view k) {
    comma();
    out_.push_back('"');
    out_.append(k);  // keys are the contract's own names: never need escaping
    out_.append("\":");
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
