// The live broker's POSITION marks (docs/decisions.md "Live POSITION marks"): what sos holds in
// each symbol, from the FILL lines it wrote, marked as the paper broker marks it, so that
// sos-risk's daily loss and kill_loss see open losses and sos-journal status shows open
// positions with their marked P&L. A line is due after a fill and after an EXIT (flushed at the
// end of the call that wrote them, so an exit's FILL and EXIT give one line), on each candle of
// a symbol sos holds (marked at its close) and on each option chain pricing an option sos holds
// (marked at its LTP). The broker's position book stays the arbiter at the reconciliation and
// the kill (position_line.hpp), never for marks.
#include "broker/live/live_broker.hpp"
#include "instrument/symbology.hpp"
#include "time/bar_close.hpp"

namespace sos::broker::live {

std::int64_t LiveBroker::written_of(const LiveOrder& o) const {
    return o.broker_order_id.empty() ? 0 : fills_.filled(o.broker_order_id);
}

// Each entry of a position still open with `symbol` as its instrument (a structure's legs are
// entries of their own); a closed position is in the realised P&L of its day.
std::vector<Holding> LiveBroker::holdings_in(const std::string& symbol) const {
    std::vector<Holding> out;
    for (const auto& [id, p] : trades_) {
        if (p.done) continue;
        for (const auto& cid : p.slices) {
            auto it = orders_.find(cid);
            if (it == orders_.end() || it->second.body.symbol != symbol) continue;
            const auto& entry = it->second;
            Holding h{entry.body.action == vocab::Side::Buy, written_of(entry), entry.filled_value};
            for (const auto& [oid, o] : orders_)
                if (o.role != OrderRole::Entry && o.parent == cid) {
                    h.out_qty += written_of(o);
                    h.out_value += o.filled_value;
                }
            if (h.in_qty > 0) out.push_back(h);
        }
    }
    return out;
}

bool LiveBroker::holds(const std::string& symbol) const {
    for (const auto& h : holdings_in(symbol))
        if (h.in_qty > h.out_qty) return true;
    return false;
}

// The symbols of every entry sos holds something of.
std::set<std::string> LiveBroker::held_symbols() const {
    std::set<std::string> out;
    for (const auto& [id, p] : trades_)
        if (!p.done)
            for (const auto& cid : p.slices)
                if (auto it = orders_.find(cid); it != orders_.end() && holds(it->second.body.symbol))
                    out.insert(it->second.body.symbol);
    return out;
}

// A candle of a symbol sos holds marks it at its close; an option chain, the options of its
// underlying and expiry sos holds at their LTP (the paper broker's marks).
void LiveBroker::mark_on_market(const event::Event& e) {
    if (const auto* k = e.as<event::Candle>()) {
        if (!holds(e.env.symbol)) return;
        const auto close = time::bar_close(e.time(), k->tf, options_.calendar);
        marks_.price(e.env.symbol, money::Paise::from_price(k->c));
        marks_.touch(e.env.symbol, close);
        return;
    }
    const auto* ch = e.as<event::OptionChain>();
    if (!ch || !ch->expiry) return;  // the bridge's OI-only chains carry no prices
    for (const auto& symbol : held_symbols()) {
        const auto o = instrument::parse_option(symbol);
        if (!o || o->underlying != e.env.symbol || o->expiry != *ch->expiry) continue;
        for (const auto& row : ch->strikes) {
            if (row.strike != o->strike) continue;
            const bool call = o->right == vocab::OptionRight::Call;
            const auto& leg = call ? row.ce : row.pe;
            if (!(call ? row.has_ce : row.has_pe) || !leg.ltp || !(*leg.ltp > 0)) break;
            marks_.price(symbol, money::Paise::from_price(*leg.ltp));
            marks_.touch(symbol, e.time());
            break;
        }
    }
}

void LiveBroker::write_marks(EventSink& out) {
    for (const auto& [symbol, at] : marks_.take_due()) {
        auto m = mark_of(holdings_in(symbol), marks_.mark(symbol).value_or(money::Paise{0}));
        m.realized += marks_.realized(symbol, at);
        out.emit(position_event(symbol, m, at));
    }
}

}  // namespace sos::broker::live
