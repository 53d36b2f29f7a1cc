#include "instrument/registry.hpp"

#include <cmath>

#include "instrument/symbology.hpp"

namespace sos::instrument {

const Instrument* Registry::entry(std::string_view underlying) const {
    auto it = entries_.find(underlying);
    return it == entries_.end() ? nullptr : &it->second;
}

void Registry::learn_lot_size(std::string_view underlying, std::int64_t lot) {
    if (lot > 0) learned_[std::string(underlying)] = lot;
}

std::optional<Instrument> Registry::find(std::string_view symbol) const {
    const SymbolParts parts = parse_symbol(symbol);
    if (auto it = entries_.find(symbol); it != entries_.end()) return it->second;
    if (auto it = entries_.find(parts.underlying); it != entries_.end()) return it->second;
    // A chain's lot is its options' (and the future's): the stock itself trades in shares.
    if (auto it = learned_.find(parts.underlying);
        it != learned_.end() && parts.kind != vocab::InstrumentKind::Plain) {
        Instrument in;
        in.lot_size = it->second;
        return in;
    }
    if (parts.kind == vocab::InstrumentKind::Plain && equity_default_) return equity_default_;
    return std::nullopt;
}

money::Paise Registry::tick_of(std::string_view symbol) const {
    // A lot size learned from a chain says nothing of the tick: the entries and the equity
    // terms do, as if nothing had been learned (sos-exec's lot check learns into the registry
    // its paper broker takes ticks from).
    const SymbolParts parts = parse_symbol(symbol);
    const Instrument* in = entry(symbol);
    if (!in) in = entry(parts.underlying);
    if (!in && parts.kind == vocab::InstrumentKind::Plain && equity_default_) in = &*equity_default_;
    return in && in->tick.value > 0 ? in->tick : kDefaultTick;
}

std::optional<vocab::Exchange> Registry::exchange_of(std::string_view symbol) const {
    const SymbolParts parts = parse_symbol(symbol);
    const Instrument* e = entry(parts.underlying);
    std::optional<vocab::Exchange> quoted;
    if (e)
        quoted = e->exchange;
    else if (equity_default_)
        quoted = equity_default_->exchange;
    if (!quoted) return std::nullopt;
    return parts.kind == vocab::InstrumentKind::Plain ? *quoted : vocab::derivatives_exchange(*quoted);
}

std::vector<std::int64_t> Registry::freeze_slices(std::int64_t qty, const Instrument& in) {
    std::vector<std::int64_t> out;
    if (qty <= 0) return out;
    // The published freeze quantity is the one that trips the exchange's limit, so a slice
    // stays strictly below it, and is whole lots.
    std::int64_t max = in.freeze_qty > 0 ? in.freeze_qty - 1 : 0;
    if (max > 0 && in.lot_size > 0) max -= max % in.lot_size;
    if (max <= 0) {
        out.push_back(qty);
        return out;
    }
    for (std::int64_t left = qty; left > 0; left -= max)
        out.push_back(left < max ? left : max);
    return out;
}

double on_tick(double rupees, money::Paise tick) {
    if (tick.value <= 0) return rupees;
    // Ticks per rupee (20 for 0.05) multiplied, and the count of ticks divided back: this
    // lands on the double nearest 47105.2, where multiplying by 0.05 would not.
    const double ticks = std::round(rupees * (100.0 / static_cast<double>(tick.value)));
    return ticks * static_cast<double>(tick.value) / 100.0;
}

}  // namespace sos::instrument
