#include "journal/hist_flag.hpp"

#include <algorithm>

#include "event/encoder.hpp"

namespace sos::journal {

namespace {

// The span of the value of the top-level member `key` in the JSON object `s`, or npos. The
// line was valid JSON when it was journaled, so a scan of strings and nesting is enough.
std::pair<std::size_t, std::size_t> member_value(std::string_view s, std::string_view key) {
    int depth = 0;
    bool expect_key = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            const std::size_t start = i + 1;
            for (++i; i < s.size() && s[i] != '"'; ++i)
                if (s[i] == '\\') ++i;
            if (depth == 1 && expect_key) {
                expect_key = false;
                if (s.substr(start, i - start) != key) continue;
                std::size_t v = s.find(':', i + 1);
                if (v == std::string_view::npos) break;
                v = s.find_first_not_of(" \t\r\n", v + 1);
                if (v == std::string_view::npos) break;
                std::size_t end = v;
                // hist is a literal; any other value (a string, an object) is replaced whole.
                if (s[v] == '"') {
                    for (end = v + 1; end < s.size() && s[end] != '"'; ++end)
                        if (s[end] == '\\') ++end;
                    ++end;
                } else {
                    int inner = 0;
                    for (; end < s.size(); ++end) {
                        const char d = s[end];
                        if (d == '{' || d == '[') ++inner;
                        if (d == '}' || d == ']') {
                            if (inner == 0) break;
                            --inner;
                        }
                        if (d == ',' && inner == 0) break;
                    }
                    while (end > v && (s[end - 1] == ' ' || s[end - 1] == '\t'))
                        --end;
                }
                return {v, end};
            }
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
            expect_key = depth == 1 && c == '{';
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expect_key = true;
        }
    }
    return {std::string_view::npos, std::string_view::npos};
}

}  // namespace

std::string with_hist_true(std::string_view line) {
    std::string out(line);
    auto [start, end] = member_value(line, "hist");
    if (start != std::string_view::npos) {
        out.replace(start, end - start, "true");
        return out;
    }
    const std::size_t close = out.find_last_of('}');
    if (close == std::string::npos) return out;
    const std::size_t last = out.find_last_not_of(" \t\r\n", close - 1);
    const bool empty = last == std::string::npos || out[last] == '{';
    out.insert(close, empty ? "\"hist\":true" : ",\"hist\":true");
    return out;
}

void HistMarker::append(std::string_view line, std::string& out) {
    if (!decoder_.decode(line, events_)) {
        // Journaled under another contract version, say: the textual edit is still right.
        out += with_hist_true(line);
        out += '\n';
        return;
    }
    const event::Kind kind = decoder_.kind();
    const bool all_hist = !events_.empty() && std::all_of(events_.begin(), events_.end(),
                                                          [](const event::Event& e) { return e.env.hist; });
    if (kind == event::Kind::SyncRecovery || all_hist) {
        out.append(line).push_back('\n');
    } else if (decoder_.canonical() || kind == event::Kind::Unknown || events_.empty()) {
        out += with_hist_true(line);
        out += '\n';
    } else {
        for (auto& e : events_) {
            e.env.hist = true;
            event::encode(e, out);
        }
    }
}

}  // namespace sos::journal
