#include "openalgo/multi_order.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

#include "event/json_writer.hpp"
#include "instrument/symbology.hpp"
#include "openalgo/answer_fields.hpp"
#include "vocab/names.hpp"

namespace sos::openalgo {

namespace {

using detail::number_of;
using detail::parse_body;
using detail::success;
using detail::text_of;
using nlohmann::json;

// ATM, or ITMn / OTMn with n in 1..50 (OpenAlgo's offsets).
bool good_offset(std::string_view s) {
    if (s == "ATM") return true;
    if (s.size() < 4 || (s.substr(0, 3) != "ITM" && s.substr(0, 3) != "OTM")) return false;
    const auto digits = s.substr(3);
    int n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return ec == std::errc{} && end == digits.data() + digits.size() && digits.front() != '0' && n >= 1 &&
           n <= 50;
}

std::optional<LegResult> leg_result(const json& r) {
    if (!r.is_object()) return std::nullopt;
    const auto n = number_of(r, "leg");
    if (!n || *n < 1 || *n > static_cast<double>(kMaxMultiLegs)) return std::nullopt;
    LegResult x;
    x.leg = static_cast<int>(*n);
    x.ok = text_of(r, "status") == "success";
    x.orderid = text_of(r, "orderid");
    x.symbol = text_of(r, "symbol");
    x.message = text_of(r, "message");
    return x;
}

}  // namespace

std::optional<std::string> multiorder_problem(const OptionsMultiOrder& o) {
    if (o.legs.empty() || o.legs.size() > kMaxMultiLegs)
        return "optionsmultiorder takes 1 to 20 legs, not " + std::to_string(o.legs.size());
    if (o.strategy.empty() || o.underlying.empty()) return "strategy and underlying are required";
    for (const auto& l : o.legs) {
        if (l.quantity <= 0) return "a leg's quantity must be above zero";
        if (!good_offset(l.offset)) return "a leg's offset '" + l.offset + "' is not ATM, ITM1-50 or OTM1-50";
        if (l.product == vocab::Product::Cnc) return "the options endpoints take MIS or NRML, not CNC";
        if (l.pricetype != vocab::OrderType::Market)
            return "a structure's legs go at MARKET (an ORDER's leg carries no price)";
    }
    return std::nullopt;
}

std::string encode_optionsmultiorder(std::string_view api_key, const OptionsMultiOrder& o) {
    std::string out;
    event::JsonWriter w(out);
    w.str("apikey", api_key)
        .str("strategy", o.strategy)
        .str("underlying", o.underlying)
        .word("exchange", o.exchange);
    w.array("legs");
    for (const auto& l : o.legs) {
        w.element_object();
        w.str("offset", l.offset)
            .word("option_type", l.option_type)
            .word("action", l.action)
            .integer("quantity", l.quantity)
            .str("expiry_date", instrument::format_expiry_code(l.expiry))
            .word("pricetype", l.pricetype)
            .word("product", l.product);
        w.end_object();
    }
    w.end_array();
    w.finish_line();
    out.pop_back();  // a body, not a line
    return out;
}

MultiAnswer read_multiorder_answer(int http, std::string_view body) {
    // The envelope reads as placeorder's: 429, 5xx, 4xx, an error at the top.
    const auto top = read_place_answer(http, body);
    MultiAnswer a;
    a.verdict = top.verdict;
    a.message = top.message;
    a.retry_after = top.retry_after;
    if (top.verdict != PlaceVerdict::Unsure || http != 200) return a;
    // placeorder's reading calls a success without an orderid Unsure; here the results decide.
    const auto j = parse_body(body);
    if (!j.is_object() || !success(j)) return a;
    const auto results = j.find("results");
    if (results == j.end() || !results->is_array()) {
        a.message = "optionsmultiorder: success without results (queued for approval?)";
        return a;
    }
    for (const auto& r : *results)
        if (auto x = leg_result(r)) a.results.push_back(std::move(*x));
    a.verdict = PlaceVerdict::Accepted;
    return a;
}

}  // namespace sos::openalgo
