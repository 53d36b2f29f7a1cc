// Instrument choice, the sizing chain and the ORDER lines of an approved signal.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "event/json_writer.hpp"
#include "instrument/registry.hpp"
#include "instrument/symbology.hpp"
#include "money/paise.hpp"
#include "options/expiry.hpp"
#include "options/structures.hpp"
#include "risk/decision.hpp"

namespace sos::risk {

namespace {

// The largest count of units a sizing step states: every whole number up to 2^53 is exact in
// a double, and no exchange takes an order anywhere near it.
constexpr double kMaxSizingUnits = 9007199254740992.0;

struct Step {
    std::string name;
    std::int64_t units;
};

struct Leg {
    std::string symbol;
    vocab::Side action = vocab::Side::Buy;
    vocab::OptionRight option_type = vocab::OptionRight::Call;
    std::string offset;
    int expiry_offset = 0;
    double strike = 0;
    money::Paise price;
};

money::Paise magnitude(money::Paise p) {
    return p.value < 0 ? -p : p;
}

// The listed strike `offset` away from the money: OTM is up for calls, down for puts.
std::optional<std::size_t> strike_at(const ChainView& ch, std::string_view offset, bool call) {
    if (ch.strikes.empty()) return std::nullopt;
    std::size_t atm = 0;
    for (std::size_t i = 1; i < ch.strikes.size(); ++i)
        if (std::fabs(ch.strikes[i].strike - ch.spot) < std::fabs(ch.strikes[atm].strike - ch.spot)) atm = i;
    long k = 0;
    if (offset.starts_with("OTM"))
        k = std::strtol(std::string(offset.substr(3)).c_str(), nullptr, 10);
    else if (offset.starts_with("ITM"))
        k = -std::strtol(std::string(offset.substr(3)).c_str(), nullptr, 10);
    else if (offset != "ATM")
        return std::nullopt;
    long idx = static_cast<long>(atm) + (call ? k : -k);
    if (idx < 0 || idx >= static_cast<long>(ch.strikes.size())) return std::nullopt;
    return static_cast<std::size_t>(idx);
}

const ChainView* nth_expiry(const std::map<std::int64_t, ChainView>& chains, int n) {
    if (n < 0 || n >= static_cast<int>(chains.size())) return nullptr;
    return &std::next(chains.begin(), n)->second;
}

// A structure's legs found in the underlying's chains (the signal's own, or its structure's
// default), each priced at its quote to the paisa; nothing and `why` when one cannot be.
std::optional<std::vector<Leg>> resolve_legs(const std::map<std::int64_t, ChainView>* chains,
                                             const std::string& u, const event::SignalFields& f,
                                             std::optional<Rejection>& why) {
    auto wanted = f.legs.empty() && f.structure
                      ? options::default_legs(*f.structure, f.side.value_or(vocab::Side::Buy))
                      : f.legs;
    if (!chains || wanted.empty()) {
        why = Rejection{"INSTRUMENT", fmt::format("no option chain for {} yet, or no legs for {}", u,
                                                  f.structure.value_or("the structure"))};
        return std::nullopt;
    }
    std::vector<Leg> legs;
    for (const auto& w : wanted) {
        const ChainView* ch = nth_expiry(*chains, w.expiry_offset);
        const bool call = w.option_type == vocab::OptionRight::Call;
        auto idx = ch ? strike_at(*ch, w.offset, call) : std::nullopt;
        if (!idx) {
            why = Rejection{"INSTRUMENT",
                            fmt::format("no {} {} strike in {}'s chain (expiry offset {})", w.offset,
                                        vocab::name(w.option_type), u, w.expiry_offset)};
            return std::nullopt;
        }
        const auto& row = ch->strikes[*idx];
        const auto& quote = call ? row.ce : row.pe;
        if (!quote.ltp || *quote.ltp <= 0) {
            why = Rejection{"INSTRUMENT", fmt::format("no price for the {} {} {} leg", row.strike,
                                                      vocab::name(w.option_type), w.offset)};
            return std::nullopt;
        }
        legs.push_back({instrument::format_option(u, ch->expiry, row.strike, w.option_type), w.action,
                        w.option_type, w.offset, w.expiry_offset, row.strike,
                        money::Paise::from_price(*quote.ltp)});
    }
    return legs;
}

// What one unit of a structure costs and puts at risk, exact in paise: its premiums and its
// wings added up as money, so a credit as wide as the wings leaves exactly nothing at risk
// (as doubles, 206.15 - 256.15 + 50 is 2.8e-14).
struct StructureTerms {
    money::Paise value;   // premium paid per unit (received: below zero)
    money::Paise widest;  // the widest wing: a short and a long strike of one right
    money::Paise losing;  // the widest wing sold nearer the money, the only kind that can lose
    money::Paise risk;    // the losing wing plus the premium paid; naked: a multiple of the credit
};

// A vertical loses its width at expiry only when its short strike is the nearer the money (a
// call sold below the one bought, a put sold above): a credit spread. Bought the other way (a
// debit spread) the width is what it can gain, and the most it loses is the debit.
bool wing_can_lose(vocab::OptionRight right, money::Paise short_strike, money::Paise long_strike) {
    return right == vocab::OptionRight::Call ? short_strike < long_strike : short_strike > long_strike;
}

StructureTerms structure_terms(const std::vector<Leg>& legs, std::string_view kind,
                               double naked_risk_multiple) {
    StructureTerms t;
    std::map<vocab::OptionRight, std::pair<money::Paise, money::Paise>> shorts_longs;  // short, long strike
    for (const auto& leg : legs) {
        t.value += leg.price * vocab::sign(leg.action);
        auto& sl = shorts_longs[leg.option_type];
        (leg.action == vocab::Side::Sell ? sl.first : sl.second) = money::Paise::from_price(leg.strike);
    }
    for (const auto& [type, sl] : shorts_longs)
        if (sl.first.value > 0 && sl.second.value > 0) {
            t.widest = std::max(t.widest, magnitude(sl.first - sl.second));
            if (wing_can_lose(type, sl.first, sl.second))
                t.losing = std::max(t.losing, magnitude(sl.first - sl.second));
        }
    const bool naked =
        t.widest.value == 0 || kind == "JADE_LIZARD" || kind == "SHORT_STRANGLE" || kind == "SHORT_STRADDLE";
    // A naked structure's multiple of its credit is taken to the nearest paisa.
    t.risk =
        naked
            ? money::Paise{std::llround(naked_risk_multiple * static_cast<double>(magnitude(t.value).value))}
            : t.losing + t.value;
    return t;
}

std::string steps_json(const std::vector<Step>& steps, std::int64_t lot) {
    std::string out;
    event::JsonWriter w(out);
    for (const auto& s : steps)
        w.integer(s.name, s.units);
    w.integer("lot_size", lot);
    out.push_back('}');
    return out;
}

}  // namespace

std::vector<event::Event> Decision::orders_for(const event::Event& e, std::optional<Rejection>& why) {
    const auto& sig = *e.as<event::Signal>();
    const auto& f = sig.f;
    const std::string u(instrument::underlying_of(e.env.symbol));
    const RegimeView& rv = book_.regime(u);
    const double budget = cfg_.capital * cfg_.risk_per_trade;
    std::vector<Step> steps;
    std::vector<Leg> legs;
    std::string symbol = e.env.symbol;
    double risk_per_unit = 0, price_per_unit = 0;
    money::Paise structure_risk;  // exact, where there is a structure
    const bool structure = f.kind == "options";

    if (structure) {
        auto resolved = resolve_legs(book_.chains(u), u, f, why);
        if (!resolved) return {};
        legs = std::move(*resolved);
        const StructureTerms terms =
            structure_terms(legs, f.structure.value_or(""), cfg_.naked_risk_multiple);
        if (terms.risk.value <= 0) {
            why = Rejection{"INSTRUMENT",
                            fmt::format("the chain's prices leave {} without risk to size from (credit {}, "
                                        "wings {} wide): stale or crossed prices",
                                        f.structure.value_or("the structure"), (-terms.value).to_string(),
                                        terms.widest.to_string())};
            return {};
        }
        structure_risk = terms.risk;
        risk_per_unit = terms.risk.rupees();
        price_per_unit = magnitude(terms.value).rupees();
        symbol = legs.front().symbol;
    } else {
        if (!f.risk || *f.risk <= 0 || !f.entry) {
            why = Rejection{"SIZE_ZERO", "the signal has no risk per unit to size from"};
            return {};
        }
        price_per_unit = *f.entry;
        risk_per_unit = *f.risk;
        const InstrumentChoice choice = cfg_.choice_for(u);
        if (choice == InstrumentChoice::AtmOption) {
            const auto* chains = book_.chains(u);
            const ChainView* ch = chains ? nth_expiry(*chains, 0) : nullptr;
            const bool call = f.side == vocab::Side::Buy;  // a SELL signal buys the ATM put
            auto idx = ch ? strike_at(*ch, "ATM", call) : std::nullopt;
            if (!idx) {
                why = Rejection{"INSTRUMENT",
                                fmt::format("no option chain for {} yet to choose the ATM option", u)};
                return {};
            }
            const auto& row = ch->strikes[*idx];
            const auto& quote = call ? row.ce : row.pe;
            symbol = instrument::format_option(u, ch->expiry, row.strike,
                                               call ? vocab::OptionRight::Call : vocab::OptionRight::Put);
            const double delta = quote.delta ? std::fabs(*quote.delta) : cfg_.atm_option_delta;
            risk_per_unit *= delta > 0 ? delta : cfg_.atm_option_delta;
            price_per_unit = quote.ltp.value_or(0);
        } else if (choice == InstrumentChoice::Future) {
            auto rule = options::expiry_rule_for(u);
            auto monthly = rule ? options::nearest_expiries(*rule, cfg_.calendar->local_date(e.time()),
                                                            *cfg_.calendar, 1)
                                : std::vector<time::Date>{};
            if (monthly.empty()) {
                why = Rejection{"INSTRUMENT", "no expiry known for " + u + "'s future"};
                return {};
            }
            symbol = instrument::format_future(u, monthly.front());
        }
    }
    auto inst = cfg_.instruments.find(symbol);
    if (!inst && structure) inst = cfg_.instruments.find(u);
    if (inst && inst->lot_size <= 0) inst.reset();
    if (!inst) {
        // Lot sizes change (NIFTY went from 75 to 65): a size is never guessed.
        const auto* chains = book_.chains(u);
        const ChainView* ch = chains ? nth_expiry(*chains, 0) : nullptr;
        if (ch && ch->lot_size && symbol != u) {
            inst = instrument::Instrument{};
            inst->lot_size = *ch->lot_size;
        }
    }
    if (!inst) {
        why = Rejection{"LOT_SIZE", "lot size of " + symbol +
                                        " is unknown (configure it or stream a chain that carries it)"};
        return {};
    }
    const std::int64_t lot = inst->lot_size;

    // The sizing chain: every step can only lower the size. Each step is bounded by the one
    // before it while still a double, so a huge quantity_mod or a tiny price never reaches the
    // conversion to an integer out of its range (undefined behaviour).
    auto add = [&](std::string name, double units) {
        double bounded = units > 0 ? units : 0.0;  // NaN too
        if (!steps.empty()) bounded = std::min(bounded, static_cast<double>(steps.back().units));
        steps.push_back({std::move(name), static_cast<std::int64_t>(std::floor(bounded + 1e-9))});
    };
    // The first step has nothing before it: a risk per unit so small that the budget buys more
    // units than a double counts exactly is a stop at the entry, not a size to cap. A
    // structure's budget and risk are money: the units are their exact quotient in paise.
    const double first =
        structure ? static_cast<double>(money::Paise::from_rupees(budget).value / structure_risk.value)
                  : budget / risk_per_unit;
    if (!(first <= kMaxSizingUnits)) {
        why = Rejection{"SIZE_RANGE",
                        fmt::format("a risk of {:g} per unit is too small to size from: the budget of {:.2f} "
                                    "would buy more than 2^53 units (the stop is at the entry)",
                                    risk_per_unit, budget)};
        return {};
    }
    add("risk_budget", first);
    add("quantity_mod", static_cast<double>(steps.back().units) * f.quantity_mod.value_or(1.0));
    if (rv.flags.contains("HALF_SIZE")) add("half_size", static_cast<double>(steps.back().units) / 2.0);
    if (cfg_.vol_target && price_per_unit > 0)
        add("vol_target", cfg_.capital * cfg_.vol_target_fraction / cfg_.instrument_vol / price_per_unit);
    if (cfg_.half_kelly && price_per_unit > 0) {
        const double k = (cfg_.kelly_win_rate - (1 - cfg_.kelly_win_rate) / cfg_.kelly_reward_risk) / 2.0;
        add("half_kelly", k > 0 ? k * cfg_.capital / price_per_unit : 0.0);
    }
    add("max_lots", static_cast<double>(cfg_.max_lots * lot));
    if (price_per_unit > 0)
        add("exposure",
            (cfg_.max_underlying_exposure * cfg_.capital - book_.underlying_notional(u).rupees()) /
                price_per_unit);
    // A manual signal's quantity is a cap: what the rules above allow may be less.
    if (sig.qty) add("asked", static_cast<double>(*sig.qty));
    const std::int64_t units = steps.back().units / lot * lot;  // whole lots, never rounded up
    steps.push_back({"lots", units / lot});
    if (units < lot) {
        why = Rejection{"SIZE_ZERO", fmt::format("sized below one lot of {} ({} units)", lot,
                                                 steps[steps.size() - 2].units)};
        return {};
    }

    // The orders: one per freeze-quantity slice, ids derived from the signal's.
    std::vector<event::Event> out;
    const auto slices = instrument::Registry::freeze_slices(units, *inst);
    Tracked tracked;
    tracked.signal_id = sig.id;
    tracked.strategy = f.pattern_id;
    tracked.symbol = symbol;
    tracked.underlying = u;
    tracked.direction = f.side == vocab::Side::Sell ? -1 : 1;
    tracked.structure = structure;
    tracked.product = cfg_.product;
    tracked.day = cfg_.calendar->local_date(e.time());
    for (std::size_t k = 0; k < slices.size(); ++k) {
        event::Event o;
        o.env.kind = event::Kind::Order;
        o.env.timestamp = e.env.timestamp;
        o.env.symbol = structure ? u : symbol;
        o.env.src = "sos-risk";
        auto& ord = o.body.emplace<event::Order>();
        ord.id = fmt::format("{}#{}", sig.id, k + 1);
        ord.signal_id = sig.id;
        ord.tf = f.tf;
        ord.product = cfg_.product;
        ord.strategy = f.pattern_id;
        ord.underlying = u;
        ord.signal_side = f.side;
        ord.sizing_json = steps_json(steps, lot);
        if (structure) {
            ord.order_type = vocab::OrderType::Market;
            for (const auto& leg : legs)
                ord.legs.push_back(
                    {leg.symbol, leg.action, leg.option_type, leg.offset, leg.expiry_offset, slices[k]});
        } else {
            // An index signal traded as its option buys the call or the put whatever its side.
            const bool option = instrument::kind_of(symbol) == vocab::InstrumentKind::Option;
            ord.side = option ? vocab::Side::Buy : f.side;
            ord.qty = slices[k];
            ord.order_type = cfg_.entry_order_type;
            // Levels an expression computed (47105.200000000004) go out on the exchange's tick
            // grid, as a broker would accept them.
            const money::Paise tick = cfg_.instruments.tick_of(u);
            auto on_tick = [tick](event::OptNum v) -> event::OptNum {
                return v ? event::OptNum(instrument::on_tick(*v, tick)) : v;
            };
            ord.trigger_price = on_tick(f.entry);
            ord.sl = on_tick(f.sl);
            ord.tp = on_tick(f.tp);
            ord.trail = f.trail;
        }
        tracked.order_id = ord.id;
        tracked.qty = slices[k];
        tracked.notional = money::Paise::from_price(price_per_unit) * slices[k];
        book_.approve(tracked, e.time());
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace sos::risk
