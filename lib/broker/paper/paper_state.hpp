// The paper broker's book: working entries, open positions and structures, the latest chains,
// and the helpers that write its events. Internal to lib/broker/paper.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/broker.hpp"
#include "broker/paper/paper_config.hpp"
#include "instrument/symbology.hpp"
#include "money/fees.hpp"
#include "money/paise.hpp"

namespace sos::broker::paper {

using money::Paise;
using time::Timestamp;

// How a traded instrument gets its price: from the trigger candle itself (the underlying is
// what is traded), from option chains, or from another symbol's candles (a future).
enum class PriceSource { Candle, Chain, OtherCandle };

struct Working {
    OrderRequest req;
    PriceSource source = PriceSource::Candle;
    int bars = 0;    // usable candles seen
    time::Date day;  // day orders: cancelled when this session ends
    bool awaiting_price = false;
    Timestamp decided_at;  // trigger reached at this candle close: the price comes after it
    Timestamp trigger_candle_open;
};

struct Position {
    std::string order_id, signal_id, strategy, symbol, underlying;
    PriceSource source = PriceSource::Candle;
    bool buy = true;     // side of the traded instrument
    bool long_u = true;  // direction on the underlying
    std::int64_t qty = 0;
    Paise entry;
    Paise entry_fees;
    std::optional<Paise> sl, tp, trail;  // levels of the underlying
    std::optional<Paise> initial_sl;
    std::optional<Paise> best;  // best underlying close since entry
    time::Timeframe tf = time::kOneMinute;
    vocab::Product product = vocab::Product::Mis;
    time::Date day;
    Timestamp fill_candle_open;  // on this candle only the stop counts
    bool exiting = false;        // decided; waiting for a price
    vocab::ExitReason exit_reason = vocab::ExitReason::Sl;
    Timestamp exit_decided_at;
    Paise mark;
    bool marked = false;
};

// A multi-leg order once filled: it owns its legs; exits are decided on its value.
struct Structure {
    std::string order_id;
    std::string underlying;
    std::string strategy;
    std::vector<Position> legs;
    Paise entry_value;  // signed: a debit is positive, a credit negative
    vocab::Product product = vocab::Product::Mis;
    time::Date day;
    Timestamp opened_at;
    bool closing = false;  // decided (kill): closes at the next chain after close_after
    vocab::ExitReason close_reason = vocab::ExitReason::Kill;
    Timestamp close_after;
};

// A structure order waiting for the first chain after it.
struct PendingStructure {
    OrderRequest req;
    time::Date day;
};

struct ChainPrices {
    Timestamp at;
    std::map<double, std::pair<double, double>> strikes;  // strike -> (call ltp, put ltp); <= 0: none
};

struct Book {
    PaperConfig cfg;
    std::vector<Working> working;
    std::vector<Position> positions;  // closed ones are erased at the end of each step
    std::vector<Structure> structures;
    std::vector<PendingStructure> pending_structures;
    // latest chain per (underlying, expiry)
    std::map<std::pair<std::string, std::int64_t>, ChainPrices> chains;
    // last candle per (symbol, tf seconds): open time, close time, close price, session day
    struct LastCandle {
        Timestamp open, close;
        Paise price;
        time::Date day;
    };
    std::map<std::pair<std::string, int>, LastCandle> last_candle;
    std::map<std::string, Paise> realized;  // per traded symbol, today
    time::Date realized_day;
    std::map<std::string, bool> flatten_pending;  // scope -> kill waiting for prices
    // Open quantity per traded symbol as the history's own FILL lines left it (signed), for
    // reconciliation; none seen: nothing to compare.
    std::map<std::string, std::int64_t> history_fills;
    bool history_has_fills = false;

    // What the current call wrote, in order. The broker hands it to the caller's sink when the
    // call ends (restore discards it): the book keeps no sink of its own between calls.
    std::vector<event::Event> written;

    // --- events ---
    event::Event make(event::Kind kind, const std::string& symbol, Timestamp at) const;
    void order_update(const std::string& id, const std::string& symbol, vocab::OrderStatus status,
                      std::int64_t filled, std::optional<Paise> avg, std::string message, Timestamp at);
    void fill(const std::string& order_id, const std::string& symbol, bool buy, std::int64_t qty, Paise price,
              Paise fees, Timestamp at);
    void exit(Position& p, vocab::ExitReason reason, Paise price, Timestamp at);
    void position_line(const std::string& symbol, Timestamp at);
    // Signed open quantity of a traded symbol (positions and structure legs).
    std::int64_t open_qty(const std::string& symbol) const;

    // --- prices and charges ---
    // `price` moved slippage_ticks against the trader and onto the tick grid.
    Paise slipped(Paise price, bool buy, Paise tick) const;
    Paise fees_for(const std::string& symbol, vocab::Product product, bool buy, std::int64_t qty,
                   Paise price) const;
    std::optional<Paise> chain_price(const std::string& option_symbol, Timestamp at_or_after) const;
    Paise tick_size(const std::string& symbol) const;
    Timestamp close_time(Timestamp open, time::Timeframe tf) const;
};

}  // namespace sos::broker::paper
