#include "journal/block_counts.hpp"

#include <algorithm>

#include "journal/block_codec.hpp"
#include "journal/sqlite.hpp"
#include "journal/varint.hpp"

namespace sos::journal {

void ShapeCount::add(std::optional<time::Timestamp> ts) {
    ++lines;
    if (!ts) return;
    least_ns = least_ns ? std::min(*least_ns, ts->ns) : ts->ns;
    greatest_ns = greatest_ns ? std::max(*greatest_ns, ts->ns) : ts->ns;
}

void encode_counts(std::span<const ShapeCount> counts, std::string& out) {
    std::int64_t previous = 0;
    for (const ShapeCount& c : counts) {
        put_varint(out, c.shape);
        put_varint(out, static_cast<std::uint64_t>(c.lines));
        if (c.least_ns) {
            put_time_step(out, *c.least_ns - previous);
            put_time_step(out, *c.greatest_ns - *c.least_ns);
            previous = *c.least_ns;
        } else {
            put_time_step(out, std::nullopt);
            put_time_step(out, std::nullopt);
        }
    }
}

std::vector<ShapeCount> decode_counts(std::string_view bytes) {
    std::vector<ShapeCount> counts;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* const end = p + bytes.size();
    std::int64_t previous = 0;
    while (p < end) {
        std::uint64_t shape = 0, lines = 0;
        std::optional<std::int64_t> least, span;
        if (!get_varint(p, end, shape) || !get_varint(p, end, lines) || !get_time_step(p, end, least) ||
            !get_time_step(p, end, span) || shape > UINT32_MAX || least.has_value() != span.has_value())
            throw JournalError("market block counts unreadable");
        ShapeCount c{static_cast<std::uint32_t>(shape), static_cast<std::int64_t>(lines), {}, {}};
        if (least) {
            previous = static_cast<std::int64_t>(static_cast<std::uint64_t>(previous) +
                                                 static_cast<std::uint64_t>(*least));
            c.least_ns = previous;
            c.greatest_ns = static_cast<std::int64_t>(static_cast<std::uint64_t>(previous) +
                                                      static_cast<std::uint64_t>(*span));
        }
        counts.push_back(c);
    }
    return counts;
}

}  // namespace sos::journal
