// /optionchain: the underlying, its expiry and ATM strike, and chain[] of {strike, ce, pe}
// with each leg's quote (and greeks when asked for).
#include <cmath>

#include "instrument/symbology.hpp"
#include "openalgo/rest_answer.hpp"

namespace sos::openalgo {

namespace od = simdjson::ondemand;
using detail::Failure;
namespace json = event::json;
using detail::field_path;
using detail::refuse;

namespace {

event::OptNum* leg_number(std::string_view key, ChainLeg& leg) {
    return key == "ltp"                  ? &leg.ltp
           : key == "bid"                ? &leg.bid
           : key == "ask"                ? &leg.ask
           : key == "volume"             ? &leg.volume
           : key == "oi"                 ? &leg.oi
           : key == "lotsize"            ? &leg.lotsize
           : key == "implied_volatility" ? &leg.iv_percent
           : key == "delta"              ? &leg.delta
                                         : nullptr;
}

int read_leg(od::value& v, std::optional<ChainLeg>& out, const std::string& where, Failure& f) {
    if (json::is_null(v)) return 1;
    od::object obj;
    if (v.get_object().get(obj)) return refuse(f, where, "not an object");
    ChainLeg& leg = out.emplace();
    bool ok = detail::for_each_field(obj, where, f, [&](std::string_view key, od::value& fv) {
        if (key == "symbol" || key == "label") {
            std::string_view text;
            if (json::is_null(fv)) return 1;
            if (!json::read_text(fv, text)) return refuse(f, field_path(where, key), "not a string");
            (key == "symbol" ? leg.symbol : leg.label).assign(text);
            return 1;
        }
        event::OptNum* slot = leg_number(key, leg);
        if (!slot) return 0;
        return json::read_optional_number(fv, *slot) ? 1 : refuse(f, field_path(where, key), "not a number");
    });
    return ok ? 1 : -1;
}

bool read_strike(od::value& v, ChainStrike& row, const std::string& where, Failure& f) {
    od::object obj;
    if (v.get_object().get(obj)) return f.fail(BadReason::Invalid, where, "not an object");
    bool has_strike = false;
    bool ok = detail::for_each_field(obj, where, f, [&](std::string_view key, od::value& fv) {
        if (key == "strike") {
            has_strike = json::read_number(fv, row.strike) && std::isfinite(row.strike) && row.strike > 0;
            return has_strike ? 1 : refuse(f, field_path(where, key), "not a positive number");
        }
        if (key == "ce") return read_leg(fv, row.ce, field_path(where, key), f);
        if (key == "pe") return read_leg(fv, row.pe, field_path(where, key), f);
        return 0;
    });
    return ok && (has_strike || f.fail(BadReason::Missing, field_path(where, "strike"), ""));
}

int read_chain(od::value& v, std::vector<ChainStrike>& out, Failure& f) {
    od::array arr;
    if (v.get_array().get(arr)) return refuse(f, "chain", "not an array");
    for (auto element : arr) {
        od::value ev;
        if (std::move(element).get(ev)) return f.refuse(BadReason::NotJson, "chain", "malformed array");
        std::string where = "chain[" + std::to_string(out.size()) + "]";
        if (!read_strike(ev, out.emplace_back(), where, f)) return -1;
    }
    return 1;
}

}  // namespace

RestResult<OptionChainAnswer> parse_optionchain(int http_status, std::string_view body) {
    return detail::read_answer<OptionChainAnswer>(
        http_status, body, "chain",
        [](std::string_view key, od::value& v, OptionChainAnswer& out, Failure& f) {
            if (key == "chain") return read_chain(v, out.chain, f);
            if (key == "underlying")
                return json::read_string(v, out.underlying) ? 1 : refuse(f, key, "not a string");
            if (key == "underlying_ltp" || key == "atm_strike") {
                event::OptNum& slot = key == "atm_strike" ? out.atm_strike : out.underlying_ltp;
                return json::read_optional_number(v, slot) ? 1 : refuse(f, key, "not a number");
            }
            if (key == "expiry_date") {
                std::string_view text;
                if (!json::read_text(v, text)) return refuse(f, key, "not a string");
                out.expiry = instrument::parse_expiry_code(text);
                return out.expiry ? 1 : refuse(f, key, "not an expiry date (DDMMMYY)");
            }
            return 0;
        });
}

}  // namespace sos::openalgo
