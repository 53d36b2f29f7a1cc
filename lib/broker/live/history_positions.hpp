// What the journal's history (its lines replayed on input with `hist: true`, `--as-hist`) says
// sos holds live: each hist ORDER's key (symbol, exchange and product as the live broker would
// send it), and the live FILL lines of those orders, signed by side. Paper and dry-run fills are
// not positions at any broker, and are left out.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "broker/live/holdings.hpp"
#include "vocab/side.hpp"

namespace sos::broker::live {

class HistoryPositions {
public:
    // A hist ORDER: the key its fills count towards.
    void order(const std::string& order_id, PositionKey key) {
        keys_.insert_or_assign(order_id, std::move(key));
    }
    // A hist FILL of mode live; one of an order the history never showed is not counted. It
    // counts towards its own `symbol` (on the ORDER's exchange and product) when it names one:
    // a structure's legs share their ORDER, and an option triggered on its index may have been
    // placed at another strike than its ORDER's (optionsorder, ATM when it went).
    void fill(const std::string& order_id, vocab::Side side, std::int64_t qty, std::string_view symbol = {}) {
        const auto it = keys_.find(order_id);
        if (it == keys_.end() || qty <= 0) return;
        auto key = it->second;
        if (!symbol.empty()) key.symbol = std::string(symbol);
        add_to(held_, key, side == vocab::Side::Buy ? qty : -qty);
    }
    const Holdings& positions() const { return held_; }

private:
    std::map<std::string, PositionKey, std::less<>> keys_;
    Holdings held_;
};

}  // namespace sos::broker::live
