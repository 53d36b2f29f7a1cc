#include "broker/live/client_order_id.hpp"

#include <fmt/format.h>

namespace sos::broker::live {

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::optional<std::string> client_order_id(std::string_view order_id, int slice) {
    if (slice < 0 || slice >= kMaxSlices) return std::nullopt;
    return fmt::format("S{:016x}{:02d}", fnv1a64(order_id), slice);
}

}  // namespace sos::broker::live
