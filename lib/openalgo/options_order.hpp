// OpenAlgo's optionsorder (shared/reference/openalgo.md §1.2, OptionsOrderSchema): one option
// named by its offset from the at-the-money strike, which OpenAlgo resolves when the request
// arrives (the underlying's LTP, the listed strike nearest it), then placed as a placeorder on
// NFO/BFO. Only the documented fields go: apikey, strategy, underlying, exchange, expiry_date,
// offset, option_type, action, quantity, splitsize, pricetype, product (strike_int is left out:
// OpenAlgo then uses the master contract's strike list, as the reference recommends; price and
// trigger_price are left out: sos sends MARKET only). splitsize is 0: sos splits at the freeze
// quantity itself, one request per slice with its own client id.
//
// The answer is placeorder's (order_answers.hpp: success with orderid is an acknowledgement,
// not a fill) plus the symbol OpenAlgo resolved, which is what the order trades.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "openalgo/order_answers.hpp"
#include "time/civil.hpp"
#include "vocab/exchange.hpp"
#include "vocab/instrument_kind.hpp"
#include "vocab/product.hpp"
#include "vocab/side.hpp"

namespace sos::openalgo {

inline constexpr std::string_view kOptionsOrderPath = "/api/v1/optionsorder";

struct OptionsOrder {
    std::string strategy;                                  // the client order id
    std::string underlying;                                // NIFTY
    vocab::Exchange exchange = vocab::Exchange::NseIndex;  // the underlying's quote
    time::Date expiry;                                     // a real expiry (the chain's), sent DDMMMYY
    std::string offset = "ATM";
    vocab::OptionRight option_type = vocab::OptionRight::Call;
    vocab::Side action = vocab::Side::Buy;
    std::int64_t quantity = 0;  // units, a whole number of lots
    vocab::Product product = vocab::Product::Mis;

    bool operator==(const OptionsOrder&) const = default;
};

// The body, "apikey" first; pricetype MARKET, splitsize 0. A dry run passes Secret::masked().
std::string encode_optionsorder(std::string_view api_key, const OptionsOrder& o);

struct OptionsAnswer {
    PlaceAnswer place;   // what it means for the order
    std::string symbol;  // Accepted: the option OpenAlgo resolved and placed
};
OptionsAnswer read_options_answer(int http_status, std::string_view body);

}  // namespace sos::openalgo
