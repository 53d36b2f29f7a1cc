// Reads a recorded file a little ahead, so that one row stamped far ahead (a year typed wrong)
// is refused by itself instead of making every later row of its series "go back in time".
//
// A row is out of sequence when more of the rows that follow it in its series (within the
// window read ahead) fall between the series' last row written and this row than fall at or
// after it: the series continues from before it, so it is the one out of place. A run of a few
// such rows is refused row by row the same way. A row late in time (behind the last one
// written) is not judged here: the time-order check refuses it as before. Rows of other types
// pass in their place. While the inner source is idle with the window not full, this one is
// idle too: a row is judged only with the window read ahead of it.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feed/source.hpp"

namespace sos::feed {

class SequenceFilter : public Source {
public:
    // `window`: rows read ahead of the one written (all series together).
    explicit SequenceFilter(std::unique_ptr<Source> inner, std::size_t window = 64);

    Pull next(FeedItem& item) override;
    void wait_on(pipeline::WaitSet& waits) override { inner_->wait_on(waits); }
    void woke(const pipeline::WaitSet& waits) override { inner_->woke(waits); }
    std::string_view name() const override { return inner_->name(); }
    SourceProgress progress() const override { return inner_->progress(); }
    bool recorded() const override { return true; }

private:
    static constexpr int kNotJudged = -1;
    struct Ahead {
        FeedItem item;
        int series = kNotJudged;  // an index into series_, or not one CANDLE or TICK
        std::int64_t t = 0;
        bool candle = false;
        bool backstep = false;  // earlier than the row of its series read before it
    };
    // A series as the time-order check keys them: the symbol, the timeframe for candles (0 for
    // ticks), and history apart. Numbered as first seen, so each row costs one lookup.
    struct SeriesKey {
        std::string symbol;
        int tf = 0;
        bool hist = false;
        bool operator==(const SeriesKey&) const = default;
    };
    struct SeriesHash {
        std::size_t operator()(const SeriesKey& k) const {
            return std::hash<std::string_view>{}(k.symbol) ^ (static_cast<std::size_t>(k.tf) << 1 | k.hist);
        }
    };
    struct Series {
        std::int64_t last_read = 0;
        std::int64_t last_written = 0;
        bool read = false, written = false;
    };

    // Reads ahead until the window is full; false when the inner source is idle first.
    bool fill();
    int series_of(const FeedItem& item, std::int64_t& t, bool& candle);
    bool out_of_sequence(const Ahead& front) const;

    std::unique_ptr<Source> inner_;
    std::size_t window_;
    std::deque<Ahead> ahead_;
    std::deque<Ahead> spare_;  // slots kept for their buffers
    std::unordered_map<SeriesKey, int, SeriesHash> series_ids_;
    std::vector<Series> series_;
    SeriesKey probe_;            // the key looked up, its string's storage reused
    std::size_t backsteps_ = 0;  // rows in the window with `backstep` set
    bool done_ = false;
};

}  // namespace sos::feed
