// Several sources read as one, in time order: at each step the record with the earliest
// timestamp goes first; equal times keep the order the sources were given in (so the same
// files in the same order always merge the same way). Recorded files are read through a
// SequenceFilter.
#pragma once

#include <memory>
#include <vector>

#include "feed/source.hpp"

namespace sos::feed {

class MergeSource : public Source {
public:
    explicit MergeSource(std::vector<std::unique_ptr<Source>> sources);

    bool next(FeedItem& item) override;
    std::string_view name() const override { return sources_.empty() ? "merge" : sources_.front()->name(); }
    SourceProgress progress() const override;

private:
    bool next_of(std::size_t i);

    std::vector<std::unique_ptr<Source>> sources_;
    std::vector<FeedItem> heads_;
    std::vector<bool> live_;
    bool primed_ = false;
};

}  // namespace sos::feed
