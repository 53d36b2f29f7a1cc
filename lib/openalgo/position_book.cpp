#include "openalgo/position_book.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include "openalgo/answer_fields.hpp"
#include "vocab/names.hpp"

namespace sos::openalgo {

namespace {

using detail::number_of;
using detail::price_of;
using detail::text_of;
using nlohmann::json;

std::optional<BookPosition> position_row(const json& r) {
    if (!r.is_object()) return std::nullopt;
    BookPosition p;
    p.symbol = text_of(r, "symbol");
    p.exchange = text_of(r, "exchange");
    const auto product = vocab::parse_any_case<vocab::Product>(text_of(r, "product"));
    const auto q = number_of(r, "quantity");
    if (p.symbol.empty() || p.exchange.empty() || !product || !q || !std::isfinite(*q) ||
        *q != std::floor(*q) || std::fabs(*q) > 1e15)
        return std::nullopt;
    p.product = *product;
    p.quantity = static_cast<std::int64_t>(*q);
    p.average_price = price_of(r, "average_price");
    p.pnl = price_of(r, "pnl");
    return p;
}

}  // namespace

std::optional<std::vector<BookPosition>> read_positionbook(int http, std::string_view body,
                                                           std::string& why) {
    return detail::read_row_list<BookPosition>(http, body, "positionbook", position_row, why);
}

}  // namespace sos::openalgo
