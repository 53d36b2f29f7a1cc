// Indian-market charges on a fill, computed as a contract note does: brokerage, STT, exchange
// transaction charges, SEBI turnover fee, stamp duty, GST (on brokerage, exchange and SEBI
// charges) and, for delivery sales, the depository charge. Each component is rounded to the
// paisa on its own, as contract notes print them; the rates live in a configuration file
// (data/fees.json is the shipped schedule).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "money/paise.hpp"
#include "vocab/product.hpp"

namespace sos::money {

enum class Segment { Options, Futures, EquityIntraday, EquityDelivery };
inline constexpr std::array<std::string_view, 4> kSegmentNames = {"options", "futures", "equity_intraday",
                                                                  "equity_delivery"};
std::string_view segment_name(Segment s);

// Which schedule applies: an OpenAlgo option symbol is options, a future futures, any other
// symbol (instrument/symbology.hpp reads them) equity, intraday unless the product is CNC.
Segment segment_of(std::string_view symbol, vocab::Product product);

struct SegmentFees {
    Paise brokerage_per_order;  // flat per executed order
    Rate brokerage_rate;        // of turnover; when set, brokerage is the lower of the two
    Rate stt_buy, stt_sell;
    Rate exchange;  // transaction charges
    Rate sebi;      // turnover fee (10 rupees per crore is 0.000001)
    Rate stamp_buy;
    Rate gst;  // on brokerage + exchange + SEBI
    Paise dp_per_sell;
};

struct FeeSchedule {
    std::array<SegmentFees, 4> segments{};
    const SegmentFees& operator[](Segment s) const { return segments[static_cast<std::size_t>(s)]; }
    SegmentFees& operator[](Segment s) { return segments[static_cast<std::size_t>(s)]; }
};

struct Charges {
    Paise brokerage, stt, exchange, sebi, stamp, gst, dp;
    Paise total() const { return brokerage + stt + exchange + sebi + stamp + gst + dp; }
};

// The charges of one executed order of `qty` units at `price`.
Charges charges(const SegmentFees& fees, bool buy, std::int64_t qty, Paise price);

}  // namespace sos::money
