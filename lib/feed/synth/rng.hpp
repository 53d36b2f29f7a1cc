// The synthetic market's random numbers: xoshiro256** seeded through splitmix64, with normal
// variates by the polar method. Written out here rather than taken from <random> because the
// standard distributions differ between library versions, and a seed must give the same
// market everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace sos::feed::synth {

inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A well-mixed 64-bit value from a few integers: fixed per-strike noise and stream seeds.
inline std::uint64_t hash_mix(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
    std::uint64_t s = a;
    std::uint64_t h = splitmix64(s);
    s = h ^ b;
    h = splitmix64(s);
    s = h ^ c;
    return splitmix64(s);
}

// FNV-1a, so each named series draws from its own stream: adding a constituent does not
// change the path of any other symbol.
inline std::uint64_t hash_name(std::string_view name) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// [0, 1) from the top 53 bits of a 64-bit value.
inline double unit_interval(std::uint64_t x) {
    return static_cast<double>(x >> 11) * 0x1.0p-53;
}

class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) { reseed(seed); }
    Rng(std::uint64_t seed, std::string_view stream) { reseed(hash_mix(seed, hash_name(stream))); }

    void reseed(std::uint64_t seed) {
        std::uint64_t sm = seed;
        for (auto& w : s_)
            w = splitmix64(sm);
        has_spare_ = false;
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    double uniform() { return unit_interval(next()); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }

    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = std::sqrt(-2 * std::log(s) / s);
        spare_ = v * m;
        has_spare_ = true;
        return u * m;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t s_[4] = {};
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace sos::feed::synth
