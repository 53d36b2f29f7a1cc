// Symbol name to its state, asked once for every candle. Written by hand because the standard
// map costs a library call to hash, a node to chase and a memcmp call per lookup, which showed
// as a tenth of sos-match's time per candle: this one keeps each key's hash beside it in one
// open-addressed array and compares bytes only for the entry whose hash matches.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace sos::strategy {

template <class T>
class SymbolIndex {
public:
    T* find(std::string_view key) const {
        if (slots_.empty()) return nullptr;
        const std::uint64_t h = hash(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (!s.value) return nullptr;
            if (s.hash == h && same(s.key, key)) return s.value;
        }
    }
    // `key` must not be present yet.
    void insert(std::string_view key, T* value) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        place(Slot{hash(key), std::string(key), value});
        ++count_;
    }
    std::size_t size() const { return count_; }

    // Byte equality eight bytes at a time, inline: a library memcmp call costs more than the
    // comparison of a symbol.
    static bool same(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        const std::size_t n = a.size();
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8)
            if (load8(a.data() + i) != load8(b.data() + i)) return false;
        return i == n || tail(a.data() + i, n - i) == tail(b.data() + i, n - i);
    }

    // Symbols are short; eight bytes at a time, each mixed by a multiply (the finaliser of
    // MurmurHash3), is enough to spread them.
    static std::uint64_t hash(std::string_view s) {
        std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
        const char* p = s.data();
        std::size_t n = s.size();
        for (; n >= 8; p += 8, n -= 8)
            h = mix(h ^ load8(p));
        if (n) h = mix(h ^ tail(p, n));
        return h;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::string key;
        T* value = nullptr;  // null: empty
    };
    static std::uint64_t load8(const char* p) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    }
    // The last 1 to 7 bytes as one word without a loop or a copy of variable length: two
    // overlapping 4-byte loads cover 4 to 7 bytes, the first, middle and last byte cover 1 to 3.
    // Every byte lands in the word, so equal words mean equal bytes (for equal lengths).
    static std::uint64_t tail(const char* p, std::size_t n) {
        if (n >= 4) {
            std::uint32_t lo, hi;
            std::memcpy(&lo, p, 4);
            std::memcpy(&hi, p + n - 4, 4);
            return lo | static_cast<std::uint64_t>(hi) << 32;
        }
        return static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) |
               static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
               static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
    }
    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53ULL;
        x ^= x >> 33;
        return x;
    }
    void place(Slot s) {
        std::size_t i = s.hash & mask_;
        while (slots_[i].value)
            i = (i + 1) & mask_;
        slots_[i] = std::move(s);
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        for (auto& s : old)
            if (s.value) place(std::move(s));
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

}  // namespace sos::strategy
