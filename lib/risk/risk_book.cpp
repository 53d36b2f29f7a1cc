#include "risk/risk_book.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "event/order_parts.hpp"
#include "instrument/symbology.hpp"

namespace sos::risk {

namespace {
bool market_kind(event::Kind k) {
    return k == event::Kind::Candle || k == event::Kind::Tick || k == event::Kind::OptionChain ||
           k == event::Kind::Breadth;
}

using Chains = std::map<std::string, std::map<std::int64_t, ChainView>, std::less<>>;

// An option's last price in the chains seen so far, in paise; nothing when none quotes it.
std::optional<money::Paise> option_price(const Chains& chains, std::string_view symbol) {
    const auto parts = instrument::parse_option(symbol);
    if (!parts) return std::nullopt;
    const auto u = chains.find(parts->underlying);
    if (u == chains.end()) return std::nullopt;
    const auto ch = u->second.find(time::days_from_civil(parts->expiry));
    if (ch == u->second.end()) return std::nullopt;
    for (const auto& row : ch->second.strikes)
        if (row.strike == parts->strike) {
            const auto& q = parts->right == vocab::OptionRight::Call ? row.ce : row.pe;
            if (q.ltp && *q.ltp > 0) return money::Paise::from_price(*q.ltp);
        }
    return std::nullopt;
}

// What an approved order was worth when sos-risk sized it, rebuilt from its ORDER line as
// sizing computed it: the price per unit times the quantity, in paise. A plain order's price
// is its level (the limit, else the trigger); an option traded for its underlying's signal
// triggers on the underlying, so its price is its quote, and a structure's its net premium,
// both from the chains the history carried up to the order. Zero when nothing prices it.
money::Paise rebuilt_notional(const event::Order& o, std::string_view symbol, const Chains& chains) {
    if (!o.legs.empty()) {
        money::Paise net;
        for (const auto& leg : o.legs) {
            const auto price = option_price(chains, leg.symbol);
            if (!price) return {};
            net += *price * vocab::sign(leg.action);
        }
        return (net.value < 0 ? -net : net) * o.legs.front().qty;
    }
    if (instrument::kind_of(symbol) == vocab::InstrumentKind::Option && o.underlying != symbol)
        return option_price(chains, symbol).value_or(money::Paise{}) * o.qty;
    const event::OptNum level = o.price ? o.price : o.trigger_price;
    return level ? money::Paise::from_price(*level) * o.qty : money::Paise{};
}

}  // namespace

event::Event RiskBook::alert(std::string_view level, std::string_view code, std::string message,
                             time::Timestamp at) const {
    event::Event e;
    e.env.kind = event::Kind::Alert;
    e.env.timestamp = at;
    e.env.src = "sos-risk";
    auto& a = e.body.emplace<event::Alert>();
    a.level.assign(level);
    a.code.assign(code);
    a.message = std::move(message);
    a.tool = "sos-risk";
    return e;
}

void RiskBook::new_day(time::Date day) {
    day_ = day;
    trades_today_ = 0;
    realized_today_ = {};
    unrealized_.clear();
    equity_peak_ = {};
    if (cfg_.kill_resets_next_session) {
        killed_ = false;
        killed_scopes_.clear();
    }
    // Intraday positions and day orders end with the session (sos-exec squares them off).
    std::erase_if(open_, [&](const Tracked& t) { return vocab::intraday(t.product) || !t.filled; });
}

void RiskBook::open_breaker(std::string why, time::Timestamp at, std::vector<event::Event>& out) {
    breaker_until_ = at.plus_seconds(cfg_.breaker_cooldown_seconds);
    breaker_reason_ = std::move(why);
    // Alerts are rate-limited so a burst of trouble is one message, not a flood.
    if (!last_alert_ || at >= last_alert_->plus_seconds(cfg_.alert_cooldown_seconds)) {
        out.push_back(
            alert("warn", "CIRCUIT_OPEN", fmt::format("circuit breaker open: {}", breaker_reason_), at));
        last_alert_ = at;
    }
}

std::vector<event::Event> RiskBook::observe(const event::Event& e) {
    std::vector<event::Event> out;
    const time::Timestamp t = e.time();
    if (market_kind(e.env.kind) && e.env.timestamp) {
        const time::Date day = cfg_.calendar->local_date(t);
        if (!day_ || *day_ != day) new_day(day);
        last_market_ = t;
    }
    auto find = [&](const std::string& id) {
        return std::find_if(open_.begin(), open_.end(), [&](const Tracked& x) { return x.order_id == id; });
    };
    switch (e.env.kind) {
        case event::Kind::Candle:
            last_price_[e.env.symbol] = e.as<event::Candle>()->c;
            break;
        case event::Kind::Tick:
            last_price_[e.env.symbol] = e.as<event::Tick>()->ltp;
            break;
        case event::Kind::Regime: {
            const auto& r = *e.as<event::RegimeUpdate>();
            RegimeView& v = e.env.symbol.empty() ? market_wide_ : regimes_[e.env.symbol];
            v.regime = r.regime;
            v.flags = std::set<std::string>(r.flags.begin(), r.flags.end());
            v.blowoff = v.flags.contains("BLOWOFF") ||
                        r.inputs_json.find("\"phase\":\"BLOWOFF\"") != std::string::npos;
            if (e.env.symbol.empty())
                for (auto& [u, rv] : regimes_)
                    rv = market_wide_;
            break;
        }
        case event::Kind::Sentiment: {
            const auto& m = *e.as<event::Sentiment>();
            if (m.regime) (e.env.symbol.empty() ? market_wide_ : regimes_[e.env.symbol]).regime = m.regime;
            break;
        }
        case event::Kind::OptionChain: {
            const auto& ch = *e.as<event::OptionChain>();
            if (!ch.expiry || !ch.spot) break;
            ChainView& v = chains_[e.env.symbol][time::days_from_civil(*ch.expiry)];
            v.expiry = *ch.expiry;
            v.spot = *ch.spot;
            v.strikes = ch.strikes;
            std::sort(v.strikes.begin(), v.strikes.end(),
                      [](const auto& a, const auto& b) { return a.strike < b.strike; });
            if (ch.lot_size) v.lot_size = static_cast<std::int64_t>(*ch.lot_size);
            // Expired chains are of no use to choose an instrument.
            auto& all = chains_[e.env.symbol];
            const auto today = time::days_from_civil(cfg_.calendar->local_date(t));
            std::erase_if(all, [&](const auto& kv) { return kv.first < today; });
            break;
        }
        case event::Kind::Signal:
            // A replayed signal was decided before a restart: never again.
            seen_signals_.insert(e.as<event::Signal>()->id);
            break;
        case event::Kind::Order: {
            const auto& o = *e.as<event::Order>();
            if (e.env.hist && find(o.id) == open_.end()) {
                Tracked tr;
                tr.order_id = o.id;
                tr.signal_id = o.signal_id;
                tr.strategy = o.strategy;
                tr.symbol = e.env.symbol;
                tr.underlying = o.underlying.empty() ? e.env.symbol : o.underlying;
                tr.direction = (o.signal_side ? o.signal_side : o.side) == vocab::Side::Sell ? -1 : 1;
                tr.structure = !o.legs.empty();
                tr.qty = o.qty;
                tr.notional = rebuilt_notional(o, e.env.symbol, chains_);
                tr.product = o.product;
                tr.day = cfg_.calendar->local_date(t);
                open_.push_back(tr);
                if (day_ && tr.day == *day_) ++trades_today_;
                recent_orders_.push_back(t);
            }
            break;
        }
        case event::Kind::OrderUpdate: {
            const auto& u = *e.as<event::OrderUpdate>();
            // One part of an ORDER sent in several ended while the ORDER goes on: its reservation,
            // fills and EXIT are the ORDER's still; were every part refused, the last REJECTED
            // comes under the ORDER's id and counts once (event/order_parts.hpp).
            if (event::is_part_update(u.id)) break;
            auto it = find(u.id);
            if (u.status == vocab::OrderStatus::Rejected) {
                if (it != open_.end()) open_.erase(it);
                if (++consecutive_rejects_ >= cfg_.reject_burst)
                    open_breaker(fmt::format("{} broker rejections in a row", consecutive_rejects_), t, out);
            } else if (u.status == vocab::OrderStatus::Cancelled) {
                // Cancelled with a fill (the rest of a partly filled entry, at its expiry): held, its
                // FILL lines may come after (the trade book is read after the order book).
                if (it == open_.end()) break;
                if (u.filled_qty > 0)
                    it->filled = true;
                else if (!it->filled)
                    open_.erase(it);
            } else if (u.status == vocab::OrderStatus::Complete) {
                consecutive_rejects_ = 0;
                if (it != open_.end()) it->filled = true;
            }
            break;
        }
        case event::Kind::Fill: {
            auto it = find(e.as<event::Fill>()->order_id);
            if (it != open_.end()) it->filled = true;
            break;
        }
        case event::Kind::Exit: {
            const auto& x = *e.as<event::Exit>();
            auto it = find(x.order_id);
            if (it != open_.end()) open_.erase(it);
            realized_today_ += money::Paise::from_rupees(x.pnl);
            if (x.pnl < 0) {
                if (++consecutive_losses_ >= cfg_.losing_streak)
                    open_breaker(fmt::format("{} losing trades in a row", consecutive_losses_), t, out);
            } else {
                consecutive_losses_ = 0;
            }
            break;
        }
        case event::Kind::Position: {
            const auto& p = *e.as<event::Position>();
            unrealized_[e.env.symbol] = money::Paise::from_rupees(p.unrealized_pnl);
            break;
        }
        case event::Kind::Control: {
            const auto& c = *e.as<event::Control>();
            if (!event::addressed_to(c, "sos-risk")) break;  // another tool's business
            if (event::kills_everything(c))
                killed_ = true;
            else if (event::is_kill_for(c, "sos-risk"))
                killed_scopes_.insert(c.scope);
            else if (c.command == "reset")  // a pause is the operator's own: only resume ends it
                killed_ = false, killed_scopes_.clear(), breaker_until_.reset();
            else if (c.command == "pause" && c.scope.empty())
                paused_ = true;
            else if (c.command == "pause")
                paused_scopes_.insert(c.scope);
            else if (c.command == "resume" && c.scope.empty())
                paused_ = false, paused_scopes_.clear(), breaker_until_.reset();
            else if (c.command == "resume")
                paused_scopes_.erase(c.scope);
            break;
        }
        default:
            break;
    }
    // Equity today: realised plus open. Its peak is where a trailing daily loss counts from.
    money::Paise equity = realized_today_;
    for (const auto& [s, u] : unrealized_)
        equity += u;
    if (equity > equity_peak_) equity_peak_ = equity;
    // The kill switch trips on a loss beyond kill_loss of capital (TOMIC's 6 %), and stays.
    if (!killed_ && cfg_.kill_loss > 0 && day_loss().rupees() >= cfg_.kill_loss * cfg_.capital) {
        killed_ = true;
        out.push_back(alert("crit", "DAILY_LOSS_HIT",
                            fmt::format("loss today {} beyond the kill limit ({} of capital): flattening",
                                        day_loss().to_string(), cfg_.kill_loss),
                            t));
        event::Event k;
        k.env.kind = event::Kind::Control;
        k.env.timestamp = t;
        k.env.src = "sos-risk";
        auto& c = k.body.emplace<event::Control>();
        c.command = "kill";
        c.target = "sos-exec";
        out.push_back(k);
    }
    return out;
}

void RiskBook::approve(const Tracked& t, time::Timestamp at) {
    open_.push_back(t);
    ++trades_today_;
    last_trade_[{t.strategy, t.symbol}] = at;
    recent_orders_.push_back(at);
    while (!recent_orders_.empty() && recent_orders_.front() < at.plus_seconds(-60))
        recent_orders_.pop_front();
}

std::optional<double> RiskBook::last_price(const std::string& symbol) const {
    auto it = last_price_.find(symbol);
    if (it == last_price_.end()) return std::nullopt;
    return it->second;
}

const RegimeView& RiskBook::regime(const std::string& underlying) const {
    auto it = regimes_.find(underlying);
    return it != regimes_.end() ? it->second : market_wide_;
}

const std::map<std::int64_t, ChainView>* RiskBook::chains(const std::string& underlying) const {
    auto it = chains_.find(underlying);
    return it == chains_.end() ? nullptr : &it->second;
}

std::optional<std::string> RiskBook::breaker_open(time::Timestamp now) const {
    if (breaker_until_ && now < *breaker_until_) return breaker_reason_;
    return std::nullopt;
}

money::Paise RiskBook::day_loss() const {
    money::Paise equity = realized_today_;
    for (const auto& [s, u] : unrealized_)
        equity += u;
    money::Paise base = cfg_.daily_loss_trailing ? equity_peak_ : money::Paise{};
    return base - equity;
}

std::optional<time::Timestamp> RiskBook::last_trade(const std::string& strategy,
                                                    const std::string& symbol) const {
    auto it = last_trade_.find({strategy, symbol});
    if (it == last_trade_.end()) return std::nullopt;
    return it->second;
}

int RiskBook::orders_in_last_minute(time::Timestamp now) const {
    int n = 0;
    for (auto t : recent_orders_)
        if (t > now.plus_seconds(-60) && t <= now) ++n;
    return n;
}

money::Paise RiskBook::gross_notional() const {
    money::Paise n;
    for (const auto& t : open_)
        n += t.notional;
    return n;
}

money::Paise RiskBook::underlying_notional(const std::string& underlying) const {
    money::Paise n;
    for (const auto& t : open_)
        if (t.underlying == underlying) n += t.notional;
    return n;
}

}  // namespace sos::risk
