// The consumer's side of a WebSocket connection: commands posted to the service thread, text
// queued for it, events read from the queue. Nothing here waits for the network.
#include <stdexcept>

#include "net/ws_internal.hpp"

namespace sos::net {

WsService::WsService(WsServiceOptions options) : core_(std::make_shared<detail::WsServiceCore>(options)) {}

WsService::~WsService() {
    core_->stop();
}

namespace {

void check(const WsOptions& o) {
    const Url url = parse_url(o.url);
    if (url.scheme != Scheme::Ws && url.scheme != Scheme::Wss)
        throw UrlError("WebSocket URL \"" + url.origin() + url.path +
                       "\": it must start with ws:// or wss://");
    if (o.connect_timeout.count() <= 0)
        throw std::invalid_argument("WebSocket connect_timeout must be positive");
    if (o.ping_interval.count() < 0 || (o.ping_interval.count() > 0 && o.pong_timeout.count() <= 0))
        throw std::invalid_argument("WebSocket pings need a positive interval and pong_timeout");
    if (o.max_message_bytes == 0 || o.max_message_bytes > o.queue_bytes / 2)
        throw std::invalid_argument("WebSocket max_message_bytes must be at most half of queue_bytes");
}

}  // namespace

WsConnection::WsConnection(WsService& service, WsOptions options) : service_(service.core_) {
    check(options);
    core_ = std::make_shared<detail::WsConnCore>(std::move(options));
    queue_ = &core_->queue;
}

WsConnection::~WsConnection() {
    if (core_->state.load() != WsState::Idle)
        service_->post({detail::WsCommand::Kind::Close, core_, 1001, "going away"});
}

bool WsConnection::open() {
    auto expected = WsState::Idle;
    if (!core_->state.compare_exchange_strong(expected, WsState::Connecting)) return false;
    if (service_->post({detail::WsCommand::Kind::Open, core_, 0, {}})) return true;
    core_->state.store(WsState::Idle);
    return false;
}

void WsConnection::close(int code, std::string_view reason) {
    if (core_->state.load() == WsState::Idle) return;
    service_->post({detail::WsCommand::Kind::Close, core_, code, std::string(reason)});
}

SendResult WsConnection::send(std::string_view text) {
    if (core_->state.load() != WsState::Open) return SendResult::NotOpen;
    bool wake = false;
    {
        std::lock_guard lock(core_->out_mu);
        if (core_->outbox_bytes + text.size() > core_->options.max_outbox_bytes)
            return SendResult::OutboxFull;
        wake = core_->outbox.empty();
        core_->outbox.emplace_back(text);
        core_->outbox_bytes += text.size();
    }
    if (wake) service_->post({detail::WsCommand::Kind::Flush, core_, 0, {}});
    return SendResult::Queued;
}

WsState WsConnection::state() const {
    return core_->state.load();
}

WsStats WsConnection::stats() const {
    WsStats s;
    s.messages = core_->messages.load(std::memory_order_relaxed);
    s.bytes = core_->bytes.load(std::memory_order_relaxed);
    s.lost = core_->queue.lost_total();
    s.opens = core_->opens.load(std::memory_order_relaxed);
    s.last_message_ns = core_->last_message_ns.load(std::memory_order_relaxed);
    return s;
}

const std::string& WsConnection::url() const {
    return core_->options.url;
}

}  // namespace sos::net
