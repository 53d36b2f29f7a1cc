#include "diag/log.hpp"

#include <unistd.h>

#include <mutex>

namespace sos::diag {

namespace {
std::string g_tool = "sos";
std::atomic<int> g_level{static_cast<int>(Level::Warn)};
std::mutex g_capture_mutex;
std::string* g_capture = nullptr;
}  // namespace

std::optional<Level> parse_level(std::string_view s) {
    if (s == "error") return Level::Error;
    if (s == "warn" || s == "warning") return Level::Warn;
    if (s == "info") return Level::Info;
    if (s == "debug") return Level::Debug;
    return std::nullopt;
}

void set_tool_name(std::string_view name) {
    g_tool.assign(name);
}
const std::string& tool_name() {
    return g_tool;
}
void set_level(Level l) {
    g_level.store(static_cast<int>(l), std::memory_order_relaxed);
}
Level level() {
    return static_cast<Level>(g_level.load(std::memory_order_relaxed));
}
bool enabled(Level l) {
    return static_cast<int>(l) <= g_level.load(std::memory_order_relaxed);
}

void emit(Level, std::string_view message) {
    std::string line;
    line.reserve(g_tool.size() + message.size() + 3);
    line.append(g_tool).append(": ").append(message).push_back('\n');
    {
        std::lock_guard lock(g_capture_mutex);
        if (g_capture) {
            g_capture->append(line);
            return;
        }
    }
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, p, left);
        if (n <= 0) return;  // stderr gone: nothing sensible left to do
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

CaptureForTest::CaptureForTest() {
    std::lock_guard lock(g_capture_mutex);
    g_capture = new std::string;
}
CaptureForTest::~CaptureForTest() {
    std::lock_guard lock(g_capture_mutex);
    delete g_capture;
    g_capture = nullptr;
}
const std::string& CaptureForTest::text() const {
    return *g_capture;
}
void CaptureForTest::clear() {
    std::lock_guard lock(g_capture_mutex);
    g_capture->clear();
}

}  // namespace sos::diag
