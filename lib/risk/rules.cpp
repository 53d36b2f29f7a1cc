#include <sys/stat.h>

#include <fmt/format.h>
#include <algorithm>
#include <map>

#include "event/event.hpp"
#include "instrument/symbology.hpp"
#include "risk/decision.hpp"
#include "time/civil.hpp"

namespace sos::risk {

namespace {

bool naked_premium(std::string_view s) {
    return s == "JADE_LIZARD" || s == "SHORT_STRANGLE" || s == "SHORT_STRADDLE";
}

bool premium_selling(std::string_view s) {
    return naked_premium(s) || s == "IRON_CONDOR" || s == "BULL_PUT_SPREAD" || s == "BEAR_CALL_SPREAD" ||
           s == "RISK_REVERSAL";
}

std::string underlying_of_signal(const event::Event& e) {
    return std::string(instrument::underlying_of(e.env.symbol));
}

int direction(const event::SignalFields& f) {
    return f.side == vocab::Side::Sell ? -1 : 1;
}

}  // namespace

RegimeClass regime_class(const RegimeView& r, const RiskConfig& cfg) {
    if (r.blowoff) return RegimeClass::Blowoff;
    if (!r.regime) return RegimeClass::Unknown;
    if (cfg.congestion_regimes.contains(*r.regime)) return RegimeClass::Congestion;
    if (vocab::bullish_half(*r.regime)) return RegimeClass::Bullish;
    if (vocab::bearish_half(*r.regime)) return RegimeClass::Bearish;
    return RegimeClass::Congestion;
}

double priority(bool options_kind, RegimeClass rc, std::optional<double> score) {
    // TOMIC's base by source and regime: the pattern sniper leads in trends, the volatility
    // seller in congestion.
    double base = 0;
    switch (rc) {
        case RegimeClass::Bullish:
            base = options_kind ? 60 : 80;
            break;
        case RegimeClass::Congestion:
        case RegimeClass::Unknown:
            base = options_kind ? 90 : 0;
            break;
        case RegimeClass::Bearish:
            base = options_kind ? 70 : 30;
            break;
        case RegimeClass::Blowoff:
            base = options_kind ? 20 : 10;
            break;
    }
    return base + 0.2 * score.value_or(0.0);
}

std::optional<Rejection> Decision::before_conflict(const event::Event& e, time::Timestamp wall_now) {
    const auto& f = e.as<event::Signal>()->f;
    const std::string u = underlying_of_signal(e);
    struct stat st {};
    if (book_.killed())
        return Rejection{"KILL_SWITCH", "the kill switch is on; no new entries until CONTROL reset"};
    if (book_.killed(u, f.pattern_id))
        return Rejection{"KILL_SWITCH",
                         "a kill for " + u + " or " + f.pattern_id + " is on until CONTROL reset"};
    if (!cfg_.kill_file.empty() && ::stat(cfg_.kill_file.c_str(), &st) == 0)
        return Rejection{"KILL_SWITCH", fmt::format("kill file {} exists", cfg_.kill_file)};
    if (book_.paused()) return Rejection{"PAUSED", "entries are paused until CONTROL resume"};
    if (book_.paused(u, f.pattern_id))
        return Rejection{"PAUSED", "entries for " + (book_.paused_scopes().contains(u) ? u : f.pattern_id) +
                                       " are paused until CONTROL resume"};
    if (live_) {
        const double age = static_cast<double>(wall_now.ns - e.time().ns) / 1e9;
        if (age > max_age_)
            return Rejection{"STALE", fmt::format("signal is {:.1f} s old (limit {} s)", age, max_age_)};
        if (auto last = book_.last_market_data();
            last && static_cast<double>(wall_now.ns - last->ns) / 1e9 > cfg_.stale_feed_seconds)
            return Rejection{"CIRCUIT_OPEN",
                             fmt::format("market data stale for more than {} s", cfg_.stale_feed_seconds)};
    }
    if (const int at = cfg_.calendar->zone().local_seconds_of_day(e.time());
        at < cfg_.entries_from || at >= cfg_.entries_until)
        return Rejection{
            "ENTRY_WINDOW",
            fmt::format("{} is outside the entry window {}-{}", time::format_clock(at),
                        time::format_clock(cfg_.entries_from), time::format_clock(cfg_.entries_until))};
    if (auto why = book_.breaker_open(e.time()))
        return Rejection{"CIRCUIT_OPEN", "circuit breaker open: " + *why};
    if (book_.orders_in_last_minute(e.time()) >= cfg_.orders_per_minute)
        return Rejection{"CIRCUIT_OPEN",
                         fmt::format("{} orders in the last minute (limit {})",
                                     book_.orders_in_last_minute(e.time()), cfg_.orders_per_minute)};
    if (const double gross = book_.gross_notional().rupees();
        gross >= cfg_.gross_notional_limit * cfg_.capital)
        return Rejection{"CIRCUIT_OPEN", fmt::format("gross notional {:.0f} at the limit of {} x capital",
                                                     gross, cfg_.gross_notional_limit)};
    if (cfg_.untradable.contains(u))
        return Rejection{"REGIME_GATE", u + " is context only: it cannot be traded"};

    const RegimeView& rv = book_.regime(u);
    if (rv.blowoff) return Rejection{"REGIME_GATE", "blow-off: every entry waits"};
    if (f.structure) {
        const std::string& s = *f.structure;
        if (rv.flags.contains("HALT_SHORT_VEGA") && premium_selling(s))
            return Rejection{"REGIME_GATE", fmt::format("HALT_SHORT_VEGA: no premium selling ({})", s)};
        if ((s == "JADE_LIZARD" && !cfg_.enable_jade_lizard) ||
            (s == "SHORT_STRANGLE" && !cfg_.enable_short_strangle) ||
            (s == "SHORT_STRADDLE" && !cfg_.enable_short_straddle))
            return Rejection{"REGIME_GATE", s + " is disabled in the configuration"};
        if (naked_premium(s)) {
            if (!cfg_.allow_naked_premium) return Rejection{"REGIME_GATE", "naked premium is not allowed"};
            if (f.side != vocab::Side::Sell) return Rejection{"REGIME_GATE", s + " must be a SELL"};
            if (regime_class(rv, cfg_) != RegimeClass::Congestion)
                return Rejection{"REGIME_GATE", fmt::format("{} only in congestion (regime {})", s,
                                                            rv.regime ? vocab::name(*rv.regime) : "none")};
            for (const char* flag : {"PREMIUMS_TOO_LOW", "DEFINED_RISK_ONLY"})
                if (rv.flags.contains(flag))
                    return Rejection{"REGIME_GATE", fmt::format("{}: no {}", flag, s)};
        }
    }
    const auto& id = e.as<event::Signal>()->id;
    if (book_.seen(id)) return Rejection{"DUPLICATE", "signal " + id + " was already decided"};
    book_.record_signal(id);
    return std::nullopt;
}

std::optional<Rejection> Decision::after_conflict(const event::Event& e) {
    const auto& f = e.as<event::Signal>()->f;
    const std::string u = underlying_of_signal(e);
    for (const auto& t : book_.open()) {
        if (t.underlying != u) continue;
        if (t.direction != direction(f))
            return Rejection{"CONFLICT", fmt::format("{} {} on {} is open or in flight the other way",
                                                     t.order_id, t.filled ? "position" : "order", u)};
        if (!cfg_.pyramiding)
            return Rejection{"CONFLICT",
                             fmt::format("already a position or order on {} ({})", u, t.order_id)};
    }
    if (auto last = book_.last_trade(f.pattern_id, e.env.symbol);
        last && e.time() < last->plus_seconds(cfg_.cooldown_seconds))
        return Rejection{"COOLDOWN", fmt::format("{} traded {} less than {} s ago", f.pattern_id,
                                                 e.env.symbol, cfg_.cooldown_seconds)};
    if (static_cast<int>(book_.open().size()) >= cfg_.max_positions)
        return Rejection{"MAX_POSITIONS", fmt::format("{} positions and orders open (limit {})",
                                                      book_.open().size(), cfg_.max_positions)};
    if (book_.trades_today() >= cfg_.max_trades_per_day)
        return Rejection{"MAX_TRADES", fmt::format("{} trades today (limit {})", book_.trades_today(),
                                                   cfg_.max_trades_per_day)};
    const double loss = book_.day_loss().rupees();
    if (cfg_.daily_loss_limit > 0 && loss >= cfg_.daily_loss_limit * cfg_.capital)
        return Rejection{"DAILY_LOSS", fmt::format("loss today {:.2f}{} reaches the limit of {:.2f}", loss,
                                                   cfg_.daily_loss_trailing ? " from the day's peak" : "",
                                                   cfg_.daily_loss_limit * cfg_.capital)};
    return std::nullopt;
}

event::Event Decision::reject(const event::Event& s, const Rejection& r) const {
    event::Event e;
    e.env.kind = event::Kind::Reject;
    e.env.timestamp = s.env.timestamp;
    e.env.symbol = s.env.symbol;
    e.env.src = "sos-risk";
    auto& j = e.body.emplace<event::Reject>();
    j.stage = "risk";
    j.ref = s.as<event::Signal>()->id;
    j.reason = r.code;
    j.detail = r.detail;
    j.has_signal_fields = true;
    j.f = s.as<event::Signal>()->f;
    return e;
}

std::vector<event::Event> Decision::decide(const std::vector<event::Event>& signals,
                                           time::Timestamp wall_now) {
    std::vector<event::Event> out;
    std::vector<std::optional<Rejection>> verdict(signals.size());
    std::vector<bool> skip(signals.size(), false);
    for (std::size_t i = 0; i < signals.size(); ++i) {
        if (signals[i].env.hist) {
            book_.record_signal(signals[i].as<event::Signal>()->id);  // it rebuilt state; not a trade
            skip[i] = true;
            continue;
        }
        verdict[i] = before_conflict(signals[i], wall_now);
    }
    // The router: per underlying, the best pattern and the best options signal of this candle
    // meet; every other one loses.
    std::map<std::string, std::vector<std::size_t>> by_underlying;
    for (std::size_t i = 0; i < signals.size(); ++i)
        if (!skip[i] && !verdict[i]) by_underlying[underlying_of_signal(signals[i])].push_back(i);
    for (auto& [u, idx] : by_underlying) {
        const RegimeClass rc = regime_class(book_.regime(u), cfg_);
        auto prio = [&](std::size_t i) {
            const auto& f = signals[i].as<event::Signal>()->f;
            return priority(f.kind == "options", rc, f.score);
        };
        std::optional<std::size_t> best[2];
        for (std::size_t i : idx) {
            int k = signals[i].as<event::Signal>()->f.kind == "options" ? 1 : 0;
            if (!best[k] || prio(i) > prio(*best[k])) best[k] = i;  // ties: the earlier (pattern_id order)
        }
        std::optional<std::size_t> winner;
        if (best[0] && best[1]) {
            const auto& p = signals[*best[0]].as<event::Signal>()->f;
            const auto& o = signals[*best[1]].as<event::Signal>()->f;
            if (p.side == o.side)
                winner = prio(*best[1]) > prio(*best[0]) ? best[1] : best[0];
            else
                winner = rc == RegimeClass::Bullish ? best[0] : best[1];
        } else {
            winner = best[0] ? best[0] : best[1];
        }
        for (std::size_t i : idx)
            if (i != *winner)
                verdict[i] = Rejection{
                    "CONFLICT", fmt::format("lost to {} on {} this candle (priority {:.1f} against {:.1f})",
                                            signals[*winner].as<event::Signal>()->f.pattern_id, u, prio(i),
                                            prio(*winner))};
    }
    for (std::size_t i = 0; i < signals.size(); ++i) {
        if (skip[i]) continue;
        if (!verdict[i]) verdict[i] = after_conflict(signals[i]);
        if (verdict[i]) {
            out.push_back(reject(signals[i], *verdict[i]));
            continue;
        }
        std::optional<Rejection> why;
        auto orders = orders_for(signals[i], why);
        if (why) out.push_back(reject(signals[i], *why));
        for (auto& o : orders)
            out.push_back(std::move(o));
    }
    return out;
}

}  // namespace sos::risk
