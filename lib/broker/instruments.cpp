#include "broker/instruments.hpp"

#include <vector>

#include "event/event.hpp"

namespace sos::broker {

void InstrumentBook::learn_lot_size(std::string_view underlying, std::int64_t lot) {
    if (lot > 0) learned_[std::string(underlying)] = lot;
}

std::optional<Instrument> InstrumentBook::find(std::string_view symbol) const {
    std::string_view base = event::underlying_of(symbol);
    if (auto it = entries_.find(symbol); it != entries_.end()) return it->second;
    if (auto it = entries_.find(base); it != entries_.end()) return it->second;
    if (auto it = learned_.find(base); it != learned_.end()) return Instrument{it->second, 0, 0.05};
    // Derivatives never fall back to the equity default: their lot is never one share.
    if (base == symbol && equity_default_) return equity_default_;
    return std::nullopt;
}

std::vector<std::int64_t> InstrumentBook::freeze_slices(std::int64_t qty, const Instrument& in) {
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

}  // namespace sos::broker
