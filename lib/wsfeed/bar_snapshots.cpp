#include "wsfeed/bar_snapshots.hpp"

namespace sos::wsfeed {

BarSnapshots::BarSnapshots(const time::Calendar& calendar, double grace_s)
    : calendar_(calendar), grace_ns_(static_cast<std::int64_t>(grace_s * 1e9)) {}

void BarSnapshots::close(Open& bar) {
    if (bar.gap) bar.last.as<event::Candle>()->partial = true;
    auto key = std::make_pair(bar.last.env.symbol, bar.last.as<event::Candle>()->tf.seconds);
    written_[key] = bar.span.start;
    ready_.push_back(std::move(bar.last));
    ++counts_.closed;
}

void BarSnapshots::add(const event::Event& snapshot, time::Timestamp now) {
    const event::Candle* k = snapshot.as<event::Candle>();
    if (!k || !snapshot.env.timestamp) return;
    ++counts_.snapshots;
    const time::Timestamp t = *snapshot.env.timestamp;
    std::optional<time::Session> session =
        k->tf.daily() ? calendar_.session(calendar_.local_date(t)) : calendar_.session_at(t);
    if (!session) {
        ++counts_.outside_session;
        return;
    }
    const time::BarSpan span = time::bar_containing(k->tf.daily() ? session->open : t, *session, k->tf);
    auto key = std::make_pair(snapshot.env.symbol, k->tf.seconds);
    if (auto w = written_.find(key); w != written_.end() && span.start <= w->second) {
        ++counts_.late;
        return;
    }
    advance(now);
    auto it = open_.find(key);
    if (it != open_.end() && it->second.span.start < span.start) {
        close(it->second);
        open_.erase(it);
        it = open_.end();
    }
    if (it == open_.end()) it = open_.emplace(key, Open{span, {}}).first;
    it->second.last = snapshot;
    it->second.last.env.timestamp = span.start;
}

void BarSnapshots::advance(time::Timestamp now) {
    for (auto it = open_.begin(); it != open_.end();) {
        if (now.ns >= it->second.span.end.ns + grace_ns_) {
            close(it->second);
            it = open_.erase(it);
        } else {
            ++it;
        }
    }
}

void BarSnapshots::mark_gap() {
    for (auto& [key, bar] : open_)
        bar.gap = true;
}

void BarSnapshots::finish() {
    for (auto& [key, bar] : open_) {
        bar.last.as<event::Candle>()->partial = true;
        close(bar);
    }
    open_.clear();
}

}  // namespace sos::wsfeed
