// Where ticks of one symbol may have been missed: from the last tick seen before a gap (a
// reconnect, a stall, a tier switch) to the first tick after it, both included. The span stays
// open until that first tick. A symbol starts inside an open span: nothing is known of what
// traded before its first tick, so the bar holding it may lack earlier trades.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "time/timestamp.hpp"

namespace sos::live {

class SuspectSpans {
public:
    // Ticks may be missed from now on.
    void gap() {
        if (open_) return;
        open_ = true;
        from_ = last_;
    }
    // A tick at exchange time t. True when it is the first after a gap.
    bool tick(time::Timestamp t) {
        bool first = open_;
        if (open_) {
            spans_.push_back({from_, t.ns});
            open_ = false;
        }
        last_ = std::max(last_, t.ns);
        return first;
    }
    // Whether the bar [start, end) may have missed ticks.
    bool touches(time::Timestamp start, time::Timestamp end) const {
        if (open_ && from_ < end.ns) return true;
        for (const Span& s : spans_)
            if (s.from < end.ns && s.to >= start.ns) return true;
        return false;
    }
    // Spans that ended before t can no longer touch a bar still to close.
    void forget_before(time::Timestamp t) {
        std::erase_if(spans_, [&](const Span& s) { return s.to < t.ns; });
    }
    bool open() const { return open_; }

private:
    struct Span {
        std::int64_t from, to;
    };
    bool open_ = true;
    std::int64_t from_ = INT64_MIN;
    std::int64_t last_ = INT64_MIN;
    std::vector<Span> spans_;
};

}  // namespace sos::live
