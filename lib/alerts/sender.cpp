#include "alerts/sender.hpp"

#include <algorithm>

#include "diag/log.hpp"
#include "vocab/names.hpp"

namespace sos::alerts {

namespace {

time::Timestamp steady_now() {
    return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now().time_since_epoch())
                               .count()};
}

}  // namespace

Sender::Sender(std::unique_ptr<Transport> transport, SenderOptions options)
    : transport_(std::move(transport)), options_(options), backoff_(options.backoff, options.seed) {
    thread_ = std::thread([this] { run(); });
}

Sender::~Sender() {
    stop();
}

void Sender::offer(Notice notice) {
    bool first_drop = false;
    bool wake = false;
    {
        std::lock_guard lock(mu_);
        if (stopping_) {
            unsent_.fetch_add(1);
            return;
        }
        if (queue_.size() >= std::max<std::size_t>(options_.capacity, 1)) {
            queue_.pop_front();
            dropped_.fetch_add(1);
            first_drop = !dropping_;
            dropping_ = true;
        }
        queue_.push_back(std::move(notice));
        wake = waiting_;
    }
    if (wake) work_cv_.notify_one();
    if (first_drop)
        diag::warn("{}: {} notices wait already: dropping the oldest (counted in HEALTH as dropped)", name(),
                   options_.capacity);
}

std::uint64_t Sender::finish(Clock::time_point deadline) {
    {
        std::unique_lock lock(mu_);
        done_cv_.wait_until(lock, deadline, [&] { return stopping_ || (queue_.empty() && !busy_); });
    }
    stop();
    return unsent_.load();
}

void Sender::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
    }
    stop_signal_.raise();
    work_cv_.notify_all();
    pause_cv_.notify_all();
    done_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mu_);
    unsent_.fetch_add(queue_.size());
    queue_.clear();
}

SenderStats Sender::stats() const {
    SenderStats s;
    s.state = state_.load();
    s.sent = sent_.load();
    s.retries = retries_.load();
    s.failed = failed_.load();
    s.dropped = dropped_.load();
    s.unsent = unsent_.load();
    std::lock_guard lock(mu_);
    s.queued = queue_.size();
    if (s.state == SinkState::Retrying || s.state == SinkState::Refused) s.problem = problem_;
    return s;
}

void Sender::run() {
    for (;;) {
        Notice notice;
        {
            std::unique_lock lock(mu_);
            waiting_ = true;
            work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            waiting_ = false;
            if (stopping_) return;
            notice = std::move(queue_.front());
            queue_.pop_front();
            if (queue_.empty()) dropping_ = false;
            busy_ = true;
        }
        send(notice);
        {
            std::lock_guard lock(mu_);
            busy_ = false;
        }
        done_cv_.notify_all();
    }
}

// Tries one notice until it is delivered, refused, given up or the sender stops.
void Sender::send(const Notice& notice) {
    const auto first_try = Clock::now();
    for (;;) {
        const Delivery d = transport_->deliver(notice, stop_signal_.fd());
        switch (d.verdict) {
            case Verdict::Delivered:
                note_delivered();
                sent_.fetch_add(1);
                return;
            case Verdict::Stopped:
                unsent_.fetch_add(1);
                return;
            case Verdict::Refused:
                note_failure(d, SinkState::Refused);
                failed_.fetch_add(1);
                return;
            case Verdict::Retry:
                break;
        }
        note_failure(d, SinkState::Retrying);
        const double wait = d.retry_after_s ? *d.retry_after_s : backoff_.next_delay(steady_now());
        if (Clock::now() + std::chrono::duration<double>(wait) - first_try > options_.give_up_after) {
            diag::warn("{}: {} given up after trying for {:g} s (counted in HEALTH as failed)", name(),
                       notice.what, std::chrono::duration<double>(options_.give_up_after).count());
            failed_.fetch_add(1);
            return;
        }
        retries_.fetch_add(1);
        if (!pause(wait)) {
            unsent_.fetch_add(1);
            return;
        }
    }
}

bool Sender::pause(double seconds) {
    std::unique_lock lock(mu_);
    return !pause_cv_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return stopping_; });
}

void Sender::note_failure(const Delivery& d, SinkState state) {
    {
        std::lock_guard lock(mu_);
        problem_ = d.problem;
    }
    const SinkState was = state_.exchange(state);
    if (failures_in_run_++ == 0 || was != state)
        diag::warn("{}{}", d.problem,
                   state == SinkState::Retrying ? " (trying again with back-off; counted in HEALTH)"
                                                : " (not sent again; counted in HEALTH as failed)");
}

void Sender::note_delivered() {
    backoff_.connected(steady_now());
    if (failures_in_run_ > 0)
        diag::warn("{}: delivering again, after {} failed attempt{}", name(), failures_in_run_,
                   failures_in_run_ == 1 ? "" : "s");
    failures_in_run_ = 0;
    state_.store(SinkState::Up);
}

}  // namespace sos::alerts
