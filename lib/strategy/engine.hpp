// The strategy engine: every strategy of the playbook on every symbol it concerns. It keeps
// each underlying's regime and sentiment (MarketState) and, per symbol, one tracker per
// strategy, grouped by timeframe and ordered by pattern_id so that the lines one candle
// derives come out in pattern_id order.
//
// Work on one symbol never touches another symbol's trackers, which is what lets candles of
// different symbols be judged in parallel (see parallel.hpp) with the same output.
#pragma once

#include <array>
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.hpp"
#include "strategy/derived.hpp"
#include "strategy/indicator_bank.hpp"
#include "strategy/market_state.hpp"
#include "strategy/strategy.hpp"
#include "strategy/symbol_index.hpp"
#include "strategy/tracker.hpp"
#include "time/calendar.hpp"

namespace sos::strategy {

struct EngineOptions {
    const time::Calendar* calendar = nullptr;  // session days and bar close times
    // --explain: "STRATEGY[@SYMBOL]" patterns (* and ?); "*" explains everything.
    std::vector<std::string> explain;
};

struct SymbolState {
    struct Group {
        time::Timeframe tf;
        std::vector<Tracker> trackers;  // pattern_id order
        IndicatorBank bank;             // the trackers' indicators, each distinct one once
        // The last candle the group judged: the previous candle of a tracker whose strategy
        // starts reading prev.* in a reload (trackers of others do not keep it).
        bool has_last = false;
        time::Timestamp last_ts;
        std::array<double, expr::kCandleFields> last_fields{};
    };
    std::string symbol;
    int underlying = 0;
    std::vector<Group> groups;

    Group* group(time::Timeframe tf) {
        for (auto& g : groups)
            if (g.tf == tf) return &g;
        return nullptr;
    }
};

// Scratch memory of one thread judging candles.
struct Worker {
    std::vector<double> frame;
    std::vector<double> scratch;
    // The session of the last day seen, so the calendar is asked once a day.
    std::int64_t session_day = INT64_MIN;
    std::optional<time::Session> session;
};

class Engine {
public:
    explicit Engine(EngineOptions options);

    // Installs a playbook (sorted by pattern_id). Trackers of unchanged strategies keep their
    // state; a changed strategy keeps its previous candle, the indicators of every call site it
    // still has, and a setup in progress when its phases are unchanged; a removed one is gone.
    void set_strategies(std::vector<std::shared_ptr<const Strategy>> strategies);
    const std::vector<std::shared_ptr<const Strategy>>& strategies() const { return strategies_; }

    // All the events of one input line, in order; derived lines are appended to `out`.
    void on_events(const event::EventList& events, Derived& out);

    // The parts on_events is made of, for parallel judging: state updates in input order,
    // then judge() on the symbol's own thread.
    void apply_state(const event::Event& e) { market_.apply(e); }
    // The symbol a candle event concerns, with its trackers made on first sight; null when no
    // strategy concerns it or it is not a candle to judge.
    SymbolState* route(const event::Event& e);
    void judge(SymbolState& sym, const event::Candle& k, time::Timestamp ts, bool hist, const Context& ctx,
               Worker& w, Derived& out) const;

    MarketState& market() { return market_; }
    const MarketState& market() const { return market_; }
    std::vector<std::unique_ptr<SymbolState>>& symbols() { return symbols_; }
    SymbolState* find_symbol(std::string_view symbol);
    SymbolState& symbol_state(std::string_view symbol);
    Worker& main_worker() { return worker_; }
    // Frame size every worker needs for the current playbook.
    std::size_t frame_size() const { return frame_size_; }
    bool explains(const Strategy& s, std::string_view symbol) const;
    std::int64_t session_day(time::Timestamp t) const;

private:
    // `was`: the symbol's groups before (their trackers already moved into `old`).
    void build(SymbolState& sym, std::vector<Tracker> old, const std::vector<SymbolState::Group>& was = {});

    EngineOptions opt_;
    time::ZoneOffset zone_;
    std::vector<std::shared_ptr<const Strategy>> strategies_;
    MarketState market_;
    std::vector<std::unique_ptr<SymbolState>> symbols_;
    SymbolIndex<SymbolState> by_name_;
    Worker worker_;
    std::size_t frame_size_ = 0;
};

// Carries what a changed strategy can keep from its previous version's tracker.
// `group`: the group the tracker was in (its last candle, see there).
Tracker carry_over(std::shared_ptr<const Strategy> s, Tracker&& old, const SymbolState::Group& group);

}  // namespace sos::strategy
