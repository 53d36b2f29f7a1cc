// Which rows of the broker's trade book are fills sos has not yet written. OpenAlgo's trade
// book has no trade id (openalgo.md §1.4; the simulator's README): a fill is told apart by its
// order id, quantity, price and time, and the book is read whole at every poll. So a row is new
// when its key (orderid, quantity, price, timestamp) occurs more often in this book than in
// every book seen before: two identical fills in one second are two fills, the same row read
// again is none, and rows may come in any order.
//
// After a restart the state file knows how much of an order was filled, not which rows: seed()
// counts that quantity of the order's first rows as already written.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "openalgo/order_answers.hpp"

namespace sos::broker::live {

class FillLedger {
public:
    // The rows of `book` not seen in any earlier book, in the book's order; they count as
    // seen from now on.
    std::vector<openalgo::BookTrade> take_new(const std::vector<openalgo::BookTrade>& book);
    // The quantity of `orderid` filled in every row seen.
    std::int64_t filled(std::string_view orderid) const;
    // `qty` of `orderid` was written before (a restart): its first rows up to it are not new.
    void seed(const std::string& orderid, std::int64_t qty);

private:
    using Key = std::tuple<std::string, std::int64_t, std::int64_t, std::string>;
    std::map<Key, int> seen_;
    std::map<std::string, std::int64_t, std::less<>> filled_;
    std::map<std::string, std::int64_t, std::less<>> seeded_;  // still to absorb
};

}  // namespace sos::broker::live
