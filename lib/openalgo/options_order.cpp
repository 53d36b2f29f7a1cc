#include "openalgo/options_order.hpp"

#include <nlohmann/json.hpp>

#include "event/json_writer.hpp"
#include "instrument/symbology.hpp"
#include "openalgo/answer_fields.hpp"
#include "vocab/names.hpp"
#include "vocab/order_type.hpp"

namespace sos::openalgo {

std::string encode_optionsorder(std::string_view api_key, const OptionsOrder& o) {
    std::string out;
    event::JsonWriter w(out);
    w.str("apikey", api_key)
        .str("strategy", o.strategy)
        .str("underlying", o.underlying)
        .word("exchange", o.exchange)
        .str("expiry_date", instrument::format_expiry_code(o.expiry))
        .str("offset", o.offset)
        .word("option_type", o.option_type)
        .word("action", o.action)
        .integer("quantity", o.quantity)
        .integer("splitsize", 0)
        .word("pricetype", vocab::OrderType::Market)
        .word("product", o.product);
    w.finish_line();
    out.pop_back();  // a body, not a line
    return out;
}

OptionsAnswer read_options_answer(int http_status, std::string_view body) {
    OptionsAnswer a;
    a.place = read_place_answer(http_status, body);
    if (a.place.verdict != PlaceVerdict::Accepted) return a;
    const auto j = detail::parse_body(body);
    a.symbol = j.is_object() ? detail::text_of(j, "symbol") : std::string{};
    // Acknowledged without naming what it placed: the order book says which option it is.
    if (a.symbol.empty()) a.place.verdict = PlaceVerdict::Unsure;
    return a;
}

}  // namespace sos::openalgo
