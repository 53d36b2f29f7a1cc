#include "ratelimit/windowed_bucket.hpp"

#include <algorithm>

namespace sos::ratelimit {

WindowedBucket::WindowedBucket(const std::vector<Window>& windows) {
    windows_.reserve(windows.size());
    for (const auto& w : windows)
        windows_.push_back({w, std::vector<TimePoint>(w.limit), 0, 0});
}

TimePoint WindowedBucket::next_allowed(TimePoint now) const {
    TimePoint at = std::max(now, held_until_);
    for (const auto& s : windows_) {
        if (s.count < s.window.limit) continue;
        // Full: the oldest spending (the slot about to be reused) must have left the window.
        at = std::max(at, s.spent[s.next] + s.window.period);
    }
    return at;
}

bool WindowedBucket::try_take(TimePoint now) {
    if (next_allowed(now) > now) return false;
    take(now);
    return true;
}

void WindowedBucket::take(TimePoint now) {
    for (auto& s : windows_) {
        s.spent[s.next] = now;
        s.next = (s.next + 1) % s.spent.size();
        s.count = std::min<std::size_t>(s.count + 1, s.spent.size());
    }
}

void WindowedBucket::hold_until(TimePoint until) {
    held_until_ = std::max(held_until_, until);
}

}  // namespace sos::ratelimit
