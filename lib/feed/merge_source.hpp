// Several sources read as one, in time order: at each step the record with the earliest
// timestamp goes first; equal times keep the order the sources were given in (so the same
// files in the same order always merge the same way). The earliest can only be known once
// every source still going has a record in hand: while one of them is idle (a quiet pipe),
// the merge is idle too and waits on what that one waits for. Recorded files
// are read through a SequenceFilter.
#pragma once

#include <memory>
#include <vector>

#include "feed/source.hpp"

namespace sos::feed {

class MergeSource : public Source {
public:
    explicit MergeSource(std::vector<std::unique_ptr<Source>> sources);

    Pull next(FeedItem& item) override;
    void wait_on(pipeline::WaitSet& waits) override;
    void woke(const pipeline::WaitSet& waits) override;
    std::string_view name() const override { return sources_.empty() ? "merge" : sources_.front()->name(); }
    SourceProgress progress() const override;

private:
    enum class Head { Wanted, Held, Ended };

    std::vector<std::unique_ptr<Source>> sources_;
    std::vector<FeedItem> heads_;
    std::vector<Head> state_;
};

}  // namespace sos::feed
