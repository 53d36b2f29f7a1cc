#include "broker/live/fill_ledger.hpp"

#include <algorithm>

namespace sos::broker::live {

std::vector<openalgo::BookTrade> FillLedger::take_new(const std::vector<openalgo::BookTrade>& book) {
    std::map<Key, int> in_book;
    std::vector<openalgo::BookTrade> fresh;
    for (const auto& t : book) {
        const Key k{t.orderid, t.quantity, t.price.value, t.timestamp};
        const int nth = ++in_book[k];
        if (nth <= seen_[k]) continue;  // read before
        seen_[k] = nth;
        const std::int64_t rows = rows_[t.orderid] += t.quantity;
        auto& written = written_[t.orderid];
        // Written already (the stream, or the state file before a restart) up to `written`.
        const std::int64_t beyond = std::min(t.quantity, rows - written);
        if (beyond <= 0) continue;
        written += beyond;
        fresh.push_back(t);
        fresh.back().quantity = beyond;
    }
    return fresh;
}

std::int64_t FillLedger::take_stream(const std::string& orderid, std::int64_t filled) {
    auto& written = written_[orderid];
    if (filled <= written) return 0;
    const std::int64_t fresh = filled - written;
    written = filled;
    return fresh;
}

std::int64_t FillLedger::filled(std::string_view orderid) const {
    const auto it = written_.find(orderid);
    return it == written_.end() ? 0 : it->second;
}

void FillLedger::seed(const std::string& orderid, std::int64_t qty) {
    if (qty > 0) written_[orderid] = std::max(written_[orderid], qty);
}

}  // namespace sos::broker::live
