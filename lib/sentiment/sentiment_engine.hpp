// The sentiment of each underlying, kept up to date from the stream, and the SENTIMENT_UPDATE
// written after each option chain: the front expiry's PCR (by OI and by volume), its velocity,
// OI walls, max pain, ATM IV with its rank and percentile, skew, the front/next term ratio,
// the latest breadth, historical volatility and India VIX.
//
// The front expiry is the nearest one, on or after the chain's trading day, whose latest
// snapshot is fresh; a chain of a later expiry only refreshes the term ratio, and the update
// written after it repeats the front's figures. Every update is a whole snapshot, so a
// reader never depends on having seen the one before.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "event/event.hpp"
#include "sentiment/pcr_velocity.hpp"
#include "sentiment/sentiment_config.hpp"
#include "sentiment/state_file.hpp"
#include "sentiment/strike_ladder.hpp"
#include "time/calendar.hpp"

namespace sos::sentiment {

// What one expiry's latest snapshot gave.
struct ExpiryFigures {
    time::Timestamp t;
    PutCallRatios pcr;
    OiWalls walls;
    std::optional<double> max_pain, atm_iv, skew;
};

class SentimentEngine {
public:
    // `calendar`: the exchange's sessions, for trading days and when a bar closes (sos-feed
    // passes --calendar's; the shipped NSE calendar by default).
    explicit SentimentEngine(SentimentConfig cfg, time::Calendar calendar = time::Calendar::nse_default());

    // Learns from one event (candles and ticks give daily closes and India VIX; BREADTH the
    // breadth; chains everything else). For an OPTION_CHAIN with an expiry and a spot, fills
    // `out` with the SENTIMENT_UPDATE to write after it (same time, underlying, exchange, src
    // given here, hist and true_regime of the chain) and returns true.
    bool observe(const event::Event& e, event::Event& out);

    // The long memory, for loading and saving the state file.
    HistoryMap& history() { return history_; }
    // The latest trading day seen; the caller saves the state when it moves on.
    std::optional<time::Date> day() const { return day_; }
    // The `src` written on updates (default: that of the chain).
    void set_src(std::string src) { src_ = std::move(src); }
    const SentimentConfig& config() const { return cfg_; }

private:
    struct Underlying {
        std::map<time::Date, ExpiryFigures> expiries;
        PcrVelocity velocity{15};
        std::optional<time::Date> velocity_expiry, velocity_day;
        std::optional<double> velocity_value;
        std::optional<event::Breadth> breadth;
        time::Timestamp breadth_t;
        std::optional<time::Date> bar_close_day;  // a day whose close came from bars or ticks
    };

    // India VIX, or an underlying the analytics follow: what on_price takes.
    bool follows(std::string_view symbol) const;
    void on_price(const std::string& symbol, time::Timestamp known_at, double price);
    void on_chain(const event::Event& e, const event::OptionChain& chain, event::Event& out);
    Underlying& underlying(std::string_view name);
    void note_day(time::Date d);

    SentimentConfig cfg_;
    time::Calendar calendar_;
    time::ZoneOffset zone_;
    time::LocalDayCache days_;
    std::map<std::string, Underlying, std::less<>> underlyings_;
    HistoryMap history_;
    std::optional<double> vix_;
    time::Timestamp vix_t_;
    std::optional<time::Date> day_;
    std::string src_;
    StrikeLadder ladder_;
    std::vector<double> scratch_;
};

}  // namespace sos::sentiment
