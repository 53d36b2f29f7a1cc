// The synthetic NSE market as a feed source: seeded, deterministic minute-by-minute data for
// indices, their stocks, India VIX, breadth and option chains, each event labelled with the
// regime that generated it (true_regime), for testing strategies and regime detection
// without recorded data.
//
// Order of one minute (the bar opening at T):
//   CANDLE 1m at T for each index, then its stocks (in the config's order), then INDIAVIX;
//   BREADTH at T+1m for each index;
//   OPTION_CHAIN at T+1m for each index, nearest expiry first, when T+1m is a chain time.
// Candles carry their open time, as the contract says; breadth and chains are snapshots
// taken at the bar's close and carry that time, so the stream never goes back in time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "feed/source.hpp"
#include "feed/synth/synth_config.hpp"
#include "time/calendar.hpp"

namespace sos::feed {

class SynthSource final : public Source {
public:
    explicit SynthSource(const SynthConfig& config);
    ~SynthSource() override;
    SynthSource(const SynthSource&) = delete;
    SynthSource& operator=(const SynthSource&) = delete;

    // One event per record; always ready (a generator never waits).
    Pull next(FeedItem& item) override;
    std::string_view name() const override { return "synth"; }
    // Minutes of sessions generated so far over all minutes to generate (warm-up included).
    SourceProgress progress() const override;

    // The open of the first session on or after `from`: events before it are warm-up.
    time::Timestamp live_start() const;
    // The sessions generated, warm-up first, in order.
    const std::vector<time::Session>& sessions() const;
    // Every symbol that gets candles, in the order they come out each minute.
    std::vector<std::string> symbols() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sos::feed
