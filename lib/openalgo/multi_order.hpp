// OpenAlgo's optionsmultiorder (shared/reference/openalgo.md §1.2, OptionsMultiOrderSchema): the
// request a structure goes out as, and its answer read leg by leg. No HTTP here.
//
// The request carries only documented fields, since one unknown field (a leg's `leg_type` or
// `expiry_offset` too) is a 400: top level apikey, strategy, underlying, exchange, legs; each leg
// offset, option_type, action, quantity, expiry_date, pricetype, product. Every leg names its
// own expiry_date (DDMMMYY, a date /expiry listed: never a weekday rule), so a calendar's legs
// need nothing else; the common expiry_date, strike_int, splitsize, price, trigger_price and
// disclosed_quantity are not sent (their defaults are what sos wants: the strikes of the master
// contract, no split, MARKET).
//
// The answer is "success" at the top whatever the legs met (reference §0.6): each result says
// its own status, orderid or message, and its leg (1-based, in the request's order).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openalgo/order_answers.hpp"
#include "time/civil.hpp"
#include "vocab/exchange.hpp"
#include "vocab/instrument_kind.hpp"
#include "vocab/order_type.hpp"
#include "vocab/product.hpp"
#include "vocab/side.hpp"

namespace sos::openalgo {

inline constexpr std::string_view kOptionsMultiOrderPath = "/api/v1/optionsmultiorder";
inline constexpr std::size_t kMaxMultiLegs = 20;  // the schema's 1-20

struct MultiLeg {
    std::string offset;  // ATM, ITM1..ITM50, OTM1..OTM50
    vocab::OptionRight option_type = vocab::OptionRight::Call;
    vocab::Side action = vocab::Side::Buy;
    std::int64_t quantity = 0;  // units, a lot multiple
    time::Date expiry;          // sent as DDMMMYY
    vocab::OrderType pricetype = vocab::OrderType::Market;
    vocab::Product product = vocab::Product::Mis;

    bool operator==(const MultiLeg&) const = default;
};

struct OptionsMultiOrder {
    std::string strategy;    // sos sends a client order id here (broker/live/client_order_id.hpp)
    std::string underlying;  // NIFTY
    vocab::Exchange exchange = vocab::Exchange::NseIndex;  // the underlying's: NSE_INDEX
    std::vector<MultiLeg> legs;

    bool operator==(const OptionsMultiOrder&) const = default;
};

// Why `o` cannot be sent (no legs or more than 20, a quantity not above zero, an offset that is
// not ATM/ITMn/OTMn with n in 1..50, a product the options endpoints refuse (CNC), a pricetype
// other than MARKET: a leg carries no price), or nothing.
std::optional<std::string> multiorder_problem(const OptionsMultiOrder& o);

// The whole body: "apikey" first. A dry run passes Secret::masked().
std::string encode_optionsmultiorder(std::string_view api_key, const OptionsMultiOrder& o);

// One leg's result.
struct LegResult {
    int leg = 0;  // 1-based, the request's order
    bool ok = false;
    std::string orderid;  // ok
    std::string symbol;   // the option OpenAlgo resolved the offset to (absent when it could not)
    std::string message;  // not ok: OpenAlgo's or the broker's words (may echo a key: mask them)
};

struct MultiAnswer {
    // Accepted: the request was taken and `results` say what each leg met; RateLimited,
    // Refused (the whole request: schema, key), Unsure (5xx, unreadable, no results): as for
    // placeorder (order_answers.hpp).
    PlaceVerdict verdict = PlaceVerdict::Unsure;
    std::vector<LegResult> results;
    std::string message;
    std::chrono::milliseconds retry_after{};
};
MultiAnswer read_multiorder_answer(int http_status, std::string_view body);

}  // namespace sos::openalgo
