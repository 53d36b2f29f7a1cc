// Walking the objects and arrays of a JSON document that sos reads field by field: Yahoo's
// chart answer, NSE's option chain, OpenAlgo's frames and REST answers. Each reader names the
// place of a refusal ("indicators.quote[0].close[3]") the same way, and every field it does not
// read is still walked, so malformed JSON is caught anywhere in the document.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "event/json_values.hpp"

namespace sos::event::json {

// "where.key", or "key" at the top.
inline std::string field_path(std::string_view where, std::string_view key) {
    std::string p(where);
    if (!p.empty()) p.push_back('.');
    p.append(key);
    return p;
}

// "where[i]".
inline std::string element_path(std::string_view where, std::size_t i) {
    return std::string(where) + "[" + std::to_string(i) + "]";
}

// Why a document was refused and where.
struct Refusal {
    std::string where, why;
    bool fail(std::string_view w, std::string_view y) {
        where.assign(w);
        why.assign(y);
        return false;
    }
    // The same, as a field reader's answer (-1: refused).
    int refuse(std::string_view w, std::string_view y) {
        fail(w, y);
        return -1;
    }
};

// What a field reader answers.
inline constexpr int kRefused = -1;          // the reader has recorded why
inline constexpr int kNotRead = 0;           // walked, to check it is well-formed
inline constexpr int kUsed = 1;              //
inline constexpr int kSkippedUnchecked = 2;  // simdjson's first stage checked its structure

// Calls read(key, value) for each field of `obj`; `malformed(where, why)` records JSON that is
// not well-formed and returns false.
template <class Malformed, class Read>
bool each_field(od::object obj, std::string_view where, Malformed malformed, Read read) {
    for (auto fr : obj) {
        if (fr.error()) return malformed(where, "malformed object");
        od::field& field = fr.value_unsafe();
        std::string_view key;
        if (!field_key(field, key)) return malformed(where, "malformed key");
        od::value& v = field.value();
        const int r = read(key, v);
        if (r == kRefused) return false;
        if (r == kNotRead && !walk(v, nullptr)) return malformed(field_path(where, key), "malformed value");
    }
    return true;
}

// The same for a value that must be an object. `fields`, when given, counts its fields (an
// empty object can be an answer of its own: NSE's "session expired").
template <class Read>
bool each_field(od::value& v, std::string_view where, Refusal& f, Read read, std::size_t* fields = nullptr) {
    od::object obj;
    if (v.get_object().get(obj)) return f.fail(where, "not an object");
    return each_field(
        obj, where, [&f](std::string_view w, std::string_view y) { return f.fail(w, y); },
        [&](std::string_view key, od::value& fv) {
            if (fields) ++*fields;
            return read(key, fv);
        });
}

// Calls read(index, value) -> false (refused, the reader has recorded why) for each element
// of a value that must be an array.
template <class Read>
bool each_element(od::value& v, std::string_view where, Refusal& f, Read read) {
    od::array arr;
    if (v.get_array().get(arr)) return f.fail(where, "not an array");
    std::size_t i = 0;
    for (auto er : arr) {
        od::value ev;
        if (std::move(er).get(ev)) return f.fail(where, "malformed array");
        if (!read(i, ev)) return false;
        ++i;
    }
    return true;
}

}  // namespace sos::event::json
