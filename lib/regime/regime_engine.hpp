// The regime of each underlying, recomputed as the stream goes: the configured model
// evaluated on the configured triggers, passed through the classifier's hysteresis and
// dwell, with the VIX flags attached. It also keeps the last regime of an underlying whose
// inputs stopped coming and, once they are older than the stale limit, says so once.
//
// Which underlyings: those named in the configuration, or else every underlying the stream
// gives sentiment, breadth or option chains for, and every index whose bars it carries
// (exchange *_INDEX, or an index sos knows the expiries of). Plain stocks are left alone
// unless named: their regime is their index's.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "regime/classifier.hpp"
#include "regime/regime_config.hpp"
#include "time/calendar.hpp"

namespace sos::regime {

// One REGIME the engine decided.
struct RegimeLine {
    time::Timestamp t;
    std::string symbol, exchange;
    Regime regime = Regime::Sideways;
    std::optional<double> score;
    std::vector<std::string_view> flags;
    bool changed = false, stale = false, congestion = false, hist = false;
    std::string_view model;
    std::string phase;
    std::string inputs;  // a JSON object
    std::string true_regime;
    std::optional<double> price;  // the underlying's latest price, for calibration
};

class RegimeEngine {
public:
    // `calendar`: the exchange's sessions, for session days and when a bar closes (sos-regime
    // passes --calendar's; the shipped NSE calendar by default).
    RegimeEngine(const RegimeConfig& cfg, bool trust_upstream,
                 time::Calendar calendar = time::Calendar::nse_default());
    ~RegimeEngine();
    RegimeEngine(const RegimeEngine&) = delete;
    RegimeEngine& operator=(const RegimeEngine&) = delete;

    // Learns from one event and appends the REGIME lines it causes to `out` (not cleared).
    void observe(const event::Event& e, std::vector<RegimeLine>& out);
    // Live use: the wall clock says `now` while no event came; regimes whose inputs stopped
    // longer ago than the stale limit are marked (once), as an event at `now` would mark them.
    void check_stale(time::Timestamp now, std::vector<RegimeLine>& out);

    // When the bar of `tf` opening at `open` is known: its close by the calendar
    // (time::bar_close), the time of the REGIME it causes.
    time::Timestamp bar_close(time::Timestamp open, time::Timeframe tf);
    const RegimeConfig& config() const { return cfg_; }
    std::string_view model_name() const;

private:
    struct Underlying;
    Underlying& underlying(std::string_view name);
    Underlying* tracked(std::string_view name, bool auto_track);
    void on_candle(const event::Event& e, std::vector<RegimeLine>& out);
    void recompute(Underlying& u, const event::Event& cause, time::Timestamp t, std::vector<RegimeLine>& out);
    void mark_stale(time::Timestamp now, std::vector<RegimeLine>& out);
    bool triggers_on(event::Kind k) const;
    void flags_for(const Underlying& u, time::Timestamp t, RegimeLine& line, std::string& note) const;
    std::optional<double> fresh_vix(const Underlying& u, time::Timestamp t) const;

    RegimeConfig cfg_;
    bool trust_upstream_;
    std::unique_ptr<Model> model_;
    std::map<std::string, std::unique_ptr<Underlying>, std::less<>> underlyings_;
    SentimentInputs market_;  // market-wide sentiment, the start of every new underlying
    Timed<double> vix_;       // India VIX from its own bars or ticks
    std::optional<time::Timestamp> clock_;
    std::optional<time::Date> day_;
    time::Calendar calendar_;
    std::optional<time::Session> session_;  // the last bar's: the calendar is asked once a session
};

}  // namespace sos::regime
