#include "feed/merge_source.hpp"

#include <climits>

#include "feed/replay/sequence_filter.hpp"

namespace sos::feed {

MergeSource::MergeSource(std::vector<std::unique_ptr<Source>> sources)
    : sources_(std::move(sources)), heads_(sources_.size()), live_(sources_.size(), false) {
    // Each recorded file is read a little ahead, so a row stamped far ahead is refused alone
    // rather than holding back, then poisoning, the rest of its series.
    for (auto& s : sources_)
        if (s->recorded()) s = std::make_unique<SequenceFilter>(std::move(s));
}

namespace {
std::int64_t key(const FeedItem& item) {
    // Records without a time (an ALERT, say) and refused ones (reported in their place, not
    // held back by a time a year ahead) go out as soon as they are met.
    return item.events.empty() || !item.events[0].env.timestamp || !item.refused.empty()
               ? INT64_MIN
               : item.events[0].env.timestamp->ns;
}
}  // namespace

bool MergeSource::next(FeedItem& item) {
    if (!primed_) {
        for (std::size_t i = 0; i < sources_.size(); ++i)
            live_[i] = next_of(i);
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
    live_[best] = next_of(best);
    return true;
}

bool MergeSource::next_of(std::size_t i) {
    heads_[i].refused.clear();  // the slot holds a record handed out before
    return sources_[i]->next(heads_[i]);
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
