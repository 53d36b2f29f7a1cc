#include "sentiment/sentiment_engine.hpp"

#include <cmath>

#include "diag/log.hpp"
#include "instrument/symbology.hpp"
#include "sentiment/chain_iv.hpp"
#include "sentiment/oi_analytics.hpp"
#include "sentiment/time_to_expiry.hpp"
#include "time/bar_close.hpp"

namespace sos::sentiment {

namespace {

// Figures are written to a precision a trader reads, which also keeps the output identical
// across compilers that differ in the last bit.
std::optional<double> rounded(std::optional<double> x, double scale) {
    if (!x || !std::isfinite(*x)) return std::nullopt;
    return std::round(*x * scale) / scale;
}

bool fresh(time::Timestamp then, time::Timestamp now, double max_age_s) {
    return static_cast<double>(now.ns - then.ns) <= max_age_s * 1e9;
}

}  // namespace

SentimentEngine::SentimentEngine(SentimentConfig cfg, time::Calendar calendar)
    : cfg_(std::move(cfg)), calendar_(std::move(calendar)), zone_(calendar_.zone()), days_(zone_) {}

SentimentEngine::Underlying& SentimentEngine::underlying(std::string_view name) {
    auto it = underlyings_.find(name);
    if (it == underlyings_.end()) {
        it = underlyings_.emplace(std::string(name), Underlying{}).first;
        it->second.velocity = PcrVelocity(cfg_.velocity_window_minutes);
    }
    return it->second;
}

void SentimentEngine::note_day(time::Date d) {
    if (!day_ || d > *day_) day_ = d;
}

bool SentimentEngine::follows(std::string_view symbol) const {
    // Only the underlyings the analytics follow (a chain seen, or history kept) get closes:
    // a stream's many stocks would otherwise fill the state file.
    return symbol == cfg_.vix_symbol || underlyings_.contains(symbol) || history_.contains(symbol);
}

void SentimentEngine::on_price(const std::string& symbol, time::Timestamp known_at, double price) {
    if (symbol == cfg_.vix_symbol) {
        vix_ = price;
        vix_t_ = known_at;
        return;
    }
    if (!(price > 0) || !std::isfinite(price)) return;
    const time::Date d = days_(known_at);
    history_[symbol].close.set(d, price);
    underlying(symbol).bar_close_day = d;
}

bool SentimentEngine::observe(const event::Event& e, event::Event& out) {
    if (!e.env.timestamp) return false;
    const time::Timestamp t = *e.env.timestamp;
    switch (e.env.kind) {
        case event::Kind::Candle: {
            // A bar is known at its close (time::bar_close: a daily bar's is the session's);
            // its day is that of its open.
            if (instrument::underlying_of(e.env.symbol) != e.env.symbol) return false;
            note_day(days_(t));
            // Asked before the bar is read: on sos-feed's deciding thread the bar of a stock
            // not followed is a cache line written by a decoding worker that nothing else there
            // reads (a measurable part of replay's deciding thread).
            if (!follows(e.env.symbol)) return false;
            const auto& k = *e.as<event::Candle>();
            if (e.env.symbol == cfg_.vix_symbol) {
                vix_ = k.c;
                vix_t_ = time::bar_close(t, k.tf, &calendar_);
                return false;
            }
            on_price(e.env.symbol, t, k.c);
            return false;
        }
        case event::Kind::Tick: {
            if (instrument::underlying_of(e.env.symbol) != e.env.symbol) return false;
            note_day(days_(t));
            if (follows(e.env.symbol)) on_price(e.env.symbol, t, e.as<event::Tick>()->ltp);
            return false;
        }
        case event::Kind::Breadth: {
            auto& u = underlying(instrument::underlying_of(e.env.symbol));
            u.breadth = *e.as<event::Breadth>();
            u.breadth_t = t;
            return false;
        }
        case event::Kind::OptionChain: {
            const auto& ch = *e.as<event::OptionChain>();
            // The bridge's OI-change chains carry neither: nothing here can be computed from them.
            if (!ch.expiry || !ch.spot || !std::isfinite(*ch.spot) || *ch.spot <= 0) return false;
            note_day(days_(t));
            on_chain(e, ch, out);
            return true;
        }
        default:
            return false;
    }
}

void SentimentEngine::on_chain(const event::Event& e, const event::OptionChain& ch, event::Event& out) {
    const time::Timestamp t = *e.env.timestamp;
    const time::Date today = zone_.local_date(t);
    const std::string name(instrument::underlying_of(e.env.symbol));
    Underlying& u = underlying(name);
    UnderlyingHistory& hist = history_[name];
    const double spot = *ch.spot;

    if (*ch.expiry >= today) {
        ladder_.build(ch);
        ExpiryFigures f;
        f.t = t;
        f.pcr = put_call_ratios(ladder_);
        f.walls = oi_walls(ladder_, spot, cfg_.walls);
        f.max_pain = max_pain(ladder_, spot);
        const double years = years_to_expiry(*ch.expiry, t, zone_, cfg_.expiry_close_seconds);
        AtmIv atm = atm_iv(ladder_, spot, years, cfg_.iv);
        f.atm_iv = atm.iv;
        if (!atm.iv)
            diag::debug("{} {}: no ATM IV at {}: {}", name, time::format_date(*ch.expiry),
                        time::to_epoch_string(t), atm.why);
        if (atm.iv) f.skew = skew(ladder_, atm.forward, years, cfg_.iv).ratio;
        u.expiries[*ch.expiry] = f;
    }
    std::erase_if(u.expiries, [&](const auto& kv) { return kv.first < today; });

    const ExpiryFigures* front = nullptr;
    const ExpiryFigures* next = nullptr;
    std::optional<time::Date> front_expiry;
    for (const auto& [expiry, f] : u.expiries) {
        if (!fresh(f.t, t, cfg_.chain_max_age_s)) continue;
        if (!front) {
            front = &f;
            front_expiry = expiry;
        } else if (!next) {
            next = &f;
        }
    }
    const bool this_is_front = front && front_expiry == ch.expiry;

    if (this_is_front && front->pcr.oi) {
        if (u.velocity_expiry != front_expiry || u.velocity_day != today) {
            u.velocity.reset();
            u.velocity_expiry = front_expiry;
            u.velocity_day = today;
        }
        u.velocity_value = u.velocity.add(t, *front->pcr.oi);
    }
    if (this_is_front && front->atm_iv) hist.atm_iv.set(today, *front->atm_iv);
    // Without bars or ticks of the underlying, the spot of the day's last chain is its close.
    if (u.bar_close_day != today) hist.close.set(today, spot);

    out.env = event::Envelope{};
    out.env.kind = event::Kind::Sentiment;
    out.env.timestamp = t;
    out.env.symbol = name;
    out.env.exchange = e.env.exchange;
    out.env.src = src_.empty() ? e.env.src : src_;
    out.env.hist = e.env.hist;
    out.env.true_regime = e.env.true_regime;
    auto& s = out.body.emplace<event::Sentiment>();
    if (front) {
        s.pcr = rounded(front->pcr.oi, 1e4);
        s.pcr_volume = rounded(front->pcr.volume, 1e4);
        if (front->pcr.oi && u.velocity_expiry == front_expiry && u.velocity_day == today)
            s.pcr_velocity = rounded(u.velocity_value, 1e6);
        s.oi_wall_above = front->walls.above;
        s.oi_wall_below = front->walls.below;
        s.max_pain = front->max_pain;
        s.iv = rounded(front->atm_iv, 1e6);
        s.skew = rounded(front->skew, 1e4);
        if (front->atm_iv) {
            hist.atm_iv.before(today, cfg_.iv_lookback_days, scratch_);
            s.iv_rank = rounded(iv_rank(*front->atm_iv, scratch_, cfg_.iv_min_days), 1e2);
            s.iv_percentile = rounded(iv_percentile(*front->atm_iv, scratch_, cfg_.iv_min_days), 1e2);
        }
        if (next && front->atm_iv && next->atm_iv && *next->atm_iv > 0)
            s.term = rounded(*front->atm_iv / *next->atm_iv, 1e4);
    }
    if (u.breadth && fresh(u.breadth_t, t, cfg_.breadth_max_age_s)) {
        s.breadth_adv = u.breadth->adv;
        s.breadth_dec = u.breadth->dec;
    }
    hist.close.before(today, cfg_.hv_days + 1, scratch_);
    s.hv = rounded(historical_vol(scratch_, cfg_.hv_min_returns, cfg_.hv_periods_per_year), 1e6);
    if (vix_ && fresh(vix_t_, t, cfg_.vix_max_age_s)) s.vix = vix_;

    const std::size_t keep = std::max(cfg_.iv_lookback_days, cfg_.hv_days + 1) + 5;
    hist.atm_iv.trim(keep);
    hist.close.trim(keep);
}

}  // namespace sos::sentiment
