#include "broker/live/order_stream.hpp"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "openalgo/client_messages.hpp"

namespace sos::broker::live {

namespace {

std::int64_t ns_of(double seconds) {
    return static_cast<std::int64_t>(seconds * 1e9);
}

net::WsOptions ws_options(const OrderStreamOptions& o) {
    net::WsOptions w;
    w.url = o.url;
    w.connect_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.answer_timeout_s * 1000));
    w.ping_interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.ping_interval_s * 1000));
    w.on_ready = o.on_ready;
    return w;
}

// One WebSocket service (libwebsockets context and its thread) for every order stream of the
// process, as sos-feed keeps one for its tiers: a routed executor's second context, beside the
// first, left OpenSSL's state of one of them unfreed at exit (LeakSanitizer, e2e_liveroute).
// Made with the first stream, ended with the last.
std::shared_ptr<net::WsService> shared_service() {
    static std::mutex mutex;
    static std::weak_ptr<net::WsService> current;
    const std::lock_guard lock(mutex);
    auto service = current.lock();
    if (!service) {
        service = std::make_shared<net::WsService>();
        current = service;
    }
    return service;
}

}  // namespace

std::string_view phase_name(OrderStream::Phase p) {
    static constexpr std::string_view kNames[] = {"waiting",     "connecting", "authenticating",
                                                  "subscribing", "up",         "closing"};
    return kNames[static_cast<std::size_t>(p)];
}

OrderStream::OrderStream(OrderStreamOptions options)
    : opts_(std::move(options)),
      service_(shared_service()),
      conn_(std::make_unique<net::WsConnection>(*service_, ws_options(opts_))),
      backoff_(opts_.backoff, opts_.seed) {}

// The connection first (its Closed is queued to nobody), then the service and its thread.
OrderStream::~OrderStream() {
    conn_.reset();
    service_.reset();
}

void OrderStream::expect_answer(time::Timestamp now, double extra_s) {
    answer_by_ = time::Timestamp{now.ns + ns_of(opts_.answer_timeout_s + extra_s)};
}

void OrderStream::service(time::Timestamp now, std::vector<StreamNews>& news) {
    conn_->drain([&](const net::WsEvent& e) { on_event(e, now, news); });
    if (phase_ == Phase::Waiting && now >= retry_at_) {
        if (conn_->open()) {
            phase_ = Phase::Connecting;
            reported_down_ = false;
            expect_answer(now, 1);  // the transport's own connect timeout comes first
        } else {
            schedule_retry(now);  // the previous attempt's Closed is still to come
        }
    }
    if (phase_ != Phase::Waiting && phase_ != Phase::Up && phase_ != Phase::Closing && now >= answer_by_)
        fail(fmt::format("no answer to {} in {} s",
                         phase_ == Phase::Connecting ? "the connection" : phase_name(phase_),
                         static_cast<long long>(opts_.answer_timeout_s)),
             news);
}

void OrderStream::on_event(const net::WsEvent& e, time::Timestamp now, std::vector<StreamNews>& news) {
    switch (e.kind) {
        case net::WsEventKind::Opened:
            if (phase_ != Phase::Connecting) return;  // an attempt already given up
            if (ever_opened_) ++reconnects_;
            ever_opened_ = true;
            phase_ = Phase::Authenticating;
            expect_answer(now);
            conn_->send(openalgo::encode_authenticate(opts_.key.reveal()));
            return;
        case net::WsEventKind::Message:
            on_message(e, now, news);
            return;
        case net::WsEventKind::Lost:
            // Updates dropped because sos fell behind: the books settle what they said.
            news.push_back({StreamNews::Kind::Problem,
                            fmt::format("{} order updates lost: sos-exec fell behind", e.lost),
                            {}});
            return;
        case net::WsEventKind::Closed:
            answer_by_ = time::Timestamp{INT64_MAX};
            if (phase_ != Phase::Closing && !reported_down_)
                news.push_back({StreamNews::Kind::Down, net::close_words(e), {}});
            schedule_retry(now);
            return;
    }
}

void OrderStream::on_message(const net::WsEvent& e, time::Timestamp now, std::vector<StreamNews>& news) {
    if (e.binary) {
        news.push_back({StreamNews::Kind::Problem, "a binary message skipped", {}});
        return;
    }
    switch (decoder_.decode(e.data.data(), e.data.size(), e.data.size() + net::kWsPadding)) {
        case openalgo::FrameKind::OrderUpdate:
            ++updates_;
            news.push_back({StreamNews::Kind::Update, {}, decoder_.order_update()});
            return;
        case openalgo::FrameKind::AuthAck: {
            const auto& a = decoder_.auth();
            if (!a.ok)
                return fail("authentication refused: " + (a.message.empty() ? "no reason" : a.message), news);
            if (phase_ != Phase::Authenticating) return;
            phase_ = Phase::Subscribing;
            expect_answer(now);
            conn_->send(openalgo::encode_subscribe_orders());
            return;
        }
        case openalgo::FrameKind::OtherAck:
            if (phase_ != Phase::Subscribing || decoder_.type() != "subscribe_orders") return;
            phase_ = Phase::Up;
            answer_by_ = time::Timestamp{INT64_MAX};
            backoff_.connected(now);
            news.push_back({StreamNews::Kind::Up, {}, {}});
            return;
        case openalgo::FrameKind::ServerError: {
            const auto& err = decoder_.server_error();
            auto detail = fmt::format("{}: {}", err.code_text, err.message);
            if (phase_ == Phase::Authenticating || phase_ == Phase::Subscribing) return fail(detail, news);
            news.push_back({StreamNews::Kind::Problem, "error frame " + detail, {}});
            return;
        }
        case openalgo::FrameKind::Bad:
            news.push_back({StreamNews::Kind::Problem, "bad frame skipped: " + decoder_.bad().message(), {}});
            return;
        default:
            return;  // pongs, market data, other acknowledgements: nothing to act on
    }
}

// Gives up on this connection: closes it and says why; its Closed event schedules the retry.
void OrderStream::fail(std::string detail, std::vector<StreamNews>& news) {
    if (!reported_down_) {
        reported_down_ = true;
        news.push_back({StreamNews::Kind::Down, std::move(detail), {}});
    }
    answer_by_ = time::Timestamp{INT64_MAX};
    if (phase_ == Phase::Waiting) return;
    phase_ = Phase::Closing;
    conn_->close(1000, "sos-exec: reconnecting");
}

void OrderStream::schedule_retry(time::Timestamp now) {
    phase_ = Phase::Waiting;
    retry_at_ = time::Timestamp{now.ns + ns_of(backoff_.next_delay(now))};
}

}  // namespace sos::broker::live
