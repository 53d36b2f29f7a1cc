// What sos-exec drives: a broker takes approved orders and market data and answers with order
// updates, fills, exits and positions. The paper broker simulates fills candle by candle; a live
// OpenAlgo broker (a later issue) implements the same interface, so sos-exec's wiring, the
// journal and the reports do not change when it is swapped in.
#pragma once

#include <string_view>

#include "broker/order_request.hpp"
#include "event/event.hpp"

namespace sos::broker {

// Where a broker's events go (sos-exec writes them after the line that caused them).
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void emit(const event::Event& e) = 0;
};

class Broker {
public:
    virtual ~Broker() = default;
    // "paper" or "live": written on every event the broker produces.
    virtual std::string_view mode() const = 0;
    // An order approved by sos-risk.
    virtual void place(const OrderRequest& order, EventSink& out) = 0;
    // Market data: candles drive triggers, exits, square-off and marks; chains price options.
    virtual void on_market(const event::Event& e, EventSink& out) = 0;
    // Close everything (kill switch) or what matches `scope` (an underlying or a strategy);
    // working entries are cancelled.
    virtual void flatten(std::string_view scope, time::Timestamp at, EventSink& out) = 0;
    // A `hist` event (history replayed after a restart): rebuild the book from it, write
    // nothing, place nothing.
    virtual void restore(const event::Event& e) = 0;
};

}  // namespace sos::broker
