#include "strategy/market_state.hpp"
#include "instrument/symbology.hpp"

namespace sos::strategy {

int MarketState::index(std::string_view underlying) {
    if (auto it = index_.find(underlying); it != index_.end()) return it->second;
    const int i = static_cast<int>(ctx_.size());
    ctx_.push_back(market_);
    names_.emplace_back(underlying);
    index_.emplace(std::string(underlying), i);
    return i;
}

void merge_sentiment(Context& c, const event::Sentiment& s) {
    auto set = [&](int field, const event::OptNum& v) {
        if (v) c.sentiment[static_cast<std::size_t>(field)] = *v;
    };
    set(expr::kPcr, s.pcr);
    set(expr::kPcrVelocity, s.pcr_velocity);
    set(expr::kBreadthAdv, s.breadth_adv);
    set(expr::kBreadthDec, s.breadth_dec);
    set(expr::kOiWallAbove, s.oi_wall_above);
    set(expr::kOiWallBelow, s.oi_wall_below);
    set(expr::kIv, s.iv);
    set(expr::kIvRank, s.iv_rank);
    set(expr::kIvPercentile, s.iv_percentile);
    set(expr::kHv, s.hv);
    set(expr::kSkew, s.skew);
    set(expr::kTerm, s.term);
    set(expr::kVix, s.vix);
    set(expr::kMaxPain, s.max_pain);
    if (s.regime && !c.regime_from_line) c.regime = s.regime;
}

namespace {
void set_regime(Context& c, vocab::Regime r) {
    c.regime = r;
    c.regime_from_line = true;
}
}  // namespace

void MarketState::apply(const event::Event& e) {
    const bool wide = e.env.symbol.empty();
    if (const auto* s = e.as<event::Sentiment>()) {
        if (wide) {
            merge_sentiment(market_, *s);
            for (auto& c : ctx_)
                merge_sentiment(c, *s);
        } else {
            merge_sentiment(at(index(instrument::underlying_of(e.env.symbol))), *s);
        }
    } else if (const auto* r = e.as<event::RegimeUpdate>()) {
        if (wide) {
            set_regime(market_, r->regime);
            for (auto& c : ctx_)
                set_regime(c, r->regime);
        } else {
            set_regime(at(index(instrument::underlying_of(e.env.symbol))), r->regime);
        }
    }
}

}  // namespace sos::strategy
