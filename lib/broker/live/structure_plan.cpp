#include "broker/live/structure_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "broker/live/client_order_id.hpp"
#include "instrument/symbology.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

// One leg as the request and the books see it, before slicing.
struct LegTerms {
    int number = 0;
    openalgo::MultiLeg leg;  // quantity: the whole leg's
    vocab::Exchange exchange = vocab::Exchange::Nfo;
    std::vector<std::int64_t> slices;
};

std::string date_text(time::Date d) {
    return instrument::format_expiry_code(d);
}

// The expiry the leg goes to: the listed one at its offset, which must be its symbol's.
std::optional<time::Date> leg_expiry(const OrderLeg& l, time::Date own, const std::vector<time::Date>* listed,
                                     std::string_view underlying, std::string& why) {
    if (!listed) return own;
    if (l.expiry_offset < 0 || static_cast<std::size_t>(l.expiry_offset) >= listed->size()) {
        why = fmt::format("{}: /expiry lists {} expiries for {}, none at offset {}", l.symbol, listed->size(),
                          underlying, l.expiry_offset);
        return std::nullopt;
    }
    const auto d = (*listed)[static_cast<std::size_t>(l.expiry_offset)];
    if (d != own) {
        why = fmt::format("{}: expiry offset {} is {} by /expiry, but the leg was priced on {}", l.symbol,
                          l.expiry_offset, date_text(d), date_text(own));
        return std::nullopt;
    }
    return d;
}

std::optional<LegTerms> leg_terms(const OrderRequest& o, int n, const instrument::Registry& instruments,
                                  const std::vector<time::Date>* listed, std::string& why) {
    const auto& l = o.legs[static_cast<std::size_t>(n)];
    const auto parts = instrument::parse_option(l.symbol);
    if (!parts || parts->underlying != o.underlying) {
        why = fmt::format("leg {} ({}) is not an option of {}", n + 1, l.symbol, o.underlying);
        return std::nullopt;
    }
    if (l.offset.empty()) {
        why =
            fmt::format("leg {} ({}) has no offset: optionsmultiorder names legs by offset", n + 1, l.symbol);
        return std::nullopt;
    }
    if (l.option_type && *l.option_type != parts->right) {
        why = fmt::format("leg {} says {} but {} is a {}", n + 1, vocab::name(*l.option_type), l.symbol,
                          vocab::name(parts->right));
        return std::nullopt;
    }
    const auto exchange = instruments.exchange_of(l.symbol);
    if (!exchange) {
        why = fmt::format("no exchange known for {} in the instrument registry", l.symbol);
        return std::nullopt;
    }
    const auto expiry = leg_expiry(l, parts->expiry, listed, o.underlying, why);
    if (!expiry) return std::nullopt;
    LegTerms t;
    t.number = n;
    t.leg = {l.offset, parts->right, l.side, l.qty, *expiry, o.type, o.product};
    t.exchange = *exchange;
    const auto in = instruments.find(l.symbol);
    t.slices = in ? instrument::Registry::freeze_slices(l.qty, *in) : std::vector<std::int64_t>{l.qty};
    if (t.slices.empty()) {
        why = fmt::format("leg {} ({}): quantity must be above zero", n + 1, l.symbol);
        return std::nullopt;
    }
    return t;
}

// The legs, BUY before SELL, each keeping its number.
std::optional<std::vector<LegTerms>> ordered_legs(const OrderRequest& o,
                                                  const instrument::Registry& instruments,
                                                  const std::vector<time::Date>* listed, std::string& why) {
    std::vector<LegTerms> legs;
    for (int n = 0; n < static_cast<int>(o.legs.size()); ++n) {
        auto t = leg_terms(o, n, instruments, listed, why);
        if (!t) return std::nullopt;
        legs.push_back(std::move(*t));
    }
    std::stable_partition(legs.begin(), legs.end(),
                          [](const LegTerms& t) { return t.leg.action == vocab::Side::Buy; });
    return legs;
}

StructureRequest slice_request(const OrderRequest& o, const std::vector<LegTerms>& legs, int k,
                               vocab::Exchange quoted) {
    StructureRequest r;
    r.slice = k;
    r.body.strategy = *client_order_id(o.id, k);
    r.body.underlying = o.underlying;
    r.body.exchange = quoted;
    for (const auto& t : legs) {
        if (static_cast<std::size_t>(k) >= t.slices.size()) continue;
        auto leg = t.leg;
        leg.quantity = t.slices[static_cast<std::size_t>(k)];
        PlannedRequest p;
        p.client_id = leg_client_id(o.id, t.number, k);
        p.slice = k;
        p.body = openalgo::PlaceOrder{
            r.body.strategy, t.exchange,   o.legs[static_cast<std::size_t>(t.number)].symbol,
            leg.action,      leg.quantity, vocab::OrderType::Market,
            leg.product,     std::nullopt, std::nullopt};
        r.body.legs.push_back(leg);
        r.legs.push_back(std::move(p));
        r.leg_numbers.push_back(t.number);
    }
    return r;
}

StructurePlan refused(std::string why) {
    return StructurePlan{{}, std::move(why)};
}

}  // namespace

std::string leg_client_id(std::string_view order_id, int leg, int slice) {
    return client_order_id(fmt::format("{}/leg{}", order_id, leg), slice).value_or(std::string());
}

StructurePlan plan_structure(const OrderRequest& o, const instrument::Registry& instruments,
                             const std::vector<time::Date>* listed) {
    if (o.legs.empty()) return refused("not a structure: no legs");
    if (o.legs.size() > openalgo::kMaxMultiLegs)
        return refused(
            fmt::format("{} legs, more than optionsmultiorder's {}", o.legs.size(), openalgo::kMaxMultiLegs));
    const auto quoted = instruments.exchange_of(o.underlying);
    if (o.underlying.empty() || !quoted)
        return refused(fmt::format("no exchange known for the underlying '{}' in the instrument registry",
                                   o.underlying));
    std::string why;
    const auto legs = ordered_legs(o, instruments, listed, why);
    if (!legs) return refused(why);
    std::size_t count = 0;
    for (const auto& t : *legs)
        count = std::max(count, t.slices.size());
    if (count > static_cast<std::size_t>(kMaxSlices))
        return refused(fmt::format("{} slices at the freeze quantity, more than {}", count, kMaxSlices));
    StructurePlan plan;
    for (int k = 0; k < static_cast<int>(count); ++k) {
        auto r = slice_request(o, *legs, k, *quoted);
        if (auto problem = openalgo::multiorder_problem(r.body)) return refused(*problem);
        plan.requests.push_back(std::move(r));
    }
    return plan;
}

PlaceOrderPlan structure_orders(const OrderRequest& o, const instrument::Registry& instruments) {
    auto plan = plan_structure(o, instruments, nullptr);
    PlaceOrderPlan out;
    out.refusal = plan.refusal;
    for (auto& r : plan.requests)
        for (auto& leg : r.legs)
            out.requests.push_back(std::move(leg));
    return out;
}

}  // namespace sos::broker::live
