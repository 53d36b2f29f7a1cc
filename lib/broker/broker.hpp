// What sos-exec drives: a broker takes approved orders and market data and answers with order
// updates, fills, exits and positions. The paper broker simulates fills candle by candle; a live
// OpenAlgo broker (a later issue) implements the same interface, so sos-exec's wiring, the
// journal and the reports do not change when it is swapped in.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "broker/order_request.hpp"
#include "event/event.hpp"

namespace sos::broker {

// Where a broker's events go (sos-exec writes them after the line that caused them).
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void emit(const event::Event& e) = 0;
    // A line outside the event catalogue, already encoded (ending in '\n'), of type `type`:
    // a dry run's REQUEST lines (decoders pass unknown types through untouched).
    virtual void emit_line(std::string_view type, std::string_view line) = 0;
};

// Called on one thread at a time (the stage's deciding thread, or its reading thread for a
// lone line), never concurrently; a broker with a network thread of its own queues what that
// thread receives and writes it from poll().
class Broker {
public:
    virtual ~Broker() = default;
    // "paper", "live" or "dry-run": written on every line the broker produces.
    virtual std::string_view mode() const = 0;
    // An order approved by sos-risk.
    virtual void place(const OrderRequest& order, EventSink& out) = 0;
    // Market data: candles drive triggers, exits, square-off and marks; chains price options.
    virtual void on_market(const event::Event& e, EventSink& out) = 0;
    // Close everything (kill switch) or what matches `scope` (an underlying or a strategy);
    // working entries are cancelled.
    virtual void flatten(std::string_view scope, time::Timestamp at, EventSink& out) = 0;
    // A CONTROL line other than kill (which flatten() answers): the live broker takes
    // `resume` addressed to sos-exec as the operator accepting the broker's positions after a
    // reconciliation mismatch. Others have nothing to do with it.
    virtual void control(const event::Control&, time::Timestamp, EventSink&) {}

    // --- after a restart: restore, then reconcile ---
    // A `hist` event (history replayed after a restart): rebuild the book from it, write
    // nothing, place nothing. What sos knew.
    virtual void restore(const event::Event& e) = 0;
    // Once the history (if any) has been replayed, before the first live line: ask the broker
    // what is true now (its order book and positions) and write what the rebuilt book does
    // not know (a fill or a cancellation that happened while sos-exec was down), or an ALERT
    // where the two disagree. `at` is the time of the history's last event (of the first
    // live one when there was no history).
    virtual void reconcile(time::Timestamp at, EventSink& out) = 0;

    // --- the broker's own clock ---
    // Write what arrived on its own since the last call (fills, rejections, reconnections),
    // not caused by an input line. sos-exec calls it after every line, whenever input goes
    // quiet, every poll_interval() while it stays quiet, and at the end of input.
    virtual void poll(EventSink& out) = 0;
    // How often poll() runs while input is quiet; zero: only when input pauses (a broker
    // with nothing of its own to say).
    virtual std::chrono::milliseconds poll_interval() const { return {}; }

    // Where the latest kill switch (or square-off) stands, for HEALTH: a live broker's kill is
    // in progress until the broker's position book confirms it. The paper broker's is done
    // at once: None.
    enum class SweepState : std::uint8_t { None, InProgress, Done, Unconfirmed };
    virtual SweepState sweep_state() const { return SweepState::None; }

    // Where a live broker's order_update stream stands, for HEALTH (docs/live.md): None for a
    // broker without one (paper, dry run, an instance without a stream).
    enum class StreamState : std::uint8_t { None, Up, Connecting, Down };
    virtual StreamState stream_state() const { return StreamState::None; }
};

}  // namespace sos::broker
