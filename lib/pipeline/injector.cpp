#include "pipeline/injector.hpp"

#include "pipeline/decider.hpp"

namespace sos::pipeline {

namespace {
Admission not_running() {
    return Admission{false, "NOT_RUNNING", "the tool is not deciding lines (starting or ending)", {}};
}
}  // namespace

Admission Injector::inject(std::string_view line) {
    std::lock_guard lock(mutex_);
    if (!decider_) return not_running();
    return decider_->inject(line);
}

Admission Injector::inject(const std::function<std::string(std::optional<time::Timestamp>)>& make) {
    std::lock_guard lock(mutex_);
    if (!decider_) return not_running();
    return decider_->inject(make);
}

std::optional<std::string> Injector::state() {
    std::lock_guard lock(mutex_);
    if (!decider_) return std::nullopt;
    return decider_->state();
}

void Injector::attach(Decider& decider) {
    std::lock_guard lock(mutex_);
    decider_ = &decider;
}

void Injector::detach() {
    std::lock_guard lock(mutex_);
    decider_ = nullptr;
}

}  // namespace sos::pipeline
