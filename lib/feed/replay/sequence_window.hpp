// The judgement of rows ahead (the rule: sequence_filter.hpp) over a fixed ring of slots. A row
// is written into the slot at the back and admitted; once the window is full, the row at the
// front is judged by the rows admitted after it and taken out. A row is filled and read in its
// slot, never copied or moved on its way through, and slots keep their buffers, so a steady
// stream allocates nothing. SequenceFilter feeds it from a Source, RecordedFileFilter from the
// lines the stage delivers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feed/source.hpp"

namespace sos::feed {

class SequenceWindow {
public:
    // `window`: rows held before the front one is judged (at least 2).
    explicit SequenceWindow(std::size_t window);

    bool full() const { return size_ == slots_.size(); }
    bool empty() const { return size_ == 0; }
    // The slot to fill next, its old contents left for reuse; only while not full().
    FeedItem& back() { return slots_[index(size_)].item; }
    // Admits the row just filled into back().
    void admit();
    // Judges the front row by the rows after it (`refused` set when it is out of sequence) and
    // takes it out of the window. The reference stays good until back() is next filled.
    FeedItem& take_front();

private:
    static constexpr int kNotJudged = -1;
    struct Slot {
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

    // The slot `i` places after the front.
    std::size_t index(std::size_t i) const {
        const std::size_t k = head_ + i;
        return k < slots_.size() ? k : k - slots_.size();
    }
    int series_of(const FeedItem& item, std::int64_t& t, bool& candle);
    bool out_of_sequence(const Slot& front) const;

    std::vector<Slot> slots_;
    std::size_t head_ = 0;  // the front slot
    std::size_t size_ = 0;  // rows admitted and not yet taken
    std::unordered_map<SeriesKey, int, SeriesHash> series_ids_;
    std::vector<Series> series_;
    SeriesKey probe_;            // the key looked up, its string's storage reused
    std::size_t backsteps_ = 0;  // rows in the window with `backstep` set
};

}  // namespace sos::feed
