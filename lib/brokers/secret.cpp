#include "brokers/secret.hpp"

#include <cstddef>

namespace sos::brokers {

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) {
    other.wipe();
}

Secret& Secret::operator=(const Secret& other) {
    if (this != &other) {
        wipe();
        value_ = other.value_;
    }
    return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
    if (this != &other) {
        wipe();
        value_ = std::move(other.value_);
        other.wipe();
    }
    return *this;
}

Secret::~Secret() {
    wipe();
}

// Through a volatile pointer, so the compiler cannot drop the stores as dead.
void Secret::wipe() noexcept {
    volatile char* p = value_.data();
    for (std::size_t i = 0; i < value_.size(); ++i)
        p[i] = 0;
    value_.clear();
}

void Secret::mask_in(std::string& text) const {
    if (value_.empty()) return;
    for (std::size_t at = text.find(value_); at != std::string::npos;
         at = text.find(value_, at + masked().size()))
        text.replace(at, value_.size(), masked());
}

bool Secret::matches(std::string_view candidate) const {
    unsigned char diff = value_.size() == candidate.size() ? 0 : 1;
    const std::size_t n = value_.size() < candidate.size() ? value_.size() : candidate.size();
    for (std::size_t i = 0; i < n; ++i)
        diff |= static_cast<unsigned char>(value_[i] ^ candidate[i]);
    return diff == 0;
}

}  // namespace sos::brokers
