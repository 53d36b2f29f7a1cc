// sos-exec's logic as a pipeline filter: every line passes through; ORDER lines go to the
// broker (unless their quantity is not whole lots of the instrument registry's lot, configured
// or carried by the stream's option chains), candles
// and option chains are its market data, CONTROL kill flattens; what the
// broker answers (ORDER_UPDATE, FILL, EXIT, POSITION) is written right after the line that
// caused it. History (hist: true) is never executed: it goes to the broker's restore(), which
// rebuilds the book from it, so a restart neither forgets a position nor trades twice.
// Once the history is over (at the first live line, or at the end of input), the broker is
// asked what is true (reconcile). The broker also runs on its own clock: it is polled after
// every line, whenever input goes quiet, on its poll interval while it stays quiet (the tool
// passes broker().poll_interval() as the stage's tick) and at the end, so what arrives with no
// input line (a live fill, a rejection, a reconnection) is written when it arrives.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "broker/broker.hpp"
#include "broker/order_request.hpp"
#include "instrument/registry.hpp"
#include "pipeline/feedback.hpp"
#include "pipeline/filter.hpp"

namespace sos::broker {

// What sos-exec has written of its orders, for its HEALTH line: orders not yet final by their
// last ORDER_UPDATE, and the open quantity per symbol by the last POSITION.
struct OrderTally {
    std::map<std::string, bool, std::less<>> open_orders;  // id -> true while not final
    std::map<std::string, std::int64_t, std::less<>> positions;
    void note(const event::Event& e);
    std::int64_t open_order_count() const;
    std::int64_t open_position_count() const;
};

class ExecFilter : public pipeline::Filter {
public:
    // With `feedback`, every line sos-exec writes also goes back to sos-risk, and the SYNC
    // lines sos-risk writes are answered there (pipeline/feedback.hpp). `instruments` holds
    // orders to whole lots (sos-exec passes the registry sos-risk sizes with, the one its
    // broker prices with); the lots option chains carry are learned into it. Null: an empty
    // registry of the filter's own.
    explicit ExecFilter(std::unique_ptr<Broker> broker, pipeline::FeedbackSender* feedback = nullptr,
                        std::shared_ptr<instrument::Registry> instruments = nullptr)
        : broker_(std::move(broker)),
          feedback_(feedback),
          instruments_(instruments ? std::move(instruments) : std::make_shared<instrument::Registry>()) {}

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output& out) override;
    void on_end(ndjson::Output& out) override;

    Broker& broker() { return *broker_; }
    // The broker's mode, orders placed, open orders and positions, for HEALTH.
    void health(pipeline::HealthState& s) const override;

private:
    // The order as the broker takes it, or nothing and `why` (it cannot be read, or its
    // quantity is not whole lots).
    std::optional<OrderRequest> accepted(const event::Event& order, std::string& why) const;
    void place(const event::Event& order, EventSink& sink);
    void reconcile_once(time::Timestamp at, EventSink& sink);

    std::unique_ptr<Broker> broker_;
    pipeline::FeedbackSender* feedback_;
    std::set<std::string, std::less<>> placed_;          // order ids already placed: never twice
    std::shared_ptr<instrument::Registry> instruments_;  // configured lots, and those option chains carry
    bool reconciled_ = false;                            // the broker was asked what is true
    std::optional<time::Timestamp> last_seen_;           // time of the last event: the history's end
    OrderTally tally_;                                   // what was written of the orders
};

}  // namespace sos::broker
