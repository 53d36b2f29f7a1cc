#include "broker/live/stream_fill.hpp"

#include <cmath>

#include "vocab/order_type.hpp"
#include "vocab/side.hpp"

namespace sos::broker::live {

std::optional<money::Paise> stream_fill_price(const event::OptNum& average_price, std::int64_t filled,
                                              std::int64_t fresh, money::Paise written_value) {
    if (!average_price || !std::isfinite(*average_price) || *average_price <= 0 || fresh <= 0 ||
        filled < fresh || *average_price > 1e12)
        return std::nullopt;
    const auto average = money::Paise::from_rupees(*average_price);
    const auto total = std::llround(*average_price * 100.0 * static_cast<double>(filled));
    const std::int64_t value = total - written_value.value;
    // The fills written before were priced otherwise (the trade book's own prices, a rounded
    // average): what is left is no price. The order's average then prices the new part.
    if (value <= 0) return average;
    const auto per_unit =
        static_cast<std::int64_t>(std::llround(static_cast<double>(value) / static_cast<double>(fresh)));
    return money::Paise{per_unit};
}

openalgo::BookOrder row_of(const openalgo::OrderUpdateFrame& u) {
    openalgo::BookOrder r;
    r.orderid = u.orderid;
    r.symbol = u.symbol;
    r.exchange = u.exchange;
    r.action = vocab::parse_any_case<vocab::Side>(u.action).value_or(vocab::Side::Buy);
    r.pricetype = vocab::parse_any_case<vocab::OrderType>(u.pricetype).value_or(vocab::OrderType::Market);
    if (u.quantity && std::isfinite(*u.quantity) && *u.quantity > 0)
        r.quantity = static_cast<std::int64_t>(std::llround(*u.quantity));
    r.status = openalgo::order_status_from_word(u.order_status);
    return r;
}

}  // namespace sos::broker::live
