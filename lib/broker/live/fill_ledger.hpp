// Which fills sos has not yet written, whichever way the broker told it: a row of the trade
// book, or the cumulative filled quantity of an order_update frame (the WebSocket stream).
//
// OpenAlgo's trade book has no trade id (openalgo.md §1.4; the simulator's README): a row is
// told apart by its order id, quantity, price and time, and the book is read whole at every
// poll. So a row is new when its key (orderid, quantity, price, timestamp) occurs more often in
// this book than in every book seen before: two identical fills in one second are two fills,
// the same row read again is none, and rows may come in any order.
//
// The stream's updates can arrive twice (feed plus postback); the reference deduplicates them on
// orderid, order_status and filled_quantity (§2.2). sos keeps, per broker order id, the
// quantity its FILL lines have written: an update whose filled_quantity is above it is a fill
// of the difference, one at or below it is none (a doubled frame, an older one). The trade
// book's rows of that order then count against the same quantity: rows up to what was written
// are the fills already written, only what goes beyond is new. So a fill seen on the stream and
// then in the book (or the other way round) is one FILL, and a frame lost is settled by the book.
//
// After a restart the state file knows how much of an order was filled, not which rows: seed()
// counts that quantity as written.
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
    // The fills of `book` not written yet, in the book's order: each new row beyond what was
    // written of its order (a row only partly beyond it comes back with that part's quantity).
    // They count as written from now on.
    std::vector<openalgo::BookTrade> take_new(const std::vector<openalgo::BookTrade>& book);
    // An order_update says `filled` of `orderid` is filled in all: the quantity not yet written
    // (0 for a doubled or older update), written from now on.
    std::int64_t take_stream(const std::string& orderid, std::int64_t filled);
    // The quantity of `orderid` written (trade book rows, stream, the state file's).
    std::int64_t filled(std::string_view orderid) const;
    // `qty` of `orderid` was written before (a restart).
    void seed(const std::string& orderid, std::int64_t qty);

private:
    using Key = std::tuple<std::string, std::int64_t, std::int64_t, std::string>;
    std::map<Key, int> seen_;
    std::map<std::string, std::int64_t, std::less<>> rows_;     // quantity in the rows seen
    std::map<std::string, std::int64_t, std::less<>> written_;  // quantity written as FILL lines
};

}  // namespace sos::broker::live
