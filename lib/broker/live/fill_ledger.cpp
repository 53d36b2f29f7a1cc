#include "broker/live/fill_ledger.hpp"

namespace sos::broker::live {

std::vector<openalgo::BookTrade> FillLedger::take_new(const std::vector<openalgo::BookTrade>& book) {
    std::map<Key, int> in_book;
    std::vector<openalgo::BookTrade> fresh;
    for (const auto& t : book) {
        const Key k{t.orderid, t.quantity, t.price.value, t.timestamp};
        const int nth = ++in_book[k];
        if (nth <= seen_[k]) continue;  // read before
        seen_[k] = nth;
        filled_[t.orderid] += t.quantity;
        if (auto s = seeded_.find(t.orderid); s != seeded_.end() && s->second > 0) {
            s->second -= t.quantity;  // written before the restart
            continue;
        }
        fresh.push_back(t);
    }
    return fresh;
}

std::int64_t FillLedger::filled(std::string_view orderid) const {
    const auto it = filled_.find(orderid);
    return it == filled_.end() ? 0 : it->second;
}

void FillLedger::seed(const std::string& orderid, std::int64_t qty) {
    if (qty > 0) seeded_[orderid] = qty;
}

}  // namespace sos::broker::live
