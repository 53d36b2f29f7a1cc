// Where JSON text first nests deeper than a limit: the one scan behind the refusals of lines
// (lib/event) and of settings and strategy files (lib/config) nested too deep. A plain pass
// over the bytes with strings skipped, so it needs no parser: it runs only once a parse has
// failed, to say why, and on text a recursive parser must not be given. Header-only, so that
// lib/config uses it without linking lib/event.
#pragma once

#include <cstddef>
#include <string_view>

namespace sos::event::json {

// The offset of the bracket that opens level `limit + 1`, or text.size() when none does.
inline std::size_t first_too_deep(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (in_string) {
            if (ch == '\\')
                ++i;
            else if (ch == '"')
                in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > limit) return i;
        } else if (ch == '}' || ch == ']') {
            --depth;
        }
    }
    return text.size();
}

inline bool nested_deeper_than(std::string_view text, int limit) {
    return first_too_deep(text, limit) < text.size();
}

}  // namespace sos::event::json
