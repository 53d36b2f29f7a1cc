#include "broker/lot_check.hpp"

#include <fmt/format.h>

namespace sos::broker {

namespace {

std::optional<std::string> whole_lots(std::string_view symbol, std::int64_t qty,
                                      const instrument::Registry& instruments) {
    const auto in = instruments.find(symbol);
    if (!in || in->lot_size <= 1 || qty % in->lot_size == 0) return std::nullopt;
    return fmt::format("quantity {} of {} is not a whole number of lots of {}", qty, symbol, in->lot_size);
}

}  // namespace

std::optional<std::string> lot_problem(const OrderRequest& r, const instrument::Registry& instruments) {
    if (r.legs.empty()) return whole_lots(r.symbol, r.qty, instruments);
    for (const auto& leg : r.legs)
        if (auto why = whole_lots(leg.symbol, leg.qty, instruments)) return why;
    return std::nullopt;
}

}  // namespace sos::broker
