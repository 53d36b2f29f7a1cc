#include "feed/ws/ws_source.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "diag/log.hpp"
#include "feed/health_identity.hpp"
#include "feed/status_line.hpp"
#include "feed/wall_clock.hpp"

namespace sos::feed::ws {

namespace {

net::WsOptions ws_options(const WsSourceConfig& c) {
    net::WsOptions o;
    o.url = c.url;
    o.ping_interval = std::chrono::milliseconds(static_cast<std::int64_t>(c.ping_interval_s * 1000));
    return o;
}

sos::live::SessionHours hours_of(const WsSourceConfig& c, const time::Calendar& calendar) {
    return c.session_always ? sos::live::SessionHours::always() : sos::live::SessionHours::of(calendar);
}

// A message dated further ahead of this machine's clock does not move the server's clock.
constexpr double kMaxAheadS = 300;

}  // namespace

WsSource::WsSource(WsSourceConfig config, const time::Calendar& calendar)
    : cfg_(std::move(config)),
      source_("ws:" + cfg_.feed.name),
      conn_(service_, ws_options(cfg_)),
      feed_(cfg_.feed, calendar),
      backoff_(cfg_.backoff, cfg_.seed ? cfg_.seed : static_cast<std::uint64_t>(wall_now().ns)),
      watchdog_(hours_of(cfg_, calendar), {cfg_.stall_after_s, 0}) {}

WsSource::~WsSource() = default;

Source::Pull WsSource::next(FeedItem& item) {
    if (out_.empty() && !ended_) service(wall_now());
    if (out_.empty()) return ended_ ? Pull::End : Pull::Idle;
    item.events.clear();
    item.raw.clear();
    item.raw_type.clear();
    item.origin = {};
    item.line = 0;
    item.refused.clear();
    auto& [e, line] = out_.front();
    if (!line.empty()) {
        item.raw = std::move(line);
        item.raw_type = event::type_name(e.env.kind);
    }
    item.events.add() = std::move(e);
    out_.pop_front();
    return Pull::Ready;
}

void WsSource::wait_on(pipeline::WaitSet& waits) {
    waits.add(conn_.ready_fd());
    std::int64_t wait_ns = ns_of(0.25);  // bars close, the watchdog looks, HEALTH is due
    if (phase_ == Phase::Waiting)
        wait_ns = std::min(wait_ns, std::max<std::int64_t>(0, retry_at_.ns - wall_now().ns));
    waits.until(pipeline::WaitSet::Clock::now() + std::chrono::nanoseconds(wait_ns));
}

time::Timestamp WsSource::exchange_now(time::Timestamp wall) const {
    // Before the first dated message there is no clock: the earliest time there is, so the
    // first message's own time starts it (a server replaying a past day closes nothing early).
    if (!clock_at_) return time::Timestamp{INT64_MIN};
    return time::Timestamp{clock_at_->ns + (wall.ns - clock_wall_->ns)};
}

void WsSource::service(time::Timestamp now) {
    if (!started_yet_) {
        started_yet_ = true;
        started_ = now;
        if (cfg_.health_every_s > 0) next_health_ = time::Timestamp{now.ns + ns_of(cfg_.health_every_s)};
        if (cfg_.duration_s > 0) end_at_ = time::Timestamp{now.ns + ns_of(cfg_.duration_s)};
    }
    conn_.drain([&](const net::WsEvent& e) { on_event(e, now); });
    if (phase_ == Phase::Waiting && now >= retry_at_) {
        if (conn_.open())
            phase_ = Phase::Connecting;
        else
            retry_at_ = time::Timestamp{now.ns + ns_of(backoff_.next_delay(now))};
    }
    watch(now);
    if (clock_at_) feed_.advance(exchange_now(now));
    take_feed();
    if (now >= next_health_) {
        health(now);
        next_health_ = time::Timestamp{now.ns + ns_of(cfg_.health_every_s)};
    }
    if (now >= end_at_) finish(now);
}

void WsSource::on_event(const net::WsEvent& e, time::Timestamp now) {
    switch (e.kind) {
        case net::WsEventKind::Opened:
            if (phase_ != Phase::Connecting) return;
            if (ever_opened_) ++reconnects_;
            ever_opened_ = true;
            phase_ = Phase::Open;
            backoff_.connected(now);
            watchdog_.connected(now);
            // Up once the socket is open: a server owes no first message (the bridge sends
            // nothing until its next poll); a silent one is the watchdog's to judge. After a
            // stall, up only once market data flows again.
            if (!stalled_) {
                up_ = true;
                down_said_ = false;
                alert("info", "FEED_RECOVERED",
                      fmt::format("{}: {}", source_, reconnects_ ? "reconnected" : "connected"), now,
                      reconnects_ ? "reconnected" : "connected");
            }
            return;
        case net::WsEventKind::Message:
            on_message(e, now);
            return;
        case net::WsEventKind::Lost:
            lost_ += e.lost;
            feed_.mark_gap();
            diag::warn("{}: {} messages lost: sos-feed fell behind", source_, e.lost);
            return;
        case net::WsEventKind::Closed:
            on_closed(e, now);
            return;
    }
}

void WsSource::on_message(const net::WsEvent& e, time::Timestamp now) {
    last_message_ = now;
    const auto kind = feed_.take(e.data, e.binary, exchange_now(now));
    if (auto t = feed_.last_time(); t && *t > exchange_now(now) && t->ns <= now.ns + ns_of(kMaxAheadS)) {
        clock_at_ = *t;
        clock_wall_ = now;
    }
    if (kind != wsfeed::WsMessageKind::Market) return;
    watchdog_.tick_unwatched(now);
    if (stalled_ && phase_ == Phase::Open) {
        stalled_ = false;
        up_ = true;
        down_said_ = false;
        alert("info", "FEED_RECOVERED", fmt::format("{}: market data again", source_), now, "reconnected");
    }
}

void WsSource::on_closed(const net::WsEvent& e, time::Timestamp now) {
    const bool was_open = phase_ == Phase::Open;
    const bool asked = phase_ == Phase::Closing;  // closed by us after a stall: said already
    phase_ = Phase::Waiting;
    watchdog_.disconnected();
    feed_.mark_gap();
    up_ = false;
    if (!asked && !down_said_) {
        down_said_ = true;
        const std::string_view reason = was_open ? "disconnected" : "connect failed";
        alert("crit", "FEED_DOWN",
              fmt::format("{}: down, {}: {}; no data until it is back", source_, reason, net::close_words(e)),
              now, reason);
    }
    retry_at_ = time::Timestamp{now.ns + ns_of(backoff_.next_delay(now))};
}

void WsSource::watch(time::Timestamp now) {
    watch_.clear();
    watchdog_.check(now, watch_);
    for (const auto& w : watch_) {
        if (w.kind != sos::live::WatchKind::ConnectionStalled || phase_ != Phase::Open) continue;
        stalled_ = true;
        up_ = false;
        down_said_ = true;
        alert("warn", "FEED_STALE", fmt::format("{}: connected but silent for {:.0f} s", source_, w.silent_s),
              now, "stalled");
        // Reopened: a server's stuck session may mend on a fresh connection.
        phase_ = Phase::Closing;
        watchdog_.disconnected();
        conn_.close(1000, "sos-feed: silent, reconnecting");
    }
}

void WsSource::take_feed() {
    for (auto& e : feed_.ready())
        out_.emplace_back(std::move(e), std::string());
    feed_.ready().clear();
    for (const auto& n : feed_.notes()) {
        if (n.kind == wsfeed::WsMessageKind::Bad)
            diag::warn("{}: bad message skipped: {}{}{}", source_, n.type, n.type.empty() ? "" : ": ",
                       n.message);
        else
            diag::warn("{}: {}", source_, n.message);
    }
    feed_.notes().clear();
}

void WsSource::finish(time::Timestamp now) {
    feed_.finish();
    take_feed();
    health(now);
    ended_ = true;
}

void WsSource::alert(std::string_view level, std::string_view code, std::string message, time::Timestamp now,
                     std::string_view reason) {
    event::Event e;
    e.env.kind = event::Kind::Alert;
    e.env.timestamp = now;
    auto& a = e.body.emplace<event::Alert>();
    a.level.assign(level);
    a.code.assign(code);
    a.message = std::move(message);
    a.tool = "sos-feed";
    nlohmann::json extra = {{"source", source_}, {"reason", reason}};
    std::string line = encode_with_fields(e, extra.dump());
    out_.emplace_back(std::move(e), std::move(line));
}

void WsSource::health(time::Timestamp now) {
    event::Event e;
    e.env.kind = event::Kind::Health;
    e.env.timestamp = now;
    auto& h = e.body.emplace<event::Health>();
    const auto c = feed_.counts();
    h.tool = "sos-feed";
    h.pid = static_cast<std::int64_t>(::getpid());
    h.uptime_s = static_cast<double>(now.ns - started_.ns) / 1e9;
    h.in = static_cast<std::int64_t>(c.messages);
    h.out = static_cast<std::int64_t>(c.market);
    h.bad = static_cast<std::int64_t>(c.bad);
    static constexpr std::string_view kPhases[] = {"waiting", "connecting", "open", "closing"};
    nlohmann::json age = nullptr;
    if (last_message_) age = std::round(static_cast<double>(now.ns - last_message_->ns) / 1e8) / 10;
    nlohmann::json source = {{"name", source_},
                             {"state", up_ ? "up" : (stalled_ ? "stalled" : "down")},
                             {"connection", kPhases[static_cast<int>(phase_)]},
                             {"reconnects", reconnects_},
                             {"messages", c.messages},
                             {"market", c.market},
                             {"liveness", c.liveness},
                             {"ignored", c.ignored},
                             {"bad", c.bad},
                             {"lost", lost_},
                             {"duplicates", c.duplicates},
                             {"last_message_age_s", std::move(age)}};
    nlohmann::json extra = {{"feed", up_ ? nlohmann::json(source_) : nlohmann::json(nullptr)},
                            {"sources", nlohmann::json::array({std::move(source)})}};
    add_identity(extra);
    std::string line = encode_with_fields(e, extra.dump());
    out_.emplace_back(std::move(e), std::move(line));
}

}  // namespace sos::feed::ws
