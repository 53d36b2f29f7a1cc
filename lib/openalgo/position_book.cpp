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

std::string describe(int http, const json& j) {
    const auto msg = j.is_object() ? text_of(j, "message") : std::string{};
    return "HTTP " + std::to_string(http) + (msg.empty() ? std::string{} : ": " + msg);
}

}  // namespace

std::optional<std::vector<BookPosition>> read_positionbook(int http, std::string_view body,
                                                           std::string& why) {
    const auto j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (http != 200 || !j.is_object() || text_of(j, "status") != "success") {
        why = describe(http, j);
        return std::nullopt;
    }
    const auto data = j.find("data");
    std::vector<BookPosition> rows;
    if (data == j.end() || data->is_null()) return rows;  // no positions today
    if (!data->is_array()) {
        why = "positionbook: data is not a list";
        return std::nullopt;
    }
    for (const auto& r : *data)
        if (auto p = position_row(r)) rows.push_back(std::move(*p));
    return rows;
}

}  // namespace sos::openalgo
