#include "journal/block_codec.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "journal/sqlite.hpp"
#include "journal/varint.hpp"

namespace sos::journal {

namespace {

constexpr std::array<std::int64_t, kMaxDecimalDigits + 1> kPow10 = [] {
    std::array<std::int64_t, kMaxDecimalDigits + 1> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i)
        p[i] = p[i - 1] * 10;
    return p;
}();

// The previous number at `scale`: 21817.1 predicts 2181710 at two decimals. Both sides compute
// it alike, so a poor prediction costs bytes, never exactness; one that would leave the range
// of a Decimal predicts zero.
std::int64_t predict(Decimal last, std::uint8_t scale) {
    if (last.scale == scale) return last.digits;
    if (last.scale > scale) return last.digits / kPow10[last.scale - scale];
    const int up = scale - last.scale;
    const std::int64_t limit = kPow10[kMaxDecimalDigits - up];
    return last.digits > -limit && last.digits < limit ? last.digits * kPow10[up] : 0;
}

constexpr std::int64_t kNanosPerMilli = 1'000'000;

// Sums of what a block says: a damaged block must give wrong numbers, not undefined behaviour.
std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

std::int64_t wrapping_mul(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

}  // namespace

char* write_time_step(char* p, std::optional<std::int64_t> d) {
    if (!d) return write_varint(p, 0);
    if (*d % time::kNanosPerSecond == 0) return write_varint(p, zigzag(*d / time::kNanosPerSecond) << 2 | 1);
    if (*d % kNanosPerMilli == 0) return write_varint(p, zigzag(*d / kNanosPerMilli) << 2 | 2);
    // Nanoseconds may need all 64 bits: the header says so, the difference follows.
    p = write_varint(p, 3);
    return write_varint(p, zigzag(*d));
}

void put_time_step(std::string& out, std::optional<std::int64_t> d) {
    char buf[kMaxTimeStep];
    out.append(buf, static_cast<std::size_t>(write_time_step(buf, d) - buf));
}

bool get_time_step(const unsigned char*& p, const unsigned char* end, std::optional<std::int64_t>& d) {
    std::uint64_t v = 0;
    if (!get_varint(p, end, v)) return false;
    const std::int64_t n = unzigzag(v >> 2);
    switch (v & 3) {
        case 0:
            d.reset();
            break;
        case 1:
            d = wrapping_mul(n, time::kNanosPerSecond);
            break;
        case 2:
            d = wrapping_mul(n, kNanosPerMilli);
            break;
        default:
            if (!get_varint(p, end, v)) return false;
            d = unzigzag(v);
            break;
    }
    return true;
}

std::span<Decimal> NumberMemory::last(std::uint32_t id, std::uint32_t slots) {
    if (id >= entries_.size()) entries_.resize(id + 1);
    Entry& e = entries_[id];
    if (e.generation != generation_ || e.numbers.size() != slots) {
        e.numbers.assign(slots, Decimal{});
        e.generation = generation_;
    }
    return e.numbers;
}

char* BlockWriter::room(std::size_t n) {
    if (capacity_ - size_ < n) {
        const std::size_t capacity = std::max(2 * capacity_, size_ + n + 4096);
        auto bigger = std::make_unique<char[]>(capacity);
        if (size_ != 0) std::memcpy(bigger.get(), bytes_.get(), size_);
        bytes_ = std::move(bigger);
        capacity_ = capacity;
    }
    return bytes_.get() + size_;
}

void BlockWriter::start(std::int64_t previous_seq) {
    size_ = 0;
    *room(1) = static_cast<char>(kBlockFormat);
    size_ = 1;
    seq_ = previous_seq;
    time_ns_ = 0;
    lines_ = 0;
}

void BlockWriter::add(std::uint32_t shape, std::uint32_t slots, std::int64_t seq,
                      std::optional<time::Timestamp> ts, std::span<const Decimal> numbers) {
    // A number takes at most a varint and a scale byte.
    char* p = room(2 * kMaxVarint + kMaxTimeStep + slots * (kMaxVarint + 1));
    const std::int64_t gap = seq - seq_ - 1;
    p = write_varint(p, (static_cast<std::uint64_t>(shape) << 1) | (gap > 0 ? 1 : 0));
    if (gap > 0) p = write_varint(p, static_cast<std::uint64_t>(gap));
    seq_ = seq;
    if (ts) {
        p = write_time_step(p, ts->ns - time_ns_);
        time_ns_ = ts->ns;
    } else {
        p = write_time_step(p, std::nullopt);
    }
    std::span<Decimal> last = memory_.last(shape, slots);
    for (std::uint32_t i = 0; i < slots; ++i) {
        const Decimal n = numbers[i];
        const bool rescaled = n.scale != last[i].scale;
        p = write_varint(p, zigzag(n.digits - predict(last[i], n.scale)) << 1 | (rescaled ? 1 : 0));
        if (rescaled) *p++ = static_cast<char>(n.scale);
        last[i] = n;
    }
    size_ = static_cast<std::size_t>(p - bytes_.get());
    ++lines_;
}

BlockReader::BlockReader(NumberMemory& memory, const ShapeTable& shapes, std::string_view data,
                         std::int64_t previous_seq)
    : memory_(memory),
      shapes_(shapes),
      p_(reinterpret_cast<const unsigned char*>(data.data())),
      end_(p_ + data.size()),
      seq_(previous_seq) {
    if (p_ == end_ || *p_ != kBlockFormat) corrupt("unknown block format");
    ++p_;
}

void BlockReader::corrupt(const char* what) const {
    throw JournalError(std::string("market block unreadable: ") + what);
}

bool BlockReader::next(BlockEntry& entry) {
    if (p_ == end_) return false;
    std::uint64_t v = 0;
    if (!get_varint(p_, end_, v)) corrupt("truncated");
    if ((v >> 1) > UINT32_MAX || !shapes_.contains(static_cast<std::uint32_t>(v >> 1)))
        corrupt("unknown shape");
    entry.shape = static_cast<std::uint32_t>(v >> 1);
    std::uint64_t gap = 0;
    if ((v & 1) != 0 && !get_varint(p_, end_, gap)) corrupt("truncated");
    seq_ = wrapping_add(seq_, wrapping_add(static_cast<std::int64_t>(gap), 1));
    entry.seq = seq_;
    std::optional<std::int64_t> step;
    if (!get_time_step(p_, end_, step)) corrupt("truncated");
    entry.ts.reset();
    if (step) {
        time_ns_ = wrapping_add(time_ns_, *step);
        entry.ts = time::Timestamp{time_ns_};
    }
    const std::uint32_t slots = shapes_[entry.shape].slots;
    std::span<Decimal> last = memory_.last(entry.shape, slots);
    numbers_.resize(slots);
    for (std::uint32_t i = 0; i < slots; ++i) {
        if (!get_varint(p_, end_, v)) corrupt("truncated");
        Decimal n{0, last[i].scale};
        if ((v & 1) != 0) {
            if (p_ == end_ || *p_ > kMaxDecimalDigits) corrupt("bad scale");
            n.scale = *p_++;
        }
        n.digits = wrapping_add(unzigzag(v >> 1), predict(last[i], n.scale));
        numbers_[i] = n;
        last[i] = n;
    }
    entry.numbers = numbers_;
    return true;
}

}  // namespace sos::journal
