#include "feed/replay/sequence_filter.hpp"

namespace sos::feed {

SequenceFilter::SequenceFilter(std::unique_ptr<Source> inner, std::size_t window)
    : inner_(std::move(inner)), window_(window), items_(window_.capacity()) {}

Source::Pull SequenceFilter::next(FeedItem& item) {
    // Reads ahead until the window is full: a row is judged only with the window read ahead
    // of it, or once the data has ended.
    while (!done_ && !window_.full()) {
        FeedItem& slot = items_[window_.back()];
        slot.refused.clear();
        const Pull pulled = inner_->next(slot);
        if (pulled == Pull::Idle) return Pull::Idle;
        if (pulled == Pull::End) {
            done_ = true;
            break;
        }
        window_.admit(slot.events, !slot.refused.empty());
    }
    if (window_.empty()) return Pull::End;
    FeedItem& front = items_[window_.slot(0)];
    window_.take_front(front.refused);
    std::swap(item, front);
    return Pull::Ready;
}

}  // namespace sos::feed
