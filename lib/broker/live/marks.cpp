#include "broker/live/marks.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace sos::broker::live {

namespace {

// a x n / d to the nearest paisa, halves away from zero, in 128 bits (no overflow).
money::Paise share(money::Paise a, std::int64_t n, std::int64_t d) {
    const __int128 num = static_cast<__int128>(a.value) * n;
    const bool negative = (num < 0) != (d < 0);
    const __int128 x = num < 0 ? -num : num, y = d < 0 ? -static_cast<__int128>(d) : d;
    const auto q = static_cast<std::int64_t>((2 * x + y) / (2 * y));
    return money::Paise{negative ? -q : q};
}

}  // namespace

Marked mark_of(const std::vector<Holding>& holdings, money::Paise mark) {
    Marked m;
    money::Paise cost{0};  // signed: what the open part cost, long positive
    for (const auto& h : holdings) {
        if (h.in_qty <= 0) continue;
        const std::int64_t sign = h.buy ? 1 : -1;
        const std::int64_t out = std::min(h.out_qty, h.in_qty);
        const money::Paise closed_cost = out == h.in_qty ? h.in_value : share(h.in_value, out, h.in_qty);
        const money::Paise open_cost = h.in_value - closed_cost;
        const std::int64_t held = h.in_qty - out;
        m.realized += (h.out_value - closed_cost) * sign;
        m.unrealized += (mark * held - open_cost) * sign;
        m.qty += held * sign;
        cost += open_cost * sign;
    }
    if (m.qty != 0) m.avg = share(cost, 1, m.qty);
    return m;
}

void Marks::price(const std::string& symbol, money::Paise p) {
    prices_[symbol] = p;
}

std::optional<money::Paise> Marks::mark(const std::string& symbol) const {
    auto it = prices_.find(symbol);
    if (it == prices_.end()) return std::nullopt;
    return it->second;
}

time::Date Marks::day_of(time::Timestamp at) const {
    return calendar_ ? calendar_->local_date(at) : time::Date{};
}

void Marks::realize(const std::string& symbol, money::Paise pnl, time::Timestamp at) {
    const auto day = day_of(at);
    if (day != realized_day_) {
        realized_.clear();
        realized_day_ = day;
    }
    realized_[symbol] += pnl;
}

money::Paise Marks::realized(const std::string& symbol, time::Timestamp at) const {
    if (day_of(at) != realized_day_) return money::Paise{0};  // a new day: nothing closed yet
    auto it = realized_.find(symbol);
    return it == realized_.end() ? money::Paise{0} : it->second;
}

void Marks::touch(const std::string& symbol, time::Timestamp at) {
    auto [it, fresh] = due_.try_emplace(symbol, at);
    if (!fresh && at > it->second) it->second = at;
}

std::map<std::string, time::Timestamp> Marks::take_due() {
    return std::exchange(due_, {});
}

event::Event position_event(const std::string& symbol, const Marked& m, time::Timestamp at) {
    event::Event e;
    e.env.kind = event::Kind::Position;
    e.env.timestamp = at;
    e.env.symbol = symbol;
    e.env.src = "sos-exec";
    e.env.mode = "live";
    auto& p = e.body.emplace<event::Position>();
    p.qty = m.qty;
    p.avg_price = m.avg.rupees();
    p.realized_pnl = m.realized.rupees();
    p.unrealized_pnl = m.unrealized.rupees();
    return e;
}

}  // namespace sos::broker::live
