// The stage's wake-up from another thread (waker.hpp).
#include "pipeline/waker.hpp"

#include <utility>

namespace sos::pipeline {

void Waker::wake() {
    std::lock_guard lock(mu_);
    if (nudge_)
        nudge_();
    else
        pending_ = true;
}

void Waker::attach(std::function<void()> nudge) {
    std::lock_guard lock(mu_);
    nudge_ = std::move(nudge);
    if (pending_ && nudge_) nudge_();  // a wake before the stage ran: not lost
    pending_ = false;
}

void Waker::detach() {
    std::lock_guard lock(mu_);
    nudge_ = nullptr;
}

}  // namespace sos::pipeline
