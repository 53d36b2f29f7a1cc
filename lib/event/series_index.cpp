#include "event/series_index.hpp"

#include <functional>

namespace sos::event {

namespace {
constexpr std::int32_t kEmpty = -1;
}

std::uint64_t SeriesIndex::hash(std::string_view symbol, int tf, bool hist) {
    std::uint64_t h = std::hash<std::string_view>{}(symbol);
    h ^= (static_cast<std::uint64_t>(static_cast<std::uint32_t>(tf)) << 1 | (hist ? 1 : 0)) *
         0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);  // the table uses the low bits: fold the high ones in
}

int SeriesIndex::of(std::string_view symbol, int tf, bool hist) {
    if (table_.empty()) grow();
    const std::uint64_t h = hash(symbol, tf, hist);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const std::int32_t id = table_[i];
        if (id == kEmpty) break;
        const Key& k = keys_[static_cast<std::size_t>(id)];
        if (k.hash == h && k.tf == tf && k.hist == hist && k.symbol == symbol) return id;
    }
    // A new series. The table stays at most half full, so a probe ends soon.
    const auto id = static_cast<std::int32_t>(keys_.size());
    keys_.push_back(Key{std::string(symbol), tf, hist, h});
    if (2 * keys_.size() > table_.size()) {
        grow();
    } else {
        std::size_t i = h & mask;
        while (table_[i] != kEmpty)
            i = (i + 1) & mask;
        table_[i] = id;
    }
    return id;
}

// Doubles the table (64 places to start) and places every key again.
void SeriesIndex::grow() {
    table_.assign(table_.empty() ? 64 : 2 * table_.size(), kEmpty);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t id = 0; id < keys_.size(); ++id) {
        std::size_t i = keys_[id].hash & mask;
        while (table_[i] != kEmpty)
            i = (i + 1) & mask;
        table_[i] = static_cast<std::int32_t>(id);
    }
}

void SeriesIndex::clear() {
    keys_.clear();
    table_.clear();
}

}  // namespace sos::event
