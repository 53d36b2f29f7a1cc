#include "openalgo/order_answers.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

#include "event/json_writer.hpp"
#include "openalgo/answer_fields.hpp"
#include "time/civil.hpp"
#include "vocab/names.hpp"

namespace sos::openalgo {

namespace {

using detail::describe;
using detail::number_of;
using detail::parse_body;
using detail::price_of;
using detail::success;
using detail::text_of;
using nlohmann::json;

std::int64_t quantity_of(const json& j) {
    const auto q = number_of(j, "quantity");
    return q && std::isfinite(*q) ? static_cast<std::int64_t>(std::llround(*q)) : -1;
}

std::optional<BookOrder> order_row(const json& r) {
    if (!r.is_object()) return std::nullopt;
    BookOrder o;
    o.orderid = text_of(r, "orderid");
    o.symbol = text_of(r, "symbol");
    o.exchange = text_of(r, "exchange");
    const auto side = vocab::parse_any_case<vocab::Side>(text_of(r, "action"));
    const auto type = vocab::parse_any_case<vocab::OrderType>(text_of(r, "pricetype"));
    o.quantity = quantity_of(r);
    if (o.orderid.empty() || !side || !type || o.quantity < 0) return std::nullopt;
    o.action = *side;
    o.pricetype = *type;
    o.price = price_of(r, "price");
    o.trigger_price = price_of(r, "trigger_price");
    o.status = order_status_from_word(text_of(r, "order_status"));
    return o;
}

std::optional<BookTrade> trade_row(const json& r) {
    if (!r.is_object()) return std::nullopt;
    BookTrade t;
    t.orderid = text_of(r, "orderid");
    t.quantity = quantity_of(r);
    t.price = price_of(r, "average_price");
    t.timestamp = text_of(r, "timestamp");
    if (t.orderid.empty() || t.quantity <= 0) return std::nullopt;
    return t;
}

}  // namespace

PlaceAnswer read_place_answer(int http, std::string_view body) {
    const auto j = parse_body(body);
    PlaceAnswer a;
    a.message = j.is_object() ? text_of(j, "message") : std::string{};
    if (http == 429) {
        a.verdict = PlaceVerdict::RateLimited;
        const auto s = j.is_object() ? number_of(j, "retry_after") : std::nullopt;
        const double secs = s && *s >= 0 && *s < 86400 ? *s : 60.0;
        a.retry_after = std::chrono::milliseconds(static_cast<std::int64_t>(secs * 1000));
        return a;
    }
    if (http >= 500 || j.is_discarded()) {
        a.verdict = PlaceVerdict::Unsure;
        if (a.message.empty()) a.message = "HTTP " + std::to_string(http) + ", no readable answer";
        return a;
    }
    if (http == 200 && success(j)) {
        a.orderid = text_of(j, "orderid");
        a.verdict = a.orderid.empty() ? PlaceVerdict::Unsure : PlaceVerdict::Accepted;
        return a;
    }
    a.verdict = PlaceVerdict::Refused;
    a.message = describe(http, j);
    return a;
}

std::optional<std::vector<BookOrder>> read_orderbook(int http, std::string_view body, std::string& why) {
    const auto j = parse_body(body);
    if (http != 200 || !success(j)) {
        why = describe(http, j);
        return std::nullopt;
    }
    const auto data = j.find("data");
    if (data == j.end() || !data->is_object() || !data->contains("orders") || !(*data)["orders"].is_array()) {
        why = "orderbook: no data.orders[]";
        return std::nullopt;
    }
    std::vector<BookOrder> rows;
    for (const auto& r : (*data)["orders"])
        if (auto o = order_row(r)) rows.push_back(std::move(*o));
    return rows;
}

std::optional<std::vector<BookTrade>> read_tradebook(int http, std::string_view body, std::string& why) {
    return detail::read_row_list<BookTrade>(http, body, "tradebook", trade_row, why);
}

vocab::OrderStatus order_status_from_word(std::string_view w) {
    using vocab::OrderStatus;
    std::string s(w);
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "open") return OrderStatus::Open;
    if (s == "trigger pending") return OrderStatus::TriggerPending;
    if (s == "complete") return OrderStatus::Complete;
    if (s == "cancelled" || s == "canceled" || s == "expired") return OrderStatus::Cancelled;
    if (s == "rejected") return OrderStatus::Rejected;
    return OrderStatus::Unknown;
}

std::optional<time::Timestamp> read_book_time(std::string_view t) {
    // DD-Mon-YYYY HH:MM:SS
    if (t.size() != 20 || t[2] != '-' || t[6] != '-' || t[11] != ' ') return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        const auto [p, ec] = std::from_chars(t.data() + at, t.data() + at + n, v);
        return ec == std::errc{} && p == t.data() + at + n ? std::optional(v) : std::nullopt;
    };
    const auto day = num(0, 2), year = num(7, 4);
    const int month = time::month_from_abbrev(t.substr(3, 3));
    const auto clock = time::parse_clock(t.substr(12));
    if (!day || !year || month == 0 || !clock) return std::nullopt;
    return time::kIndia.at(time::Date{*year, month, *day}, *clock);
}

std::string encode_cancelorder(std::string_view api_key, std::string_view strategy,
                               std::string_view orderid) {
    std::string out;
    event::JsonWriter w(out);
    w.str("apikey", api_key).str("strategy", strategy).str("orderid", orderid);
    w.finish_line();
    out.pop_back();
    return out;
}

std::string encode_key_only(std::string_view api_key) {
    std::string out;
    event::JsonWriter w(out);
    w.str("apikey", api_key);
    w.finish_line();
    out.pop_back();
    return out;
}

}  // namespace sos::openalgo
