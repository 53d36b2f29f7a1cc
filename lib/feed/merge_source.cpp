#include "feed/merge_source.hpp"

#include <climits>

namespace sos::feed {

MergeSource::MergeSource(std::vector<std::unique_ptr<Source>> sources)
    : sources_(std::move(sources)), heads_(sources_.size()), live_(sources_.size(), false) {}

namespace {
std::int64_t key(const FeedItem& item) {
    // Records without a time (an ALERT, say) go out as soon as they are met.
    return item.events.empty() || !item.events[0].env.timestamp ? INT64_MIN
                                                                : item.events[0].env.timestamp->ns;
}
}  // namespace

bool MergeSource::next(FeedItem& item) {
    if (!primed_) {
        for (std::size_t i = 0; i < sources_.size(); ++i)
            live_[i] = sources_[i]->next(heads_[i]);
        primed_ = true;
    }
    std::size_t best = sources_.size();
    std::int64_t best_key = INT64_MAX;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        if (!live_[i]) continue;
        std::int64_t k = key(heads_[i]);
        if (best == sources_.size() || k < best_key) {
            best = i;
            best_key = k;
        }
    }
    if (best == sources_.size()) return false;
    std::swap(item, heads_[best]);  // hands over the buffers; the slot is refilled in place
    live_[best] = sources_[best]->next(heads_[best]);
    return true;
}

SourceProgress MergeSource::progress() const {
    SourceProgress p;
    for (const auto& s : sources_) {
        auto q = s->progress();
        p.done += q.done;
        p.total += q.total;
    }
    return p;
}

}  // namespace sos::feed
