// Diagnostics on stderr, prefixed with the tool's name ("sos-feed: ..."), filtered by level.
// Never used for data: stdout carries only NDJSON.
#pragma once

#include <fmt/format.h>

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

namespace sos::diag {

enum class Level { Error = 0, Warn = 1, Info = 2, Debug = 3 };

std::optional<Level> parse_level(std::string_view s);

void set_tool_name(std::string_view name);
const std::string& tool_name();
void set_level(Level level);
Level level();
bool enabled(Level level);

// Writes "tool: message\n" to stderr in one write(), so lines from threads never interleave.
void emit(Level level, std::string_view message);

template <class... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
    emit(Level::Error, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::Warn)) emit(Level::Warn, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::Info)) emit(Level::Info, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(Level::Debug)) emit(Level::Debug, fmt::format(f, std::forward<Args>(args)...));
}

// Tests capture diagnostics instead of writing them to stderr.
class CaptureForTest {
public:
    CaptureForTest();
    ~CaptureForTest();
    const std::string& text() const;
    void clear();
};

}  // namespace sos::diag
