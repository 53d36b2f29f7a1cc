#include "broker/paper/paper_reconcile.hpp"

#include <fmt/format.h>
#include <set>

namespace sos::broker::paper {

void note_history_fill(Book& b, const event::Event& e) {
    const auto* f = e.as<event::Fill>();
    if (!f) return;
    b.history_has_fills = true;
    b.history_fills[e.env.symbol] += f->side == vocab::Side::Buy ? f->qty : -f->qty;
}

void reconcile_with_history(Book& b, Timestamp at) {
    if (!b.history_has_fills) return;
    std::set<std::string> symbols;
    for (const auto& [symbol, qty] : b.history_fills)
        symbols.insert(symbol);
    for (const auto& p : b.positions)
        symbols.insert(p.symbol);
    for (const auto& st : b.structures)
        for (const auto& leg : st.legs)
            symbols.insert(leg.symbol);
    for (const auto& symbol : symbols) {
        auto it = b.history_fills.find(symbol);
        const std::int64_t written = it == b.history_fills.end() ? 0 : it->second;
        const std::int64_t rebuilt = b.open_qty(symbol);
        if (written == rebuilt) continue;
        auto e = b.make(event::Kind::Alert, symbol, at);
        auto& a = e.body.emplace<event::Alert>();
        a.level = "warn";
        a.code = "RECONCILE";
        a.message = fmt::format(
            "{}: the history's fills leave {} open, the paper book rebuilt from its orders and market "
            "data holds {} (history cut short, or settings changed since); trading on with the rebuilt book",
            symbol, written, rebuilt);
        a.tool = "sos-exec";
        b.written.push_back(std::move(e));
    }
    b.history_fills.clear();
    b.history_has_fills = false;
}

}  // namespace sos::broker::paper
