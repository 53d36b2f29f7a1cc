#include "money/fees.hpp"

#include <algorithm>

#include "instrument/symbology.hpp"

namespace sos::money {

std::string_view segment_name(Segment s) {
    return kSegmentNames[static_cast<std::size_t>(s)];
}

Segment segment_of(std::string_view symbol, vocab::Product product) {
    switch (instrument::kind_of(symbol)) {
        case vocab::InstrumentKind::Option:
            return Segment::Options;
        case vocab::InstrumentKind::Future:
            return Segment::Futures;
        case vocab::InstrumentKind::Plain:
            break;
    }
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
