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

#include <memory>
#include <string_view>
#include <vector>

#include "feed/replay/sequence_window.hpp"
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
    std::unique_ptr<Source> inner_;
    SequenceWindow window_;
    std::vector<FeedItem> items_;  // the records in the window, by its slots
    bool done_ = false;
};

}  // namespace sos::feed
