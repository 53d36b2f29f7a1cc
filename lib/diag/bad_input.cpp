#include "diag/bad_input.hpp"

#include "diag/log.hpp"

namespace sos::diag {

bool BadInput::report(std::string_view source, std::uint64_t line, std::string_view reason) {
    ++count_;
    if (count_ <= kShownLimit || strict_) {
        if (source.empty())
            error("line {}: {}", line, reason);
        else
            error("{}:{}: {}", source, line, reason);
    } else if (count_ == kShownLimit + 1) {
        error("more than {} bad lines: counting the rest without showing them", kShownLimit);
    }
    return !strict_;
}

void BadInput::summarize() const {
    if (count_ > 0 && !strict_) warn("{} bad line{} skipped", count_, count_ == 1 ? "" : "s");
}

}  // namespace sos::diag
