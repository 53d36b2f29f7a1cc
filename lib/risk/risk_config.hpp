// Everything sos-risk decides with, as configuration (data/risk.json holds the shipped
// defaults, documented there and in man sos-risk). Money is in rupees here and converted to
// paise where it is added up.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "instrument/registry.hpp"
#include "time/calendar.hpp"
#include "vocab/order_type.hpp"
#include "vocab/product.hpp"
#include "vocab/regime.hpp"

namespace sos::risk {

// How a signal on a symbol is traded.
enum class InstrumentChoice { Underlying, Future, AtmOption };

struct InstrumentRule {
    std::string pattern;  // a symbol, or a prefix ending in '*'
    InstrumentChoice choice = InstrumentChoice::Underlying;
};

struct RiskConfig {
    double capital = 1'000'000;        // rupees
    double risk_per_trade = 0.02;      // of capital: the fixed-fraction budget
    double daily_loss_limit = 0.02;    // of capital, realised plus open: no new entries today (0: off)
    bool daily_loss_trailing = false;  // measure the daily loss from the day's equity peak
    double kill_loss = 0.06;           // of capital: trips the kill switch (flatten, latched; 0: off)
    int max_positions = 10;
    int max_trades_per_day = 50;
    bool pyramiding = false;                // several positions on one underlying
    int cooldown_seconds = 300;             // same strategy and symbol
    int entries_from = 9 * 3600 + 15 * 60;  // local time of day: new entries only in this window
    int entries_until = 15 * 3600;          // (intraday positions are squared off at 15:15)
    std::int64_t max_lots = 50;             // per order, before freeze slicing
    double max_underlying_exposure = 0.30;  // of capital, notional per underlying
    double gross_notional_limit = 5.0;      // times capital, all open positions
    // optional sizing steps (TOMIC's); off by default
    bool vol_target = false;
    double vol_target_fraction = 0.20;
    double instrument_vol = 0.25;
    bool half_kelly = false;
    double kelly_win_rate = 0.55;
    double kelly_reward_risk = 2.0;
    double atm_option_delta = 0.5;  // risk per option unit = delta x risk on the underlying
    // circuit breakers
    int reject_burst = 5;         // consecutive broker rejections
    int losing_streak = 5;        // consecutive losing trades
    int stale_feed_seconds = 60;  // live only: no market data this long
    int orders_per_minute = 30;   // rolling
    int breaker_cooldown_seconds = 900;
    int alert_cooldown_seconds = 60;
    // premium-selling gates
    bool enable_jade_lizard = true;
    bool enable_short_strangle = true;
    bool enable_short_straddle = false;
    bool allow_naked_premium = true;
    std::set<vocab::Regime> congestion_regimes = {vocab::Regime::Sideways};
    // orders
    vocab::Product product = vocab::Product::Mis;
    vocab::OrderType entry_order_type = vocab::OrderType::SlM;
    std::vector<InstrumentRule> instruments_rules = {
        {"NIFTY", InstrumentChoice::AtmOption},    {"BANKNIFTY", InstrumentChoice::AtmOption},
        {"FINNIFTY", InstrumentChoice::AtmOption}, {"MIDCPNIFTY", InstrumentChoice::AtmOption},
        {"SENSEX", InstrumentChoice::AtmOption},   {"*", InstrumentChoice::Underlying}};
    std::string kill_file;                     // its existence is a kill
    instrument::Registry instruments;          // lot, freeze quantity and tick: sizing, slicing, levels
    const time::Calendar* calendar = nullptr;  // required
    double naked_risk_multiple = 1.0;  // a naked structure's risk per unit: this many times its credit
    bool kill_resets_next_session = false;
    std::set<std::string> untradable = {"INDIAVIX", "VIX"};

    InstrumentChoice choice_for(std::string_view symbol) const;
};

}  // namespace sos::risk
