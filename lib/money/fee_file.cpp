#include "money/fee_file.hpp"

#include <fmt/format.h>

#include "config/json_config.hpp"

namespace sos::money {

extern const char* const kShippedFees;

namespace {

// Twelve decimals is Rate's own precision; a double holding 0.0003503 prints exactly so.
Rate rate(config::ObjectReader& r, std::string_view key) {
    const double v = r.number(key, 0, 1);
    auto parsed = Rate::parse(fmt::format("{:.12f}", v));
    if (!parsed) throw config::ConfigError(fmt::format("{}: not a rate", r.where(key)));
    return *parsed;
}

Paise rupees(config::ObjectReader& r, std::string_view key) {
    return Paise::from_rupees(r.number(key, 0, 1e6));
}

SegmentFees segment(config::ObjectReader r) {
    SegmentFees f;
    f.brokerage_per_order = rupees(r, "brokerage_per_order");
    f.brokerage_rate = rate(r, "brokerage_rate");
    f.stt_buy = rate(r, "stt_buy");
    f.stt_sell = rate(r, "stt_sell");
    f.exchange = rate(r, "exchange");
    f.sebi = rate(r, "sebi");
    f.stamp_buy = rate(r, "stamp_buy");
    f.gst = rate(r, "gst");
    f.dp_per_sell = rupees(r, "dp_per_sell");
    r.finish();
    return f;
}

}  // namespace

std::string_view shipped_fee_schedule() {
    return kShippedFees;
}

FeeSchedule load_fee_schedule(const std::string& path) {
    return config::naming_file(path.empty() ? "fees defaults" : path, [&] {
        const auto j = config::load_layered(kShippedFees, "fees defaults", path);
        config::ObjectReader top(j, "");
        FeeSchedule s;
        for (std::size_t i = 0; i < kSegmentNames.size(); ++i)
            s.segments[i] = segment(top.object(kSegmentNames[i]));
        top.finish();
        return s;
    });
}

}  // namespace sos::money
