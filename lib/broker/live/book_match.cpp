#include "broker/live/book_match.hpp"

#include "vocab/names.hpp"

namespace sos::broker::live {

bool same_order(const openalgo::PlaceOrder& sent, const openalgo::BookOrder& row) {
    return row.symbol == sent.symbol && row.exchange == vocab::name(sent.exchange) &&
           row.action == sent.action && row.quantity == sent.quantity && row.pricetype == sent.pricetype &&
           row.price == sent.price.value_or(money::Paise{}) &&
           row.trigger_price == sent.trigger_price.value_or(money::Paise{});
}

std::optional<std::string> match_unknown(const openalgo::PlaceOrder& sent,
                                         const std::vector<openalgo::BookOrder>& book,
                                         const std::set<std::string, std::less<>>& claimed) {
    for (const auto& row : book)
        if (!claimed.contains(row.orderid) && same_order(sent, row)) return row.orderid;
    return std::nullopt;
}

}  // namespace sos::broker::live
