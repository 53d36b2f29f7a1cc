#include "risk/risk_config_file.hpp"

#include <fmt/format.h>

#include "config/json_config.hpp"
#include "instrument/registry_file.hpp"

namespace sos::risk {

extern const char* const kShippedRisk;

namespace {

using config::ConfigError;
using config::ObjectReader;

constexpr double kMaxRupees = 1e13;

void read_sizing(ObjectReader r, RiskConfig& c) {
    c.vol_target = r.boolean("vol_target");
    c.vol_target_fraction = r.number("vol_target_fraction", 0, 10);
    c.instrument_vol = r.number("instrument_vol", 1e-6, 10);
    c.half_kelly = r.boolean("half_kelly");
    c.kelly_win_rate = r.number("kelly_win_rate", 0, 1);
    c.kelly_reward_risk = r.number("kelly_reward_risk", 1e-6, 1000);
    c.atm_option_delta = r.number("atm_option_delta", 0.01, 1);
    c.naked_risk_multiple = r.number("naked_risk_multiple", 0.01, 100);
    r.finish();
}

void read_breakers(ObjectReader r, RiskConfig& c) {
    c.reject_burst = static_cast<int>(r.integer("reject_burst", 1, 1000));
    c.losing_streak = static_cast<int>(r.integer("losing_streak", 1, 1000));
    c.stale_feed_seconds = static_cast<int>(r.integer("stale_feed_seconds", 1, 86400));
    c.orders_per_minute = static_cast<int>(r.integer("orders_per_minute", 1, 100000));
    c.breaker_cooldown_seconds = static_cast<int>(r.integer("cooldown_seconds", 0, 7 * 86400));
    c.alert_cooldown_seconds = static_cast<int>(r.integer("alert_cooldown_seconds", 0, 86400));
    r.finish();
}

void read_premium_selling(ObjectReader r, RiskConfig& c) {
    c.enable_jade_lizard = r.boolean("jade_lizard");
    c.enable_short_strangle = r.boolean("short_strangle");
    c.enable_short_straddle = r.boolean("short_straddle");
    c.allow_naked_premium = r.boolean("allow_naked");
    c.congestion_regimes.clear();
    for (const auto& name : r.strings("congestion_regimes")) {
        const auto regime = vocab::parse<vocab::Regime>(name);
        if (!regime)
            throw ConfigError(fmt::format("{}: '{}' is not a regime ({})", r.where("congestion_regimes"),
                                          name, vocab::name_list<vocab::Regime>()));
        c.congestion_regimes.insert(*regime);
    }
    r.finish();
}

void read_orders(ObjectReader r, RiskConfig& c) {
    using vocab::name;
    using vocab::OrderType;
    using vocab::Product;
    // choice() refuses any other name, so each parse finds the one it was given.
    c.product = *vocab::parse<Product>(
        r.choice("product", {name(Product::Mis), name(Product::Nrml), name(Product::Cnc)}));
    // Not LIMIT: a limit entry needs a price sos-risk does not choose.
    c.entry_order_type = *vocab::parse<OrderType>(
        r.choice("entry_order_type", {name(OrderType::SlM), name(OrderType::Sl), name(OrderType::Market)}));
    r.finish();
}

void read_trade_as(const nlohmann::json& j, ObjectReader& top, RiskConfig& c) {
    ObjectReader r = top.object("trade_as");
    c.instruments_rules.clear();
    for (const auto& [pattern, value] : j.items()) {
        if (pattern == "comment" || value.is_null()) continue;
        const std::string choice = r.choice(pattern, {"underlying", "future", "atm_option"});
        c.instruments_rules.push_back({pattern, choice == "future"       ? InstrumentChoice::Future
                                                : choice == "atm_option" ? InstrumentChoice::AtmOption
                                                                         : InstrumentChoice::Underlying});
    }
    r.finish();
}

// The instruments sos-risk's settings carried before the registry had its own file: still
// read, laid over the registry (an entry field by field, as in an --instruments file), so a
// settings file written for an older sos keeps working. sos-exec does not read these.
void read_older_instruments(ObjectReader& top, RiskConfig& c) {
    if (top.has("instruments")) instrument::read_entries(top, "instruments", c.instruments);
    if (!top.has("equity_lot_size")) return;
    const auto lot = top.integer("equity_lot_size", 0, 1'000'000);
    if (lot == 0) {
        c.instruments.set_equity_default(std::nullopt);
        return;
    }
    instrument::Instrument equity = c.instruments.equity_default().value_or(instrument::Instrument{});
    equity.lot_size = lot;
    c.instruments.set_equity_default(equity);
}

}  // namespace

std::string_view shipped_risk_config() {
    return kShippedRisk;
}

RiskConfig load_risk_config(const std::string& path, const time::Calendar& calendar) {
    return load_risk_config(path, calendar, instrument::load_registry(""));
}

RiskConfig load_risk_config(const std::string& path, const time::Calendar& calendar,
                            instrument::Registry instruments) {
    const std::string name = path.empty() ? "risk defaults" : path;
    return config::naming_file(name, [&] {
        const auto j = config::load_layered(kShippedRisk, "risk defaults", path);
        ObjectReader top(j, "");
        RiskConfig c;
        c.calendar = &calendar;
        c.capital = top.number("capital", 1, kMaxRupees);
        c.risk_per_trade = top.number("risk_per_trade", 0, 1);
        c.daily_loss_limit = top.number("daily_loss_limit", 0, 1);
        c.daily_loss_trailing = top.boolean("daily_loss_trailing");
        c.kill_loss = top.number("kill_loss", 0, 1);
        c.kill_resets_next_session = top.boolean("kill_resets_next_session");
        c.kill_file = top.string("kill_file");
        c.max_positions = static_cast<int>(top.integer("max_positions", 1, 100000));
        c.max_trades_per_day = static_cast<int>(top.integer("max_trades_per_day", 1, 1000000));
        c.pyramiding = top.boolean("pyramiding");
        c.cooldown_seconds = static_cast<int>(top.integer("cooldown_seconds", 0, 7 * 86400));
        auto window = top.object("entry_window");
        c.entries_from = window.clock("from");
        c.entries_until = window.clock("until");
        window.finish();
        if (c.entries_until <= c.entries_from)
            throw ConfigError("entry_window.until: must be after entry_window.from");
        c.max_lots = top.integer("max_lots", 1, 1'000'000);
        c.max_underlying_exposure = top.number("max_underlying_exposure", 0, 1000);
        c.gross_notional_limit = top.number("gross_notional_limit", 0, 1000);
        read_sizing(top.object("sizing"), c);
        read_breakers(top.object("breakers"), c);
        read_premium_selling(top.object("premium_selling"), c);
        read_orders(top.object("orders"), c);
        read_trade_as(top.value("trade_as"), top, c);
        c.instruments = std::move(instruments);
        read_older_instruments(top, c);
        const auto untradable = top.strings("untradable");
        c.untradable = {untradable.begin(), untradable.end()};
        top.finish();
        if (c.daily_loss_limit > 0 && c.kill_loss > 0 && c.kill_loss < c.daily_loss_limit)
            throw ConfigError(
                "kill_loss: must not be below daily_loss_limit (the kill is the last line, not the first)");
        return c;
    });
}

}  // namespace sos::risk
