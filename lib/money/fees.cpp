#include "money/fees.hpp"

#include <algorithm>

namespace sos::money {

std::string_view segment_name(Segment s) {
    return kSegmentNames[static_cast<std::size_t>(s)];
}

Segment segment_of(std::string_view symbol, vocab::Product product) {
    auto ends = [&](std::string_view tail) {
        return symbol.size() > tail.size() && symbol.substr(symbol.size() - tail.size()) == tail;
    };
    // An option symbol ends in CE/PE after a strike; a plain equity like "RELIANCE" does not
    // end in digits + CE. Checking the digit keeps "ACE" or "PAGE" equities where they belong.
    if ((ends("CE") || ends("PE")) && symbol.size() > 9) {
        char before = symbol[symbol.size() - 3];
        if (before >= '0' && before <= '9') return Segment::Options;
    }
    if (ends("FUT") && symbol.size() > 10) return Segment::Futures;
    return product == vocab::Product::Cnc ? Segment::EquityDelivery : Segment::EquityIntraday;
}

Charges charges(const SegmentFees& f, bool buy, std::int64_t qty, Paise price) {
    const Paise turnover = price * qty;
    Charges c;
    c.brokerage = f.brokerage_per_order;
    if (!f.brokerage_rate.zero())
        c.brokerage = std::min(f.brokerage_rate.of(turnover), f.brokerage_per_order);
    c.stt = (buy ? f.stt_buy : f.stt_sell).of(turnover);
    c.exchange = f.exchange.of(turnover);
    c.sebi = f.sebi.of(turnover);
    c.stamp = buy ? f.stamp_buy.of(turnover) : Paise{};
    c.dp = buy ? Paise{} : f.dp_per_sell;
    // GST is levied on the services, each already rounded as the note prints it.
    c.gst = f.gst.of(c.brokerage + c.exchange + c.sebi + c.dp);
    return c;
}

}  // namespace sos::money
