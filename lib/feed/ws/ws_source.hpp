// sos-feed ws: any WebSocket server's JSON messages as a feed::Source on its own clock, so sos
// can stand behind the seed's SOS bridge (or any server speaking sos's contract) unchanged.
// The connection is lib/net's libwebsockets client, as every OpenAlgo tier's; its life is kept
// as a tier's is (lib/live): reconnection with back-off and jitter, never giving up, and a
// stall watchdog (open but silent in session is down); what a message means is lib/wsfeed's.
//
//   WsConnection ──messages──▶ WsFeed (decode, aliases, symbols, bridge snapshots, ledger) ──▶ events
//        ▲ Closed / stall                                                          ALERT, HEALTH
//        └── Backoff, StallWatchdog
//
// Every outage is said: FEED_DOWN (crit: this server is the only source) when the connection is
// lost or cannot be made, FEED_STALE when it is open but silent, FEED_RECOVERED when messages
// flow again. Bars open across a loss are written flagged partial (their later snapshots may be
// missing). A HEALTH line every health_every_s. next() never blocks.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "feed/source.hpp"
#include "live/backoff.hpp"
#include "live/stall_watchdog.hpp"
#include "net/ws_client.hpp"
#include "time/calendar.hpp"
#include "wsfeed/ws_feed.hpp"

namespace sos::feed::ws {

struct WsSourceConfig {
    std::string url;             // ws://host:port/path or wss://...
    wsfeed::WsFeedOptions feed;  // name (src "ws:<name>"), profile, aliases, exchanges, symbols
    double stall_after_s = 30;   // open and without a market message this long in session: down
    bool session_always = false;
    double health_every_s = 30;   // 0: no HEALTH lines
    double duration_s = 0;        // 0: until stopped
    double ping_interval_s = 20;  // our own protocol pings (a hung server); 0: none
    sos::live::BackoffPolicy backoff;
    std::uint64_t seed = 0;  // back-off jitter; 0: from the clock
};

class WsSource : public Source {
public:
    // The calendar must outlive the source. Throws net::UrlError naming a bad URL.
    WsSource(WsSourceConfig config, const time::Calendar& calendar);
    ~WsSource() override;

    Pull next(FeedItem& item) override;
    void wait_on(pipeline::WaitSet& waits) override;
    std::string_view name() const override { return "ws"; }

private:
    enum class Phase : std::uint8_t { Waiting, Connecting, Open, Closing };

    void service(time::Timestamp now);
    void on_event(const net::WsEvent& e, time::Timestamp now);
    void on_message(const net::WsEvent& e, time::Timestamp now);
    void on_closed(const net::WsEvent& e, time::Timestamp now);
    void watch(time::Timestamp now);
    void take_feed();
    void finish(time::Timestamp now);
    // The server's clock: its latest message time, run on by this machine's since it came (the
    // earliest time there is before any).
    time::Timestamp exchange_now(time::Timestamp wall) const;
    void alert(std::string_view level, std::string_view code, std::string message, time::Timestamp now,
               std::string_view reason);
    void health(time::Timestamp now);

    WsSourceConfig cfg_;
    std::string source_;  // "ws:bridge": what alerts name
    net::WsService service_;
    net::WsConnection conn_;
    wsfeed::WsFeed feed_;
    sos::live::Backoff backoff_;
    sos::live::StallWatchdog watchdog_;
    std::vector<sos::live::WatchEvent> watch_;
    std::deque<std::pair<event::Event, std::string>> out_;  // an event, or a status line written whole
    Phase phase_ = Phase::Waiting;
    bool up_ = false;         // messages flow (said FEED_RECOVERED)
    bool down_said_ = false;  // this outage is said already
    bool stalled_ = false;    // the last loss was a stall: up again at the next market message
    bool ever_opened_ = false;
    time::Timestamp retry_at_{INT64_MIN};
    std::optional<time::Timestamp> clock_at_, clock_wall_;
    time::Timestamp started_{};
    time::Timestamp next_health_{INT64_MAX};
    time::Timestamp end_at_{INT64_MAX};
    std::optional<time::Timestamp> last_message_;
    bool started_yet_ = false;
    bool ended_ = false;
    std::uint64_t reconnects_ = 0, lost_ = 0;
};

}  // namespace sos::feed::ws
