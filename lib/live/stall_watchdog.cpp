#include "live/stall_watchdog.hpp"

#include <algorithm>

namespace sos::live {

namespace {
std::int64_t nanos(double s) {
    return static_cast<std::int64_t>(s * 1e9);
}
double seconds(std::int64_t ns) {
    return static_cast<double>(ns) / 1e9;
}
}  // namespace

StallWatchdog::StallWatchdog(SessionHours hours, StallPolicy policy)
    : hours_(hours),
      stall_ns_(nanos(policy.stall_after_s)),
      instrument_ns_(
          nanos(policy.instrument_after_s > 0 ? policy.instrument_after_s : policy.stall_after_s)) {}

StallWatchdog::InstrumentId StallWatchdog::watch(std::string_view symbol) {
    auto [it, inserted] = ids_.try_emplace(std::string(symbol), instruments_.size());
    if (inserted) instruments_.push_back(Instrument{std::string(symbol)});
    return it->second;
}

std::optional<StallWatchdog::InstrumentId> StallWatchdog::find(std::string_view symbol) const {
    auto it = ids_.find(symbol);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
}

void StallWatchdog::connected(time::Timestamp now) {
    connected_ = true;
    connected_at_ = now;
}

void StallWatchdog::disconnected() {
    connected_ = false;
    stalled_ = false;
    for (auto& in : instruments_)
        in.stale = false;
}

void StallWatchdog::tick(InstrumentId id, time::Timestamp now) {
    Instrument& in = instruments_[id];
    in.last = std::max(in.last, now);
    last_any_ = std::max(last_any_, now);
}

void StallWatchdog::quiet() {
    stalled_ = false;
    for (auto& in : instruments_)
        in.stale = false;
}

void StallWatchdog::check(time::Timestamp now, std::vector<WatchEvent>& out) {
    if (!connected_) return;
    auto opened = hours_.opened(now);
    if (!opened) {
        quiet();
        return;
    }
    // Silence starts at the latest of: the session's open, the connection, the last tick.
    const std::int64_t floor = std::max(opened->ns, connected_at_.ns);
    const std::int64_t silent = now.ns - std::max(floor, last_any_.ns);
    if (!stalled_ && silent >= stall_ns_) {
        stalled_ = true;
        out.push_back(WatchEvent{WatchKind::ConnectionStalled, {}, seconds(silent)});
    } else if (stalled_ && silent < stall_ns_) {
        stalled_ = false;
        out.push_back(WatchEvent{WatchKind::ConnectionLive, {}, 0});
    }
    for (Instrument& in : instruments_) {
        const std::int64_t quiet_for = now.ns - std::max(floor, in.last.ns);
        if (!in.stale && quiet_for >= instrument_ns_) {
            in.stale = true;
            out.push_back(WatchEvent{WatchKind::InstrumentStale, in.symbol, seconds(quiet_for)});
        } else if (in.stale && quiet_for < instrument_ns_) {
            in.stale = false;
            out.push_back(WatchEvent{WatchKind::InstrumentFresh, in.symbol, 0});
        }
    }
}

std::optional<double> StallWatchdog::age_s(InstrumentId id, time::Timestamp now) const {
    const Instrument& in = instruments_[id];
    if (in.last.ns == INT64_MIN) return std::nullopt;
    return seconds(now.ns - in.last.ns);
}

}  // namespace sos::live
