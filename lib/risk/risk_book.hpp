// What sos-risk knows: the regime and chains of each underlying, the orders it approved and
// the positions they became (from sos-exec's FILL, EXIT, ORDER_UPDATE and POSITION lines, fed
// back live or replayed from the journal), the day's counters, the breakers and the switches.
// Everything is rebuilt from the stream, history included, so a restart forgets nothing.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "money/paise.hpp"
#include "risk/risk_config.hpp"
#include "time/civil.hpp"
#include "vocab/product.hpp"
#include "vocab/regime.hpp"

namespace sos::risk {

struct RegimeView {
    std::optional<vocab::Regime> regime;  // none yet
    std::set<std::string> flags;
    bool blowoff = false;  // TOMIC's blow-off phase, where the model reports it
};

struct ChainView {
    time::Date expiry;
    double spot = 0;
    std::vector<event::StrikeRow> strikes;  // ascending by strike
    std::optional<std::int64_t> lot_size;
};

// An order sos-risk approved, until it is done.
struct Tracked {
    std::string order_id, signal_id, strategy, symbol, underlying;
    int direction = 1;  // on the underlying: +1 long, -1 short
    bool structure = false;
    bool premium_selling = false;
    std::int64_t qty = 0;
    money::Paise notional;  // exact: the book adds them up
    bool filled = false;    // a position (else in flight)
    vocab::Product product = vocab::Product::Mis;
    time::Date day;
};

class RiskBook {
public:
    explicit RiskBook(const RiskConfig& cfg) : cfg_(cfg) {}

    // Updates from any line of the stream (history included). Returns an ALERT or CONTROL to
    // write when a breaker or the kill switch trips.
    std::vector<event::Event> observe(const event::Event& e);
    void approve(const Tracked& t, time::Timestamp at);
    void record_signal(const std::string& id) { seen_signals_.insert(id); }

    // --- what the rules ask ---
    const RegimeView& regime(const std::string& underlying) const;
    const std::map<std::int64_t, ChainView>* chains(const std::string& underlying) const;
    bool seen(const std::string& signal_id) const { return seen_signals_.contains(signal_id); }
    bool killed() const { return killed_; }
    // A kill scoped to an underlying or a strategy.
    bool killed(const std::string& underlying, const std::string& strategy) const {
        return killed_scopes_.contains(underlying) || killed_scopes_.contains(strategy);
    }
    bool paused() const { return paused_; }
    // A pause scoped to an underlying or a strategy (CONTROL pause with a scope).
    bool paused(const std::string& underlying, const std::string& strategy) const {
        return paused_scopes_.contains(underlying) || paused_scopes_.contains(strategy);
    }
    const std::set<std::string>& paused_scopes() const { return paused_scopes_; }
    const std::set<std::string>& killed_scopes() const { return killed_scopes_; }
    // The last price seen of a symbol (a candle's close, a tick's ltp): a manual signal's entry.
    std::optional<double> last_price(const std::string& symbol) const;
    std::optional<std::string> breaker_open(time::Timestamp now) const;
    const std::vector<Tracked>& open() const { return open_; }  // in flight or filled
    int trades_today() const { return trades_today_; }
    money::Paise day_loss() const;  // realised plus open, from the equity peak when trailing
    std::optional<time::Timestamp> last_trade(const std::string& strategy, const std::string& symbol) const;
    int orders_in_last_minute(time::Timestamp now) const;
    std::optional<time::Timestamp> last_market_data() const { return last_market_; }
    money::Paise gross_notional() const;
    money::Paise underlying_notional(const std::string& underlying) const;

private:
    void new_day(time::Date day);
    void open_breaker(std::string why, time::Timestamp at, std::vector<event::Event>& out);
    event::Event alert(std::string_view level, std::string_view code, std::string message,
                       time::Timestamp at) const;

    const RiskConfig& cfg_;
    std::map<std::string, RegimeView, std::less<>> regimes_;
    RegimeView market_wide_;
    std::map<std::string, std::map<std::int64_t, ChainView>, std::less<>> chains_;
    std::vector<Tracked> open_;
    std::set<std::string> seen_signals_;
    std::map<std::pair<std::string, std::string>, time::Timestamp> last_trade_;
    std::deque<time::Timestamp> recent_orders_;
    std::optional<time::Date> day_;
    int trades_today_ = 0;
    money::Paise realized_today_;
    std::map<std::string, money::Paise> unrealized_;  // per traded symbol, from POSITION lines
    money::Paise equity_peak_;
    int consecutive_rejects_ = 0, consecutive_losses_ = 0;
    std::optional<time::Timestamp> breaker_until_;
    std::string breaker_reason_;
    std::optional<time::Timestamp> last_alert_;
    bool killed_ = false, paused_ = false;
    std::set<std::string> killed_scopes_;
    std::set<std::string> paused_scopes_;
    std::map<std::string, double, std::less<>> last_price_;
    std::optional<time::Timestamp> last_market_;
};

}  // namespace sos::risk
