// How every word of the vocabulary is written and read: each enum has exactly one table of
// names (a specialisation of Names<E>, in the enum's own header), in the order of its values.
// Writing is an index into the table; reading compares the few names in turn (at most seven,
// so a loop beats a hash); a name outside the table is refused, never guessed.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sos::vocab {

// Specialised by each enum: `static constexpr std::array<std::string_view, N> table`, the
// names as the contract writes them, in the order of the enum's values (0, 1, ...).
template <class E>
struct Names;

template <class E>
inline constexpr std::size_t kCount = Names<E>::table.size();

template <class E>
constexpr std::string_view name(E e) {
    return Names<E>::table[static_cast<std::size_t>(e)];
}

// Exactly as the contract writes it (upper case, "SL-M").
template <class E>
constexpr std::optional<E> parse(std::string_view s) {
    for (std::size_t i = 0; i < kCount<E>; ++i)
        if (Names<E>::table[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

// Any case ("bullish"): for hand-written settings and the seed forms that write names so.
template <class E>
constexpr std::optional<E> parse_any_case(std::string_view s) {
    auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    for (std::size_t i = 0; i < kCount<E>; ++i) {
        const std::string_view n = Names<E>::table[i];
        if (n.size() != s.size()) continue;
        std::size_t k = 0;
        while (k < n.size() && n[k] == up(s[k]))
            ++k;
        if (k == n.size()) return static_cast<E>(i);
    }
    return std::nullopt;
}

// Every value, in order.
template <class E>
constexpr std::array<E, kCount<E>> all() {
    std::array<E, kCount<E>> out{};
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<E>(i);
    return out;
}

// "BUY, SELL": for messages that say what would have been accepted.
template <class E>
std::string name_list() {
    std::string out;
    for (auto n : Names<E>::table)
        out.append(out.empty() ? "" : ", ").append(n);
    return out;
}

// "'BYU' is not one of BUY, SELL": the one wording of a refused name.
template <class E>
std::string not_one_of(std::string_view got) {
    return "'" + std::string(got) + "' is not one of " + name_list<E>();
}

}  // namespace sos::vocab
