#include "feed/merge_source.hpp"

#include <climits>

#include "feed/replay/sequence_filter.hpp"

namespace sos::feed {

MergeSource::MergeSource(std::vector<std::unique_ptr<Source>> sources)
    : sources_(std::move(sources)), heads_(sources_.size()), state_(sources_.size(), Head::Wanted) {
    // Each recorded file is read a little ahead, so a row stamped far ahead is refused alone
    // rather than holding back, then poisoning, the rest of its series.
    for (auto& s : sources_)
        if (s->recorded()) s = std::make_unique<SequenceFilter>(std::move(s));
}

namespace {
std::int64_t key(const FeedItem& item) {
    // Records without a time (an ALERT, say) go out as soon as they are met.
    return item.events.empty() || !item.events[0].env.timestamp ? INT64_MIN
                                                                : item.events[0].env.timestamp->ns;
}
}  // namespace

Source::Pull MergeSource::next(FeedItem& item) {
    bool idle = false;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        if (state_[i] != Head::Wanted) continue;
        heads_[i].refused.clear();  // the slot holds a record handed out before
        switch (sources_[i]->next(heads_[i])) {
            case Pull::Ready:
                state_[i] = Head::Held;
                break;
            case Pull::End:
                state_[i] = Head::Ended;
                break;
            case Pull::Idle:
                idle = true;
                break;
        }
    }
    if (idle) return Pull::Idle;
    std::size_t best = sources_.size();
    std::int64_t best_key = INT64_MAX;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        if (state_[i] != Head::Held) continue;
        const std::int64_t k = key(heads_[i]);
        if (best == sources_.size() || k < best_key) {
            best = i;
            best_key = k;
        }
    }
    if (best == sources_.size()) return Pull::End;
    std::swap(item, heads_[best]);  // hands over the buffers; the slot is refilled in place
    state_[best] = Head::Wanted;
    return Pull::Ready;
}

void MergeSource::wait_on(pipeline::WaitSet& waits) {
    for (std::size_t i = 0; i < sources_.size(); ++i)
        if (state_[i] == Head::Wanted) sources_[i]->wait_on(waits);
}

void MergeSource::woke(const pipeline::WaitSet& waits) {
    for (std::size_t i = 0; i < sources_.size(); ++i)
        if (state_[i] == Head::Wanted) sources_[i]->woke(waits);
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
