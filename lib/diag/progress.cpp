#include "diag/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace sos::diag {

bool Progress::stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::string label, std::uint64_t total, std::string unit, bool enabled)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      enabled_(enabled && total > 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
    finish();
}

namespace {
std::string clock_text(double seconds) {
    auto s = static_cast<long>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}
std::string amount(double v) {
    if (v >= 1e9) return fmt::format("{:.1f}G", v / 1e9);
    if (v >= 1e6) return fmt::format("{:.1f}M", v / 1e6);
    if (v >= 1e3) return fmt::format("{:.1f}k", v / 1e3);
    return fmt::format("{:.0f}", v);
}
}  // namespace

void Progress::update(std::uint64_t done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    drawn_ = true;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double frac = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 0;
    if (frac > 1) frac = 1;
    const int width = 30;
    int filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    std::string eta = frac > 0 && frac < 1 ? clock_text(elapsed / frac - elapsed) : "--:--";
    std::string line =
        fmt::format("\r{} [{}] {:5.1f}% {}{}/s ETA {} ", label_, bar, frac * 100, amount(rate), unit_, eta);
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

void Progress::finish() {
    if (!enabled_ || !drawn_) return;
    drawn_ = false;
    const char clear[] = "\r\033[K";
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, clear, sizeof clear - 1);
}

}  // namespace sos::diag
