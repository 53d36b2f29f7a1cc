// What the synthetic market generates: which indices, how many of their stocks, which days,
// and how often option chains come out. The same config and seed give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "time/calendar.hpp"
#include "time/civil.hpp"

namespace sos::feed {

struct SynthConfig {
    std::uint64_t seed = 1;
    // The first session is the first trading day on or after `from`; `days` trading days in all.
    time::Date from{2024, 1, 1};
    int days = 1;
    std::vector<std::string> indices = {"NIFTY", "BANKNIFTY"};
    // Per index. A stock in several indices (HDFCBANK in NIFTY and BANKNIFTY) is one series,
    // counted in the breadth of each.
    int constituents = 10;
    int chain_every_minutes = 5;  // 0: no option chains
    int strikes_each_side = 15;
    // Trading days generated before `from`, first in the stream, for rebuilding state; the
    // caller marks them (SynthSource::live_start says where they end).
    int warmup_days = 0;
    // Continuously compounded, for option prices.
    double rate = 0.065;
    // Sessions and holidays; null means the shipped NSE calendar. Must outlive the source.
    const time::Calendar* calendar = nullptr;
};

}  // namespace sos::feed
