#include "net/ws_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace sos::net {

std::string_view to_string(WsCloseCause cause) {
    switch (cause) {
        case WsCloseCause::ConnectFailed:
            return "connect failed";
        case WsCloseCause::PeerClosed:
            return "closed by the server";
        case WsCloseCause::Dropped:
            return "connection dropped";
        case WsCloseCause::PingTimeout:
            return "ping timeout";
        case WsCloseCause::LocalClose:
            return "closed by us";
        case WsCloseCause::MessageTooBig:
            return "message too big";
        case WsCloseCause::ProtocolError:
            return "protocol error";
        case WsCloseCause::ServiceStopped:
            return "service stopped";
    }
    return "unknown";
}

std::string close_words(const WsEvent& e) {
    std::string words(to_string(e.cause));
    if (e.close_code) words += fmt::format(" ({}{}{})", e.close_code, e.data.empty() ? "" : ": ", e.data);
    return words;
}

WsEventQueue::WsEventQueue(std::size_t max_bytes, std::function<void()> on_ready)
    : max_bytes_(max_bytes), on_ready_(std::move(on_ready)) {
    if (max_bytes_ == 0) throw std::invalid_argument("WsEventQueue: a bound of 0 bytes");
}

void WsEventQueue::push_message(std::string_view data, bool binary, std::int64_t at_ns) {
    std::lock_guard lock(mu_);
    if (pending_.message_bytes + data.size() > max_bytes_) discard_oldest_locked(data.size());
    if (pending_.message_bytes + data.size() > max_bytes_) {
        // Larger than the whole bound on its own (the connection's message limit prevents it).
        lost_total_.fetch_add(1, std::memory_order_relaxed);
        push_locked({WsEventKind::Lost, false, {}, 0, 1, at_ns, 0, 0}, {});
        return;
    }
    pending_.message_bytes += data.size();
    push_locked({WsEventKind::Message, binary, {}, 0, 0, at_ns, 0, 0}, data);
}

void WsEventQueue::push_opened(std::int64_t at_ns) {
    bool raised = false;
    {
        std::lock_guard lock(mu_);
        push_locked({WsEventKind::Opened, false, {}, 0, 0, at_ns, 0, 0}, {});
        raised = publish_locked();
    }
    notify(raised);
}

void WsEventQueue::push_closed(WsCloseCause cause, int code, std::string_view reason, std::int64_t at_ns) {
    bool raised = false;
    {
        std::lock_guard lock(mu_);
        push_locked({WsEventKind::Closed, false, cause, code, 0, at_ns, 0, 0}, reason);
        raised = publish_locked();
    }
    notify(raised);
}

void WsEventQueue::publish() {
    bool raised = false;
    {
        std::lock_guard lock(mu_);
        raised = publish_locked();
    }
    notify(raised);
}

bool WsEventQueue::publish_locked() {
    if (raised_ || pending_.empty()) return false;
    ready_.raise();
    raised_ = true;
    return true;
}

void WsEventQueue::push_locked(const Entry& e, std::string_view data) {
    if (e.kind == WsEventKind::Lost && !pending_.entries.empty() &&
        pending_.entries.back().kind == WsEventKind::Lost) {
        pending_.entries.back().lost += e.lost;
    } else {
        Entry stored = e;
        stored.offset = pending_.bytes.size();
        stored.size = data.size();
        pending_.bytes.append(data);
        pending_.entries.push_back(stored);
    }
}

// Drops the oldest Message entries until `need` more bytes fit with a quarter of the bound
// free, replacing each run of dropped messages by one Lost entry, and compacts the arena.
void WsEventQueue::discard_oldest_locked(std::size_t need) {
    const std::size_t target = max_bytes_ - std::min(max_bytes_, need + max_bytes_ / 4);
    Batch kept;
    kept.bytes.reserve(pending_.bytes.capacity());
    kept.entries.reserve(pending_.entries.capacity());
    std::size_t remaining = pending_.message_bytes;
    std::uint64_t dropped = 0;
    for (const auto& e : pending_.entries) {
        if (e.kind == WsEventKind::Message && remaining > target) {
            remaining -= e.size;
            ++dropped;
            if (!kept.entries.empty() && kept.entries.back().kind == WsEventKind::Lost)
                ++kept.entries.back().lost;
            else
                kept.entries.push_back({WsEventKind::Lost, false, {}, 0, 1, e.at_ns, kept.bytes.size(), 0});
            continue;
        }
        Entry moved = e;
        moved.offset = kept.bytes.size();
        kept.bytes.append(pending_.bytes, e.offset, e.size);
        if (e.kind == WsEventKind::Message) kept.message_bytes += e.size;
        if (e.kind == WsEventKind::Lost && !kept.entries.empty() &&
            kept.entries.back().kind == WsEventKind::Lost)
            kept.entries.back().lost += e.lost;
        else
            kept.entries.push_back(moved);
    }
    lost_total_.fetch_add(dropped, std::memory_order_relaxed);
    pending_ = std::move(kept);
}

bool WsEventQueue::refill() {
    taken_.clear();
    next_ = 0;
    std::lock_guard lock(mu_);
    if (pending_.empty()) {
        ready_.lower();
        raised_ = false;
        return false;
    }
    // Readable bytes after the last message, so every message has kWsPadding after it.
    pending_.bytes.append(kWsPadding, '\0');
    std::swap(pending_, taken_);
    return true;
}

WsEvent WsEventQueue::event_at(const Entry& e) const {
    WsEvent ev;
    ev.kind = e.kind;
    ev.binary = e.binary;
    ev.cause = e.cause;
    ev.close_code = e.code;
    ev.lost = e.lost;
    ev.at_ns = e.at_ns;
    ev.data = std::string_view(taken_.bytes.data() + e.offset, e.size);
    return ev;
}

}  // namespace sos::net
