// Net positions as the reconciliation compares them: a signed quantity per symbol, exchange and
// product, the key OpenAlgo's position book uses (shared/reference/openalgo.md §1.4). A key
// whose quantity is zero is flat, and is not kept.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>

#include "openalgo/order_requests.hpp"
#include "vocab/exchange.hpp"
#include "vocab/product.hpp"

namespace sos::broker::live {

struct PositionKey {
    std::string symbol;    // OpenAlgo form
    std::string exchange;  // as OpenAlgo writes it (NSE, NFO, ...)
    vocab::Product product = vocab::Product::Mis;

    auto operator<=>(const PositionKey&) const = default;
};

using Holdings = std::map<PositionKey, std::int64_t>;  // signed net quantity; no zero entries

// Adds `signed_qty` to `key`, dropping the key when it comes to zero.
inline void add_to(Holdings& h, const PositionKey& key, std::int64_t signed_qty) {
    if (signed_qty == 0) return;
    const auto v = (h[key] += signed_qty);
    if (v == 0) h.erase(key);
}

inline std::int64_t held(const Holdings& h, const PositionKey& key) {
    const auto it = h.find(key);
    return it == h.end() ? 0 : it->second;
}

// The key a placeorder's position is booked under.
inline PositionKey position_key(const openalgo::PlaceOrder& r) {
    return PositionKey{r.symbol, std::string(vocab::name(r.exchange)), r.product};
}

}  // namespace sos::broker::live
