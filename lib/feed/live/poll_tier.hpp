// The last tier of sos-feed live: REST polling of /multiquotes, so that a dead WebSocket on
// every instance still gives candles. It polls only while it is the active tier (or being
// tried because no tier is), once every poll_every_s, one request for every instrument (one
// call against OpenAlgo's 50/s), trying the instances in order when one fails. A polled quote
// is a sample, not a trade: the bars it touches are held for /history (LiveCandles), so the
// candles are still the exchange's, only later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/http_client.hpp"
#include "openalgo/frames.hpp"
#include "openalgo/rest_responses.hpp"
#include "time/timestamp.hpp"

namespace sos::feed::live {

class PollTier {
public:
    PollTier(std::vector<openalgo::Instrument> instruments, double poll_every_s)
        : instruments_(std::move(instruments)), every_ns_(static_cast<std::int64_t>(poll_every_s * 1e9)) {}

    // Whether a poll is due at `now` (and none is under way).
    bool due(time::Timestamp now) const { return polling_ && !in_flight_ && now >= next_; }
    void start() { polling_ = true; }
    void stop() { polling_ = false; }
    bool polling() const { return polling_; }
    // The instance to ask (an index into the tiers' REST clients), and the poll was sent.
    std::size_t instance() const { return instance_; }
    void sent(time::Timestamp now) {
        in_flight_ = true;
        next_ = time::Timestamp{now.ns + every_ns_};
    }
    // The answer came (ok) or failed: a failure moves to the next instance for the next poll.
    void answered(bool ok, std::size_t instances) {
        in_flight_ = false;
        if (!ok) instance_ = (instance_ + 1) % instances;
        ok ? ++polls_ : ++failures_;
    }
    const std::vector<openalgo::Instrument>& instruments() const { return instruments_; }
    std::uint64_t polls() const { return polls_; }
    std::uint64_t failures() const { return failures_; }

private:
    std::vector<openalgo::Instrument> instruments_;
    std::int64_t every_ns_;
    bool polling_ = false;
    bool in_flight_ = false;
    std::size_t instance_ = 0;
    time::Timestamp next_{INT64_MIN};
    std::uint64_t polls_ = 0, failures_ = 0;
};

}  // namespace sos::feed::live
