// The judgement of rows ahead (the rule: sequence_filter.hpp) over a fixed ring of slots. Rows
// are admitted at the back; once the window is full, the row at the front is judged by the rows
// admitted after it and taken out. The window keeps only what the judgement needs (series, time);
// the rows themselves stay with the caller, in a store of its own indexed by the same slots, so
// a row is neither copied nor moved on its way through and a steady stream allocates nothing.
// SequenceFilter keeps whole records there, RecordedFileFilter views of the stage's lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "event/series_index.hpp"

namespace sos::feed {

class SequenceWindow {
public:
    // `window`: rows held before the front one is judged (at least 2). `series`, when given
    // (not owned), numbers the series in place of the window's own index: RecordedFileFilter
    // shares its FeedWriter's time-order check's, so a line's series is looked up once.
    explicit SequenceWindow(std::size_t window, event::SeriesIndex* series = nullptr);
    // Not copied: it may point at its own index.
    SequenceWindow(const SequenceWindow&) = delete;
    SequenceWindow& operator=(const SequenceWindow&) = delete;

    // Slots are numbered 0 to capacity() - 1.
    std::size_t capacity() const { return capacity_; }
    std::size_t size() const { return size_; }
    bool full() const { return size_ == capacity_; }
    bool empty() const { return size_ == 0; }
    // The slot of the row `i` places behind the front (0: the front).
    std::size_t slot(std::size_t i) const {
        const std::size_t k = head_ + i;
        return k < capacity_ ? k : k - capacity_;
    }
    // The slot the next row admitted takes; only while not full().
    std::size_t back() const { return slot(size_); }
    // admit and take_front are written here, to be inlined: they run for every line of
    // sos-feed replay FILE, and the two calls cost 35 of the 250 instructions the window took a line.
    //
    // Admits the next row, the record of `events`. A record already refused is not judged (nor
    // is anything but one CANDLE or TICK), and passes in its place.
    void admit(const event::EventList& events, bool refused = false) {
        Row& r = slots_[back()];
        r.series = kNotJudged;
        r.backstep = false;
        if (events.size() == 1 && !refused) read(r, events[0]);
        backsteps_ += r.backstep ? 1 : 0;
        ++size_;
    }
    // Judges the front row by the rows admitted after it and takes it out of the window. When
    // it is out of sequence, `refused` is set to the reason (a message naming its type and time);
    // otherwise it is left as it was.
    void take_front(std::string& refused) {
        const Row& front = slots_[head_];
        // Only when some row of the window steps back can the front be ahead of what follows it.
        if (front.series != kNotJudged) {
            if (backsteps_ > 0 && out_of_sequence(front)) {
                refuse(front, refused);
            } else {
                Series& s = series_[static_cast<std::size_t>(front.series)];
                s.last_written = front.t;
                s.written = true;
            }
        }
        backsteps_ -= front.backstep ? 1 : 0;
        head_ = slot(1);
        --size_;
    }
    // The front row's series number, or -1 when it is not judged (not one CANDLE or TICK
    // with a time, or refused); only while not empty().
    int front_series() const { return slots_[head_].series; }

private:
    static constexpr int kNotJudged = -1;
    struct Row {
        int series = kNotJudged;  // an index into series_, or not judged
        std::int64_t t = 0;
        event::Kind kind = event::Kind::Unknown;
        bool backstep = false;  // earlier than the row of its series read before it
    };
    struct Series {
        std::int64_t last_read = 0;
        std::int64_t last_written = 0;
        bool read = false, written = false;
    };

    // Numbers the series of `e` (one event) in `r`, and whether it steps back in it.
    void read(Row& r, const event::Event& e) {
        r.kind = e.env.kind;
        if (!e.env.timestamp || (r.kind != event::Kind::Candle && r.kind != event::Kind::Tick)) return;
        r.t = e.env.timestamp->ns;
        r.series = series_ids_->of(e);
        // A shared index may have numbered series this window has not met yet.
        if (static_cast<std::size_t>(r.series) >= series_.size())
            series_.resize(static_cast<std::size_t>(r.series) + 1);
        Series& s = series_[static_cast<std::size_t>(r.series)];
        r.backstep = s.read && r.t < s.last_read;
        s.last_read = r.t;
        s.read = true;
    }
    bool out_of_sequence(const Row& front) const;
    // Sets `refused` to why the front row is out of sequence.
    static void refuse(const Row& front, std::string& refused);

    std::vector<Row> slots_;
    std::size_t capacity_;  // slots_.size(), kept apart: a Row's size is not a power of two
    std::size_t head_ = 0;  // the front slot
    std::size_t size_ = 0;  // rows admitted and not yet taken
    event::SeriesIndex own_ids_;
    event::SeriesIndex* series_ids_;  // own_ids_ or a shared index
    std::vector<Series> series_;      // by series number
    std::size_t backsteps_ = 0;       // rows in the window with `backstep` set
};

}  // namespace sos::feed
