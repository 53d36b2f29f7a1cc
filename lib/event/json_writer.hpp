// Appends one JSON object to a string, field by field, in the order they are added. Numbers
// are written in their shortest exact form (fmt), non-finite numbers as null.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "time/timestamp.hpp"
#include "vocab/names.hpp"

namespace sos::event {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) { out_.push_back('{'); }
    JsonWriter(const JsonWriter&) = delete;

    JsonWriter& str(std::string_view key, std::string_view value);
    JsonWriter& str_if(std::string_view key, std::string_view value) {
        return value.empty() ? *this : str(key, value);
    }
    JsonWriter& str_or_null(std::string_view key, const std::optional<std::string>& value);
    JsonWriter& num(std::string_view key, double value);
    JsonWriter& num_if(std::string_view key, const std::optional<double>& value) {
        return value ? num(key, *value) : *this;
    }
    JsonWriter& num_or_null(std::string_view key, const std::optional<double>& value);
    JsonWriter& integer(std::string_view key, std::int64_t value);
    // A word of the vocabulary (vocab/): its name as the contract writes it.
    template <class E>
    JsonWriter& word(std::string_view key, E value) {
        return str(key, vocab::name(value));
    }
    template <class E>
    JsonWriter& word_if(std::string_view key, const std::optional<E>& value) {
        return value ? word(key, *value) : *this;
    }
    template <class E>
    JsonWriter& word_or_null(std::string_view key, const std::optional<E>& value) {
        return value ? word(key, *value) : null(key);
    }
    JsonWriter& boolean(std::string_view key, bool value);
    JsonWriter& time(std::string_view key, time::Timestamp t);
    JsonWriter& null(std::string_view key);
    // Writes already-serialised JSON as the value.
    JsonWriter& raw(std::string_view key, std::string_view json);
    // Opens a nested object or array value; close it with end_object / end_array.
    JsonWriter& object(std::string_view key);
    JsonWriter& array(std::string_view key);
    JsonWriter& element_object();  // an object inside an array
    JsonWriter& element_string(std::string_view value);
    JsonWriter& end_object();
    JsonWriter& end_array();
    // Closes the top-level object and ends the line.
    void finish_line() {
        out_.push_back('}');
        out_.push_back('\n');
    }

    static void append_number(std::string& out, double v);
    // The same at p, which has room for kNumberRoom bytes; returns the end.
    static constexpr std::size_t kNumberRoom = 32;
    static char* write_number(char* p, double v);

private:
    // Keys are the contract's own names and strategies' variable names (identifiers): they
    // never need escaping. Written with one append when short: appends are calls, and a
    // decision line has twenty keys.
    void key(std::string_view k) {
        char buf[64];
        if (k.size() > sizeof buf - 4) {
            comma();
            out_.push_back('"');
            out_.append(k);
            out_.append("\":");
            return;
        }
        char* p = buf;
        if (need_comma_) *p++ = ',';
        need_comma_ = true;
        *p++ = '"';
        std::memcpy(p, k.data(), k.size());
        p += k.size();
        *p++ = '"';
        *p++ = ':';
        out_.append(buf, static_cast<std::size_t>(p - buf));
    }
    void comma() {
        if (need_comma_) out_.push_back(',');
        need_comma_ = true;
    }
    std::string& out_;
    bool need_comma_ = false;
};

}  // namespace sos::event
