// sos-feed live: OpenAlgo instances as tiers of one feed, as a feed::Source on its own clock.
//
//   tier 0 (primary) WsTier ─┐  ticks of the active tier only
//   tier 1 (fallback) WsTier ─┼──────────────────────────────▶ LiveCandles ─▶ CANDLE
//          ...                │ Up / Down / Stalled                ▲ 1m /history for held bars
//                             └──▶ TierSelector ─▶ ALERT FEED_*    │
//   REST (HttpClient per tier) ────────────────────────────────────┘
//
// Every tier stays connected (with its own back-off and stall watchdog) so that failback can
// judge the primary by its own health; only the active tier's ticks become candles. Each
// switch of the active tier, and each loss of it, marks a gap: bars ticks may have been missed
// in are taken from the active tier's REST /history once closed (lib/live/live_candles.hpp).
// next() never blocks: it services the connections and timers, then hands over what is ready;
// wait_on() names every connection's descriptor and the next timer.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "feed/live/live_config.hpp"
#include "feed/live/nse_chains.hpp"
#include "feed/live/poll_tier.hpp"
#include "feed/live/ws_tier.hpp"
#include "feed/live/yahoo_tier.hpp"
#include "feed/source.hpp"
#include "live/live_candles.hpp"
#include "live/tier_selector.hpp"
#include "net/http_client.hpp"
#include "openalgo/rest_responses.hpp"
#include "ratelimit/broker_limiter.hpp"

namespace sos::feed::live {

class LiveSource : public Source, private TickSink {
public:
    // The calendar must outlive the source. Throws net::UrlError naming a bad URL.
    LiveSource(LiveConfig config, const time::Calendar& calendar);
    ~LiveSource() override;

    Pull next(FeedItem& item) override;
    void wait_on(pipeline::WaitSet& waits) override;
    void woke(const pipeline::WaitSet&) override {}
    std::string_view name() const override { return "live"; }
    // A stop signal: the bars still open (and those held for /history) are made ready flagged
    // partial, as at the end of --duration; nothing more is asked of the network.
    bool stop_now() override;

    // For tests: counts so far.
    const sos::live::LiveCandles::Counts& candle_counts() const { return candles_.counts(); }

private:
    struct Outgoing {
        event::Event event;
        std::string raw;  // the line to write instead of encoding the event (extra fields)
    };
    struct HistoryAsk {
        std::string symbol, exchange;
        std::size_t tier = 0;
        time::Timestamp closed_by;            // exchange clock when asked: later bars are left out
        std::optional<time::Timeframe> warm;  // a warm-start request of this timeframe
        enum class What : std::uint8_t { Bars, Expiry, Chain, Quotes } what = What::Bars;
    };
    // An index whose option chain is asked every chain_every_s: its expiry, once per day.
    struct ChainWatch {
        std::string underlying, exchange, fno_exchange;  // NIFTY, NSE_INDEX, NFO
        std::optional<time::Date> expiry;
        std::optional<time::Date> expiry_asked_on;
        time::Timestamp next{INT64_MIN};
        bool in_flight = false;
    };

    void on_market_data(std::size_t tier, const openalgo::MarketData& md, time::Timestamp now) override;
    void service(time::Timestamp now);
    void take_news(std::size_t tier, std::vector<TierNews>& news, time::Timestamp now);
    void take_tier_events(time::Timestamp now);
    void take_candles();
    void ask_history(time::Timestamp now);
    void take_history_answers(time::Timestamp now);
    void finish(time::Timestamp now);
    void ask_warm_start(time::Timestamp now);
    void send_warm();
    void take_warm(const HistoryAsk& ask, const std::vector<openalgo::HistoryRow>& rows);
    void release_warm();
    void ask_chains(time::Timestamp now);
    void poll_quotes(time::Timestamp now);
    void take_quotes(const HistoryAsk& ask, const net::HttpResult& r, time::Timestamp now);
    std::optional<std::size_t> poll_index() const;
    void take_chain_answer(const HistoryAsk& ask, const net::HttpResult& r, time::Timestamp now);
    std::optional<std::uint64_t> submit_rest(std::size_t tier, std::string_view path, std::string body);
    std::size_t history_tier() const;
    // The Yahoo tier (live_yahoo.cpp): its index in the selector, polled while wanted.
    std::optional<std::size_t> yahoo_index() const;
    bool yahoo_active() const;
    void service_yahoo(time::Timestamp now);
    void take_yahoo(YahooAnswer& a, time::Timestamp now);
    void yahoo_health(nlohmann::json& sources, time::Timestamp now) const;
    // NSE's option chains (live_nse.cpp), for --chain-source nse.
    void service_nse(time::Timestamp now);
    void nse_health(nlohmann::json& extra) const;

    void alert(std::string_view level, std::string_view code, std::string message, time::Timestamp now,
               std::string_view source, std::string_view reason, std::string_view symbol = {});
    void alert_for(const sos::live::TierEvent& e);
    void health(time::Timestamp now);
    void note(std::string_view tier, std::string_view detail);
    // Words from a server (an error message, a close reason) may echo a key: masked.
    void mask_keys(std::string& text) const;

    LiveConfig cfg_;
    const time::Calendar& calendar_;
    net::WsService service_;
    std::vector<std::unique_ptr<WsTier>> tiers_;
    std::vector<std::unique_ptr<net::HttpClient>> rest_;
    std::vector<ratelimit::BrokerLimiter> limits_;  // per tier: its entry's budgets, a 429's retry_after
    std::vector<std::string> ws_src_, rest_src_;    // "openalgo-ws:zerodha", "openalgo-rest:zerodha"
    sos::live::TierSelector selector_;
    sos::live::LiveCandles candles_;
    std::unordered_map<std::uint64_t, HistoryAsk> history_asks_;
    std::vector<TierNews> news_;
    std::vector<sos::live::TierEvent> tier_events_;
    std::vector<sos::live::HistoryWant> wants_;
    std::deque<Outgoing> out_;
    // Warm start (--history N): asked once the exchange clock is known (the first tick); live
    // bars wait in LiveCandles until every answer is in, so the hist bars go out first.
    enum class Warm : std::uint8_t { Off, Due, Asked, Done };
    Warm warm_ = Warm::Off;
    std::size_t warm_pending_ = 0;  // asked and not answered, sent or still in warm_queue_
    // Warm-start requests not sent yet: they leave within the tier's api budget (send_warm).
    struct WarmRequest {
        net::HttpRequest request;
        HistoryAsk ask;
    };
    std::deque<WarmRequest> warm_queue_;
    time::Timestamp warm_deadline_{INT64_MAX};
    std::vector<event::Event> warm_bars_;
    std::vector<ChainWatch> chains_;
    std::optional<PollTier> poll_;  // the last tier of the selector when present
    std::string poll_src_;
    std::unique_ptr<YahooTier> yahoo_;  // the last tier of the selector when present
    std::unique_ptr<NseChains> nse_;    // --chain-source nse
    std::vector<event::Event> nse_events_;
    std::vector<std::string> nse_notes_;
    time::Timestamp started_{};
    time::Timestamp next_health_{INT64_MAX};
    time::Timestamp end_at_{INT64_MAX};
    bool started_yet_ = false;
    bool ended_ = false;
    std::uint64_t frames_in_ = 0, candles_out_ = 0, problems_ = 0, late_reported_ = 0;
};

}  // namespace sos::feed::live
