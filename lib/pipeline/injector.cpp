#include "pipeline/injector.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include "pipeline/decider.hpp"

namespace sos::pipeline {

namespace {
Admission not_running() {
    return Admission{false, "NOT_RUNNING", "the tool is not deciding lines (starting or ending)", {}};
}
}  // namespace

Injector::Injector() : wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

Injector::~Injector() {
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

Admission Injector::inject(std::string_view line) {
    return inject([line](std::optional<time::Timestamp>) { return std::string(line); });
}

Admission Injector::inject(const LineMaker& make) {
    std::lock_guard lock(mutex_);
    if (decider_) return decider_->inject(make);
    return hand_to_loop(&make, nullptr);
}

std::optional<std::string> Injector::state() {
    std::lock_guard lock(mutex_);
    if (decider_) return decider_->state();
    std::string state;
    if (!hand_to_loop(nullptr, &state).ok) return std::nullopt;
    return state;
}

void Injector::attach(Decider& decider) {
    std::lock_guard lock(mutex_);
    decider_ = &decider;
}

void Injector::detach() {
    std::lock_guard lock(mutex_);
    decider_ = nullptr;
}

// Puts the request in the slot, wakes the loop and waits for its answer (or its end).
Admission Injector::hand_to_loop(const LineMaker* make, std::string* state) {
    std::unique_lock slot(slot_mutex_);
    if (!loop_open_) return not_running();
    slot_make_ = make;
    slot_state_ = state;
    slot_answer_.reset();
    waiting_.store(true, std::memory_order_release);
    std::uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(wake_fd_, &one, sizeof one);
    answered_.wait(slot, [&] { return slot_answer_.has_value() || !loop_open_; });
    waiting_.store(false, std::memory_order_release);
    slot_make_ = nullptr;
    slot_state_ = nullptr;
    return slot_answer_ ? *slot_answer_ : not_running();
}

void Injector::open_loop() {
    std::lock_guard slot(slot_mutex_);
    loop_open_ = true;
}

void Injector::close_loop() {
    std::lock_guard slot(slot_mutex_);
    loop_open_ = false;
    answered_.notify_all();  // a request waiting now is told NOT_RUNNING
}

void Injector::serve(const LoopServer& server) {
    std::uint64_t n = 0;
    [[maybe_unused]] auto r = ::read(wake_fd_, &n, sizeof n);
    std::lock_guard slot(slot_mutex_);
    if (slot_answer_ || (!slot_make_ && !slot_state_)) return;  // answered already, or none
    if (slot_make_) {
        slot_answer_ = server.line(*slot_make_);
    } else {
        *slot_state_ = server.state();
        slot_answer_ = Admission{};
    }
    answered_.notify_all();
}

}  // namespace sos::pipeline
