#include "broker/live/reconcile.hpp"

#include <fmt/format.h>

#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

PositionVerdict verdict_of(std::int64_t broker, std::int64_t sos) {
    if (broker == sos) return PositionVerdict::Agrees;
    if (sos == 0) return PositionVerdict::BrokerOnly;
    if (broker == 0) return PositionVerdict::SosOnly;
    return PositionVerdict::QtyDiffers;
}

std::string_view why(PositionVerdict v) {
    switch (v) {
        case PositionVerdict::Agrees:
            return "agrees";
        case PositionVerdict::BrokerOnly:
            return "a position sos does not know";
        case PositionVerdict::SosOnly:
            return "sos holds it, the broker has nothing";
        case PositionVerdict::QtyDiffers:
            return "the quantities differ";
    }
    return "";
}

std::string signed_qty(std::int64_t q) {
    return q == 0 ? std::string("0") : fmt::format("{:+d}", q);
}

}  // namespace

std::vector<PositionCheck> compare_positions(const Holdings& broker, const Holdings& sos) {
    std::set<PositionKey> keys;
    for (const auto& [k, q] : broker)
        if (q != 0) keys.insert(k);
    for (const auto& [k, q] : sos)
        if (q != 0) keys.insert(k);
    std::vector<PositionCheck> out;
    out.reserve(keys.size());
    for (const auto& k : keys) {
        const auto b = held(broker, k), s = held(sos, k);
        out.push_back(PositionCheck{k, b, s, verdict_of(b, s)});
    }
    return out;
}

bool all_agree(const std::vector<PositionCheck>& checks) {
    for (const auto& c : checks)
        if (c.verdict != PositionVerdict::Agrees) return false;
    return true;
}

std::string describe(const PositionCheck& c) {
    return fmt::format("{} {} {}: broker {}, sos {} ({})", c.key.symbol, c.key.exchange,
                       vocab::name(c.key.product), signed_qty(c.broker_qty), signed_qty(c.sos_qty),
                       why(c.verdict));
}

std::string describe_mismatches(const std::vector<PositionCheck>& checks) {
    std::string out;
    for (const auto& c : checks) {
        if (c.verdict == PositionVerdict::Agrees) continue;
        if (!out.empty()) out += "; ";
        out += describe(c);
    }
    return out;
}

Holdings known_positions(const Holdings& state, const std::set<PositionKey>& state_keys,
                         const Holdings& history) {
    Holdings out = state;
    for (const auto& [k, q] : history)
        if (!state_keys.contains(k)) add_to(out, k, q);
    return out;
}

bool reduces_known(const Holdings& sos, const PositionKey& key, vocab::Side side, std::int64_t qty) {
    const auto have = held(sos, key);
    if (have == 0 || qty <= 0) return false;
    const bool opposite = (have > 0) == (side == vocab::Side::Sell);
    return opposite && qty <= (have > 0 ? have : -have);
}

}  // namespace sos::broker::live
