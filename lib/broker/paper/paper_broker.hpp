// The paper broker: fills approved orders against the market data in the stream, candle by
// candle, with the semantics of spec/trading.md:
// - a stop entry fills on the first usable candle (one opening at or after the order) that
//   reaches its trigger: at the open when the candle gaps through it, else at the trigger;
//   it works for entry_valid_bars candles of its timeframe, then is cancelled, and is a day
//   order; the bar that made the signal is never used;
// - on the entry candle only the stop can be hit (the worst case); on later candles the open
//   trades first (a gap through target or stop exits at the open), then a candle reaching both
//   takes the stop, one reaching one takes it at its level;
// - trailing moves the stop to the best close minus the trail, never back;
// - MIS positions are squared off at the close of the candle closing at or after 15:15; a day
//   whose data ends early is squared off at its last close, decided when the next day starts;
//   end of input squares off nothing;
// - options (an index signal traded as its ATM option, or a structure's legs) are triggered by
//   the underlying's candles and priced from the first option chain at or after the decision;
//   without a price there is no fill and the order update says why;
// - every fill pays slippage and the Indian charges of its segment, in exact paise.
// Events carry the close time of the candle (or the chain's time) that decided them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "broker/broker.hpp"
#include "broker/paper/paper_config.hpp"
#include "money/paise.hpp"

namespace sos::broker {

class PaperBroker : public Broker {
public:
    explicit PaperBroker(PaperConfig config);
    ~PaperBroker() override;

    std::string_view mode() const override { return "paper"; }
    void place(const OrderRequest& order, EventSink& out) override;
    void on_market(const event::Event& e, EventSink& out) override;
    void flatten(std::string_view scope, time::Timestamp at, EventSink& out) override;
    // Paper fills depend only on the stream, so replaying the history's orders, market data and
    // kills through the same simulation, with its output discarded, rebuilds the exact book
    // (working entries with their bar counts, positions with their trailing stops) that the
    // interrupted run had. The history's own FILL and EXIT lines are the results of that and
    // are not needed.
    void restore(const event::Event& e) override;
    // The paper broker is its own truth: its book is what is true. What can disagree is the
    // history's own FILL lines (the book the interrupted run wrote) and the book rebuilt from
    // the history's orders and market data, when the history is cut or the settings changed
    // between the runs (slippage, entry_valid_bars): an ALERT RECONCILE per symbol whose open
    // quantity differs, naming both. The rebuilt book goes on. A history without FILL lines
    // (orders and market data only) has nothing to compare.
    void reconcile(time::Timestamp at, EventSink& out) override;
    // Paper fills are decided by the stream's own lines: nothing arrives on its own.
    void poll(EventSink&) override {}

    std::size_t open_positions() const;
    std::size_t working_orders() const;

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace sos::broker
