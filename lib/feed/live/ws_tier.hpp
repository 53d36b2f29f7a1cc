// One OpenAlgo instance's WebSocket feed as a tier of sos-feed live: the connection's life
// (connect, authenticate, subscribe from its own list, answer pings), reconnection with
// back-off, and its own stall watchdog. What it learns goes to its owner as TierNews and
// ticks; which tier's ticks become candles is the owner's choice (live::TierSelector).
//
//   Waiting ──retry time──▶ Connecting ──Opened──▶ Authenticating ──auth ok──▶ Subscribing
//      ▲                                                                  │ ack with a symbol
//      └──── Closed (any cause), a refusal, a silent answer, a stall ◀── Up ◀┘
//
// A tier whose last loss was a stall (open but silent) is reported up again only when market
// data flows, not when it is merely subscribed: failing back to a primary that answers acks
// but sends no ticks would be failing back to the same silence.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brokers/secret.hpp"
#include "live/backoff.hpp"
#include "live/stall_watchdog.hpp"
#include "live/tier_selector.hpp"
#include "net/ws_client.hpp"
#include "openalgo/frame_decoder.hpp"
#include "pipeline/wait_set.hpp"

namespace sos::feed::live {

// What a tier tells its owner, in order.
struct TierNews {
    enum class Kind : std::uint8_t {
        Up,       // subscribed (and, after a stall, ticking again)
        Down,     // lost or refused: reason and detail
        Stalled,  // open and silent in session for stall_after seconds
        Stale,    // one instrument silent (symbol, silent_s): reported only
        Fresh,    // it ticked again
        Gap,      // messages were lost here, or the socket went: ticks may be missing
        Problem,  // a bad frame, an error frame, a refused symbol: detail (never fatal)
    };
    Kind kind;
    sos::live::TierReason reason = sos::live::TierReason::Connected;
    std::string symbol;
    std::string detail;
    double silent_s = 0;
};

// Receives the tier's market data as it is decoded (no copy of the frame).
class TickSink {
public:
    virtual ~TickSink() = default;
    virtual void on_market_data(std::size_t tier, const openalgo::MarketData& md, time::Timestamp now) = 0;
};

struct WsTierOptions {
    std::string name;  // the brokers file's entry: what alerts name
    std::string url;   // ws://host:port
    brokers::Secret key;
    std::vector<openalgo::Instrument> instruments;
    openalgo::Mode mode = openalgo::Mode::Quote;
    sos::live::StallPolicy stall;
    sos::live::BackoffPolicy backoff;
    std::uint64_t seed = 1;
    double answer_timeout_s = 10;  // for authenticate and subscribe
    double ping_interval_s = 20;   // our own protocol pings (a hung server); 0: none
};

class WsTier {
public:
    enum class Phase : std::uint8_t { Waiting, Connecting, Authenticating, Subscribing, Up, Closing };

    // The service must outlive the tier.
    WsTier(std::size_t index, net::WsService& service, WsTierOptions options, sos::live::SessionHours hours);

    // Starts the first connection attempt now.
    void start(time::Timestamp now);
    // Drains the connection's events and runs the timers; appends what changed to `news`.
    void service(time::Timestamp now, TickSink& sink, std::vector<TierNews>& news);
    // The descriptor to wait on and the wall time of the next timer (if any).
    int ready_fd() const { return conn_.ready_fd(); }
    std::optional<time::Timestamp> next_timer() const;

    const std::string& name() const { return opts_.name; }
    Phase phase() const { return phase_; }
    std::uint64_t reconnects() const { return reconnects_; }
    std::uint64_t bad_frames() const { return bad_frames_; }
    std::uint64_t frames() const { return frames_; }
    const sos::live::StallWatchdog& watchdog() const { return watchdog_; }

private:
    void on_event(const net::WsEvent& e, time::Timestamp now, TickSink& sink, std::vector<TierNews>& news);
    void on_message(const net::WsEvent& e, time::Timestamp now, TickSink& sink, std::vector<TierNews>& news);
    void on_subscribed(time::Timestamp now, std::vector<TierNews>& news);
    void on_closed(const net::WsEvent& e, time::Timestamp now, std::vector<TierNews>& news);
    // Gives up on this connection: closes it, and says why (unless `quiet`).
    void fail(sos::live::TierReason why, std::string detail, std::vector<TierNews>& news);
    void schedule_retry(time::Timestamp now);

    std::size_t index_;
    WsTierOptions opts_;
    net::WsConnection conn_;
    openalgo::FrameDecoder decoder_;
    sos::live::Backoff backoff_;
    sos::live::StallWatchdog watchdog_;
    std::vector<std::optional<sos::live::StallWatchdog::InstrumentId>> ids_;
    std::vector<sos::live::WatchEvent> watch_;
    Phase phase_ = Phase::Waiting;
    time::Timestamp retry_at_{INT64_MAX};
    time::Timestamp answer_by_{INT64_MAX};
    bool reported_down_ = false;  // the loss of this attempt is already said
    bool was_stalled_ = false;    // up again only once data flows
    bool ever_opened_ = false;
    bool opened_this_attempt_ = false;
    std::uint64_t reconnects_ = 0, bad_frames_ = 0, frames_ = 0;
};

std::string_view phase_name(WsTier::Phase p);

}  // namespace sos::feed::live
