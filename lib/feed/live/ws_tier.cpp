#include "feed/live/ws_tier.hpp"

#include <fmt/format.h>

#include <chrono>

#include "feed/wall_clock.hpp"
#include "openalgo/client_messages.hpp"

namespace sos::feed::live {

using sos::live::TierReason;

namespace {

net::WsOptions ws_options(const WsTierOptions& o) {
    net::WsOptions w;
    w.url = o.url;
    w.ping_interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.ping_interval_s * 1000));
    return w;
}

}  // namespace

std::string_view phase_name(WsTier::Phase p) {
    switch (p) {
        case WsTier::Phase::Waiting:
            return "waiting";
        case WsTier::Phase::Connecting:
            return "connecting";
        case WsTier::Phase::Authenticating:
            return "authenticating";
        case WsTier::Phase::Subscribing:
            return "subscribing";
        case WsTier::Phase::Up:
            return "up";
        case WsTier::Phase::Closing:
            return "closing";
    }
    return "unknown";
}

WsTier::WsTier(std::size_t index, net::WsService& service, WsTierOptions options,
               sos::live::SessionHours hours)
    : index_(index),
      opts_(std::move(options)),
      conn_(service, ws_options(opts_)),
      backoff_(opts_.backoff, opts_.seed),
      watchdog_(hours, opts_.stall) {
    for (const auto& i : opts_.instruments)
        watchdog_.watch(i.symbol);
}

void WsTier::start(time::Timestamp now) {
    retry_at_ = now;
}

std::optional<time::Timestamp> WsTier::next_timer() const {
    time::Timestamp t = phase_ == Phase::Waiting ? retry_at_ : answer_by_;
    if (t.ns == INT64_MAX) return std::nullopt;
    return t;
}

void WsTier::service(time::Timestamp now, TickSink& sink, std::vector<TierNews>& news) {
    conn_.drain([&](const net::WsEvent& e) { on_event(e, now, sink, news); });
    if (phase_ == Phase::Waiting && now >= retry_at_) {
        retry_at_ = time::Timestamp{INT64_MAX};
        if (conn_.open()) {
            phase_ = Phase::Connecting;
            opened_this_attempt_ = false;
            reported_down_ = false;
            answer_by_ = time::Timestamp{now.ns + ns_of(opts_.answer_timeout_s) + ns_of(10)};
        } else {
            schedule_retry(now);  // the previous attempt's Closed is still to come
        }
    }
    if ((phase_ == Phase::Authenticating || phase_ == Phase::Subscribing || phase_ == Phase::Connecting) &&
        now >= answer_by_) {
        fail(phase_ == Phase::Connecting ? TierReason::ConnectFailed : TierReason::ServerError,
             fmt::format("no answer to {} in {} s",
                         phase_ == Phase::Connecting ? "the connection" : phase_name(phase_),
                         static_cast<long long>(opts_.answer_timeout_s)),
             news);
    }
    watch_.clear();
    watchdog_.check(now, watch_);
    for (const auto& w : watch_) {
        using sos::live::WatchKind;
        switch (w.kind) {
            case WatchKind::ConnectionStalled:
                news.push_back({TierNews::Kind::Stalled, TierReason::Stalled, {}, {}, w.silent_s});
                news.push_back({TierNews::Kind::Gap});
                was_stalled_ = true;
                // Re-authenticating repairs a dead upstream adapter (openalgo.md §2.3); the
                // selector already counts this tier out until data flows again.
                fail(TierReason::Stalled, fmt::format("silent for {:.0f} s", w.silent_s), news);
                break;
            case WatchKind::ConnectionLive:
                break;
            case WatchKind::InstrumentStale:
                news.push_back({TierNews::Kind::Stale, TierReason::Stalled, w.symbol, {}, w.silent_s});
                break;
            case WatchKind::InstrumentFresh:
                news.push_back({TierNews::Kind::Fresh, TierReason::Connected, w.symbol, {}, 0});
                break;
        }
    }
}

void WsTier::on_event(const net::WsEvent& e, time::Timestamp now, TickSink& sink,
                      std::vector<TierNews>& news) {
    switch (e.kind) {
        case net::WsEventKind::Opened:
            if (phase_ != Phase::Connecting) return;  // an attempt already given up
            if (ever_opened_) ++reconnects_;
            ever_opened_ = opened_this_attempt_ = true;
            phase_ = Phase::Authenticating;
            answer_by_ = time::Timestamp{now.ns + ns_of(opts_.answer_timeout_s)};
            conn_.send(openalgo::encode_authenticate(opts_.key.reveal()));
            return;
        case net::WsEventKind::Message:
            on_message(e, now, sink, news);
            return;
        case net::WsEventKind::Lost:
            news.push_back({TierNews::Kind::Gap});
            news.push_back({TierNews::Kind::Problem,
                            TierReason::ServerError,
                            {},
                            fmt::format("{} messages lost: sos-feed fell behind", e.lost)});
            return;
        case net::WsEventKind::Closed:
            on_closed(e, now, news);
            return;
    }
}

void WsTier::on_message(const net::WsEvent& e, time::Timestamp now, TickSink& sink,
                        std::vector<TierNews>& news) {
    if (e.binary) {
        ++bad_frames_;
        news.push_back({TierNews::Kind::Problem, TierReason::ServerError, {}, "a binary message skipped"});
        return;
    }
    auto kind = decoder_.decode(e.data.data(), e.data.size(), e.data.size() + net::kWsPadding);
    switch (kind) {
        case openalgo::FrameKind::MarketData: {
            ++frames_;
            const auto& md = decoder_.market_data();
            if (auto id = watchdog_.find(md.symbol))
                watchdog_.tick(*id, now);
            else
                watchdog_.tick_unwatched(now);
            if (was_stalled_ && phase_ == Phase::Up) {
                was_stalled_ = false;
                news.push_back({TierNews::Kind::Up, TierReason::Reconnected});
            }
            sink.on_market_data(index_, md, now);
            return;
        }
        case openalgo::FrameKind::AuthAck: {
            const auto& a = decoder_.auth();
            if (!a.ok) {
                fail(TierReason::AuthFailed, a.message.empty() ? "authentication refused" : a.message, news);
                return;
            }
            if (phase_ != Phase::Authenticating) return;
            phase_ = Phase::Subscribing;
            answer_by_ = time::Timestamp{now.ns + ns_of(opts_.answer_timeout_s)};
            conn_.send(openalgo::encode_subscribe(opts_.instruments, opts_.mode));
            return;
        }
        case openalgo::FrameKind::SubscribeAck: {
            const auto& ack = decoder_.subscribe_ack();
            std::size_t ok = 0;
            for (const auto& s : ack.symbols) {
                if (s.ok) {
                    ++ok;
                    continue;
                }
                news.push_back({TierNews::Kind::Problem, TierReason::ServerError, s.symbol,
                                fmt::format("{}:{} refused: {}", s.exchange, s.symbol, s.message)});
            }
            if (phase_ != Phase::Subscribing) return;
            if (ok == 0 && ack.status != openalgo::AckStatus::Success) {
                fail(TierReason::ServerError,
                     fmt::format("subscribe refused: {}",
                                 ack.message.empty() ? "no symbol granted" : ack.message),
                     news);
                return;
            }
            on_subscribed(now, news);
            return;
        }
        case openalgo::FrameKind::ServerError: {
            const auto& err = decoder_.server_error();
            std::string detail = fmt::format("{}: {}", err.code_text, err.message);
            if (phase_ == Phase::Authenticating && err.code == openalgo::ErrorCode::AuthenticationError) {
                fail(TierReason::AuthFailed, err.message, news);
            } else if (phase_ == Phase::Authenticating || phase_ == Phase::Subscribing) {
                fail(TierReason::ServerError, detail, news);
            } else {
                news.push_back(
                    {TierNews::Kind::Problem, TierReason::ServerError, {}, "error frame " + detail});
            }
            return;
        }
        case openalgo::FrameKind::Bad:
            ++bad_frames_;
            news.push_back({TierNews::Kind::Problem,
                            TierReason::ServerError,
                            {},
                            "bad frame skipped: " + decoder_.bad().message()});
            return;
        default:
            return;  // pongs, unsubscribe acks, broker info: nothing to act on
    }
}

void WsTier::on_subscribed(time::Timestamp now, std::vector<TierNews>& news) {
    phase_ = Phase::Up;
    answer_by_ = time::Timestamp{INT64_MAX};
    backoff_.connected(now);
    watchdog_.connected(now);
    // After a stall the tier counts as up only once data flows again (on_message).
    if (!was_stalled_) news.push_back({TierNews::Kind::Up, TierReason::Connected});
}

void WsTier::on_closed(const net::WsEvent& e, time::Timestamp now, std::vector<TierNews>& news) {
    watchdog_.disconnected();
    answer_by_ = time::Timestamp{INT64_MAX};
    if (phase_ != Phase::Closing && !reported_down_) {
        news.push_back({TierNews::Kind::Down,
                        opened_this_attempt_ ? TierReason::Disconnected : TierReason::ConnectFailed,
                        {},
                        net::close_words(e)});
        news.push_back({TierNews::Kind::Gap});
    }
    schedule_retry(now);
}

void WsTier::fail(TierReason why, std::string detail, std::vector<TierNews>& news) {
    // A refused key is said every time (the selector reports a tier's first loss only): it
    // will not mend itself, unlike a dropped socket.
    if (why == TierReason::AuthFailed)
        news.push_back({TierNews::Kind::Problem, why, {}, "authentication refused: " + detail});
    if (!reported_down_) {
        reported_down_ = true;
        if (why != TierReason::Stalled) {
            news.push_back({TierNews::Kind::Down, why, {}, std::move(detail)});
            news.push_back({TierNews::Kind::Gap});
        }
    }
    watchdog_.disconnected();
    answer_by_ = time::Timestamp{INT64_MAX};
    if (phase_ == Phase::Waiting) return;
    phase_ = Phase::Closing;
    conn_.close(1000, "sos-feed: reconnecting");  // its Closed event schedules the retry
}

void WsTier::schedule_retry(time::Timestamp now) {
    phase_ = Phase::Waiting;
    retry_at_ = time::Timestamp{now.ns + ns_of(backoff_.next_delay(now))};
}

}  // namespace sos::feed::live
