#include "event/validate.hpp"

#include <fmt/format.h>
#include <array>
#include <cmath>

namespace sos::event {

namespace {

using Problem = std::optional<FieldProblem>;

Problem problem(std::string field, std::string reason) {
    return FieldProblem{std::move(field), std::move(reason)};
}

Problem non_negative(const OptNum& v, const char* field) {
    if (v && *v < 0) return problem(field, "must not be negative");
    return std::nullopt;
}

// A price is above zero: zero or below is a placeholder or a sign error, never a level to
// trade at. (A number that is not finite never gets this far: the field readers refuse it.)
Problem positive(const OptNum& v, const char* field) {
    if (v && !(*v > 0)) return problem(field, "must be positive");
    return std::nullopt;
}

Problem one_of(const std::string& v, const char* field, std::initializer_list<std::string_view> allowed) {
    for (auto a : allowed)
        if (v == a) return std::nullopt;
    std::string list;
    for (auto a : allowed)
        list.append(list.empty() ? "" : ", ").append(a);
    return problem(field, "'" + v + "' is not one of " + list);
}

Problem check(const Tick& t) {
    if (t.ltp <= 0) return problem("ltp", "must be positive");
    if (auto p = non_negative(t.volume, "volume")) return p;
    if (auto p = non_negative(t.oi, "oi")) return p;
    if (auto p = non_negative(t.bid, "bid")) return p;
    if (auto p = non_negative(t.ask, "ask")) return p;
    if (auto p = non_negative(t.bid_qty, "bid_qty")) return p;
    return non_negative(t.ask_qty, "ask_qty");
}

Problem check(const Candle& k) {
    if (k.h < k.l) return problem("", "h < l");
    // A price of zero or below is a feed's placeholder or a sign error, never a trade.
    if (k.l <= 0) return problem("l", "must be positive");
    if (k.o < k.l || k.o > k.h) return problem("", "o outside [l, h]");
    if (k.c < k.l || k.c > k.h) return problem("", "c outside [l, h]");
    if (k.v < 0) return problem("v", "negative volume");
    return non_negative(k.oi, "oi");
}

Problem check_leg(const OptionLeg& leg, std::string at) {
    if (leg.ltp && *leg.ltp < 0) return problem(at + ".ltp", "must not be negative");
    if (leg.oi && *leg.oi < 0) return problem(at + ".oi", "must not be negative");
    if (leg.volume && *leg.volume < 0) return problem(at + ".volume", "must not be negative");
    if (leg.iv && *leg.iv < 0) return problem(at + ".iv", "must not be negative");
    return std::nullopt;
}

Problem check(const OptionChain& ch, bool bridge_form) {
    if (ch.spot && *ch.spot <= 0) return problem("spot", "must be positive");
    if (ch.lot_size && (*ch.lot_size <= 0 || *ch.lot_size != std::floor(*ch.lot_size)))
        return problem("lot_size", "must be a positive whole number");
    // The registry's own bound (data/instruments.json): a size is counted in whole lots.
    if (ch.lot_size && *ch.lot_size > 1'000'000) return problem("lot_size", "must be at most 1000000");
    for (std::size_t i = 0; i < ch.strikes.size(); ++i) {
        const auto& row = ch.strikes[i];
        std::string at = "strikes[" + std::to_string(i) + "]";
        if (row.strike <= 0) return problem(at + ".strike", "must be positive");
        if (!bridge_form) {
            if (row.has_ce && (!row.ce.ltp || !row.ce.oi)) return problem(at + ".ce", "needs ltp and oi");
            if (row.has_pe && (!row.pe.ltp || !row.pe.oi)) return problem(at + ".pe", "needs ltp and oi");
        }
        if (row.has_ce)
            if (auto p = check_leg(row.ce, at + ".ce")) return p;
        if (row.has_pe)
            if (auto p = check_leg(row.pe, at + ".pe")) return p;
    }
    return std::nullopt;
}

Problem check(const Breadth& b) {
    if (b.adv < 0) return problem("adv", "must not be negative");
    if (b.dec < 0) return problem("dec", "must not be negative");
    return non_negative(b.unchanged, "unchanged");
}

Problem check(const Sentiment& m) {
    if (auto p = non_negative(m.pcr, "pcr")) return p;
    if (auto p = non_negative(m.pcr_volume, "pcr_volume")) return p;
    if (auto p = non_negative(m.breadth_adv, "breadth.adv")) return p;
    if (auto p = non_negative(m.breadth_dec, "breadth.dec")) return p;
    if (auto p = non_negative(m.iv, "iv")) return p;
    if (auto p = non_negative(m.hv, "hv")) return p;
    if (auto p = non_negative(m.vix, "vix")) return p;
    if (m.iv_rank && (*m.iv_rank < 0 || *m.iv_rank > 100)) return problem("iv_rank", "must lie in [0, 100]");
    if (m.iv_percentile && (*m.iv_percentile < 0 || *m.iv_percentile > 100))
        return problem("iv_percentile", "must lie in [0, 100]");
    return std::nullopt;
}

Problem check(const SignalFields& f) {
    if (!f.side) return problem("side", vocab::not_one_of<vocab::Side>(""));
    if (auto p = one_of(f.kind, "kind", {"pattern", "options"})) return p;
    if (auto p = non_negative(f.risk, "risk")) return p;
    if (auto p = non_negative(f.tp_mult, "tp_mult")) return p;
    return non_negative(f.quantity_mod, "quantity_mod");
}

// A stop on the far side of the entry, or a target behind it, would close the trade the moment
// it opened (or never protect it): a sign error or a strategy's mistake, never an order. A stop
// at the entry is left to sos-risk, which refuses a signal without risk to size from.
Problem level_side(const OptNum& level, double entry, bool buy, bool stop, const char* field) {
    if (!level) return std::nullopt;
    const bool below = *level < entry;
    const bool above = *level > entry;
    if (stop ? (buy ? !above : !below) : (buy ? !below : !above)) return std::nullopt;
    return problem(
        field, fmt::format("{} is {} the entry {}: a {}'s {} lies {} it", *level, above ? "above" : "below",
                           entry, buy ? "BUY" : "SELL", stop ? "stop" : "target", above ? "below" : "above"));
}

// The levels a SIGNAL asks sos-risk to trade at.
Problem check_levels(const SignalFields& f) {
    if (auto p = positive(f.entry, "entry")) return p;
    if (auto p = positive(f.sl, "sl")) return p;
    if (auto p = positive(f.tp, "tp")) return p;
    if (!f.entry || !f.side) return std::nullopt;
    const bool buy = *f.side == vocab::Side::Buy;
    if (auto p = level_side(f.sl, *f.entry, buy, true, "sl")) return p;
    return level_side(f.tp, *f.entry, buy, false, "tp");
}

Problem check(const Order& o) {
    if (o.legs.empty()) {
        if (!o.side) return problem("side", vocab::not_one_of<vocab::Side>(""));
        if (o.qty <= 0) return problem("qty", "must be positive");
    }
    // A price the order type does not use may be 0 (OpenAlgo writes "0" for none); one it uses,
    // and every stop and target, is a price to fill at.
    const bool limit = vocab::needs_limit_price(o.order_type);
    const bool stop = vocab::needs_trigger_price(o.order_type);
    if (o.price && (limit || *o.price != 0))
        if (auto p = positive(o.price, "price")) return p;
    if (o.trigger_price && (stop || *o.trigger_price != 0))
        if (auto p = positive(o.trigger_price, "trigger_price")) return p;
    if (stop && !o.trigger_price)  // sos-exec then triggers at the price
        if (auto p = positive(o.price, "price")) return p;
    if (auto p = positive(o.sl, "sl")) return p;
    if (auto p = positive(o.tp, "tp")) return p;
    if (o.trail && *o.trail < 0) return problem("trail", "must not be negative");
    for (std::size_t i = 0; i < o.legs.size(); ++i)
        if (o.legs[i].qty <= 0) return problem("legs[" + std::to_string(i) + "].qty", "must be positive");
    return std::nullopt;
}

Problem check(const Reject& r) {
    if (auto p = one_of(r.stage, "stage", {"match", "risk", "exec", "feed", "journal"})) return p;
    if (r.reason.empty()) return problem("reason", "must not be empty");
    return std::nullopt;
}

Problem check(const OrderUpdate& u) {
    if (u.filled_qty < 0) return problem("filled_qty", "must not be negative");
    return std::nullopt;
}

Problem check(const Fill& f) {
    if (f.qty <= 0) return problem("qty", "must be positive");
    if (f.price < 0) return problem("price", "must not be negative");
    return non_negative(f.fees, "fees");
}

Problem check(const Exit& x) {
    if (x.qty <= 0) return problem("qty", "must be positive");
    if (x.price < 0) return problem("price", "must not be negative");
    return std::nullopt;
}

Problem check(const Alert& a) {
    return one_of(a.level, "level", {"info", "warn", "crit"});
}

Problem check(const Control& k) {
    return one_of(k.command, "command", {"pause", "resume", "stop", "kill", "reload", "reset"});
}

}  // namespace

std::optional<FieldProblem> validate(const Event& e) {
    const Kind k = e.env.kind;
    if (k == Kind::Unknown) return std::nullopt;
    if (requires_timestamp(k) && !e.env.timestamp) return problem("timestamp", "missing");
    if (requires_symbol(k) && e.env.symbol.empty()) return problem("symbol", "missing");
    // A SYNC is answered by its number: without one nothing could acknowledge it.
    if (k == Kind::Sync) {
        if (!e.env.seq) return problem("seq", "missing");
        if (*e.env.seq < 0) return problem("seq", "must not be negative");
    }
    return std::visit(
        [&](const auto& body) -> Problem {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return std::nullopt;
            else if constexpr (std::is_same_v<T, OptionChain>)
                return check(body, !body.expiry);
            else if constexpr (std::is_same_v<T, RegimeUpdate>)
                return std::nullopt;
            else if constexpr (std::is_same_v<T, Signal>) {
                if (auto p = check(body.f)) return p;
                return check_levels(body.f);
            } else if constexpr (std::is_same_v<T, Reject>) {
                if (auto p = check(body)) return p;
                if (body.has_signal_fields && body.f.side) return check(body.f);
                return std::nullopt;
            } else if constexpr (std::is_same_v<T, Position> || std::is_same_v<T, Health> ||
                                 std::is_same_v<T, Trace>)
                return std::nullopt;
            else
                return check(body);
        },
        e.body);
}

}  // namespace sos::event
