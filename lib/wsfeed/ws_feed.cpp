#include "wsfeed/ws_feed.hpp"

#include <array>
#include <cctype>

namespace sos::wsfeed {

namespace {

bool is_market(event::Kind k) {
    using event::Kind;
    return k == Kind::Tick || k == Kind::Candle || k == Kind::OptionChain || k == Kind::Breadth ||
           k == Kind::Sentiment;
}

// Types servers use for keep-alives and acknowledgements, in any case.
bool is_liveness(std::string_view type) {
    static constexpr std::array<std::string_view, 14> kTypes = {
        "HEARTBEAT",  "PING",          "PONG",         "KEEPALIVE",    "KEEP_ALIVE", "WELCOME", "CONNECTED",
        "SUBSCRIBED", "SUBSCRIBE_ACK", "SUBSCRIPTION", "UNSUBSCRIBED", "STATUS",     "INFO",    "ACK"};
    std::string upper;
    for (char ch : type)
        upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    for (auto t : kTypes)
        if (t == upper) return true;
    return false;
}

// A placeholder the bridge sends for a figure it does not compute.
void drop_zero(event::OptNum& x) {
    if (x && *x == 0) x.reset();
}

// Lays an update over the merged state, field by field as readers merge them; true when a
// field it carries changed.
bool merge(event::Sentiment& merged, const event::Sentiment& u) {
    using S = event::Sentiment;
    static constexpr event::OptNum S::*kFields[] = {&S::pcr,           &S::pcr_volume,    &S::pcr_velocity,
                                                    &S::breadth_adv,   &S::breadth_dec,   &S::oi_wall_above,
                                                    &S::oi_wall_below, &S::max_pain,      &S::iv,
                                                    &S::iv_rank,       &S::iv_percentile, &S::hv,
                                                    &S::skew,          &S::term,          &S::vix};
    bool changed = false;
    for (auto f : kFields)
        if (u.*f && merged.*f != u.*f) merged.*f = u.*f, changed = true;
    if (u.regime && merged.regime != u.regime) merged.regime = u.regime, changed = true;
    return changed;
}

}  // namespace

std::map<std::string, std::string, std::less<>> seed_bridge_aliases() {
    return {{"NIFTY_BANK", "BANKNIFTY"}, {"NIFTY_50", "NIFTY"}, {"NIFTY_FIN_SERVICE", "FINNIFTY"}};
}

WsFeed::WsFeed(WsFeedOptions options, const time::Calendar& calendar)
    : opts_(std::move(options)), src_("ws:" + opts_.name), snapshots_(calendar, opts_.grace_s) {}

void WsFeed::note_once(WsMessageKind kind, std::string_view type, std::string message) {
    std::string key = std::to_string(static_cast<int>(kind)) + ":" + std::string(type);
    if (!noted_.insert(key).second) return;
    notes_.push_back(WsNote{kind, std::string(type), std::move(message)});
}

void WsFeed::emit(event::Event&& e) {
    if (const auto* k = e.as<event::Candle>(); k && !e.env.hist && e.env.timestamp) {
        auto key = std::make_pair(e.env.symbol, k->tf.seconds);
        auto it = written_.find(key);
        if (it != written_.end() && *e.env.timestamp <= it->second) {
            ++counts_.duplicates;
            return;
        }
        written_[key] = *e.env.timestamp;
    }
    ready_.push_back(std::move(e));
}

void WsFeed::emit_bars() {
    for (auto& bar : snapshots_.ready())
        emit(std::move(bar));
    snapshots_.ready().clear();
}

void WsFeed::bridge_sentiment(event::Event& e) {
    auto& s = *e.as<event::Sentiment>();
    // NIFTY's PCR and the market's regime, whichever symbol's message carried them.
    e.env.symbol.clear();
    e.env.exchange.clear();
    drop_zero(s.pcr_velocity);
    drop_zero(s.oi_wall_above);
    drop_zero(s.oi_wall_below);
    // It repeats the same figures with every symbol's update: written when one changes.
    if (!merge(sentiment_, s)) {
        ++counts_.sentiment_repeats;
        return;
    }
    emit(std::move(e));
}

void WsFeed::market(event::Event& e, time::Timestamp now) {
    if (auto a = opts_.aliases.find(e.env.symbol); a != opts_.aliases.end()) e.env.symbol = a->second;
    // The bridge's sentiment is market-wide whichever symbol's message carried it.
    const bool market_wide = opts_.profile == WsProfile::SeedBridge && e.as<event::Sentiment>();
    if (!market_wide && !opts_.symbols.empty() && !e.env.symbol.empty() &&
        !opts_.symbols.count(e.env.symbol)) {
        ++counts_.other_symbols;
        return;
    }
    if (e.env.exchange.empty())
        if (auto x = opts_.exchanges.find(e.env.symbol); x != opts_.exchanges.end())
            e.env.exchange = x->second;
    e.env.src = src_;
    ++counts_.market;
    const bool bridge = opts_.profile == WsProfile::SeedBridge;
    if (auto* ch = e.as<event::OptionChain>(); ch && (!ch->expiry || !ch->spot)) {
        // The bridge's OPTION_CHAIN_UPDATE form: no canonical OPTION_CHAIN can be written from it.
        ++counts_.chains_dropped;
        note_once(WsMessageKind::Ignored, "OPTION_CHAIN_UPDATE",
                  "an option chain without expiry and spot has no OPTION_CHAIN form: not written");
        return;
    }
    if (bridge && e.as<event::Candle>()) {
        snapshots_.add(e, now);
        emit_bars();
        return;
    }
    if (bridge && e.as<event::Sentiment>()) {
        bridge_sentiment(e);
        return;
    }
    emit(std::move(e));
}

WsMessageKind WsFeed::take(std::string_view message, bool binary, time::Timestamp now) {
    ++counts_.messages;
    if (binary) {
        advance(now);
        ++counts_.bad;
        notes_.push_back(WsNote{WsMessageKind::Bad, {}, "a binary frame, not JSON text: skipped"});
        return WsMessageKind::Bad;
    }
    if (!decoder_.decode(message, list_)) {
        advance(now);
        ++counts_.bad;
        notes_.push_back(
            WsNote{WsMessageKind::Bad, std::string(decoder_.type()), decoder_.error().message()});
        return WsMessageKind::Bad;
    }
    // The message's own time closes what it has passed before it is read, as the clock would
    // have had it come at its time (a caller's clock may lag a stream played fast).
    time::Timestamp at = now;
    for (const event::Event& e : list_)
        if (is_market(e.env.kind) && !e.env.hist && e.env.timestamp && *e.env.timestamp > at)
            at = *e.env.timestamp;
    if (at > now) last_time_ = at;
    advance(at);
    for (const auto& err : decoder_.element_errors())
        notes_.push_back(WsNote{WsMessageKind::Bad, err.type, err.message()});
    const std::string type(decoder_.type());
    if (decoder_.kind() == event::Kind::Unknown && is_liveness(type)) {
        ++counts_.liveness;
        return WsMessageKind::Liveness;
    }
    bool any_market = false;
    for (event::Event& e : list_) {
        if (is_market(e.env.kind)) {
            market(e, at);
            any_market = true;
            continue;
        }
        ++counts_.ignored;
        std::string name = e.env.kind == event::Kind::Unknown ? e.env.unknown_type
                                                              : std::string(event::type_name(e.env.kind));
        note_once(WsMessageKind::Ignored, name, "type '" + name + "' is not market data: not written");
    }
    return any_market ? WsMessageKind::Market : WsMessageKind::Ignored;
}

void WsFeed::advance(time::Timestamp now) {
    if (opts_.profile != WsProfile::SeedBridge) return;
    snapshots_.advance(now);
    emit_bars();
}

void WsFeed::finish() {
    snapshots_.finish();
    emit_bars();
}

WsFeed::Counts WsFeed::counts() const {
    Counts c = counts_;
    c.snapshots = snapshots_.counts();
    return c;
}

}  // namespace sos::wsfeed
