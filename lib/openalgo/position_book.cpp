#include "openalgo/position_book.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

#include "vocab/names.hpp"

namespace sos::openalgo {

namespace {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

// "-65", -65, "1234.5": a number written either way.
std::optional<double> number_of(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (!it->is_string()) return std::nullopt;
    const auto& s = it->get_ref<const std::string&>();
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

money::Paise price_of(const json& j, const char* key) {
    const auto v = number_of(j, key);
    return v && std::isfinite(*v) ? money::Paise::from_rupees(*v) : money::Paise{};
}

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
