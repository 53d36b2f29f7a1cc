// One request of a live order as the live broker tracks it: the placeorder body sent (one freeze
// slice of an ORDER, or an exit-side order of one slice: its exchange stop or an exit), where it
// stands, the broker's order id once known, and its expiry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "broker/live/armed_entries.hpp"
#include "broker/live/order_state.hpp"
#include "money/paise.hpp"
#include "openalgo/order_requests.hpp"
#include "ratelimit/windowed_bucket.hpp"
#include "time/timestamp.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

// What an order does to its ORDER's position (docs/decisions.md "Exits live").
enum class OrderRole : std::uint8_t {
    Entry,  // a slice of the ORDER's entry
    Stop,   // the exchange's protective SL-M for what one entry slice filled (the safety net)
    Exit    // a MARKET order closing what one entry slice holds (target, stop, square-off, kill)
};

// A modifyorder wanted for a working order: its new quantity, pricetype and trigger.
struct Modification {
    std::int64_t quantity = 0;
    vocab::OrderType pricetype = vocab::OrderType::SlM;
    std::optional<money::Paise> trigger;
    bool to_market() const { return pricetype == vocab::OrderType::Market; }
    bool operator==(const Modification&) const = default;
};

struct LiveOrder {
    std::string client_id;
    std::string order_id;    // the ORDER's id (FILL carries it, for exits too, as the paper broker's)
    std::string underlying;  // whose candles count towards the expiry (besides the symbol)
    int slice = 0;
    OrderRole role = OrderRole::Entry;
    std::string parent;         // Stop, Exit: the client id of the entry slice it closes
    openalgo::PlaceOrder body;  // without the key; a modification acknowledged is written into it
    Progress progress;
    money::Paise filled_value{0};  // the trade book's quantity x price of its fills so far
    std::string broker_order_id;
    std::optional<time::Timestamp> expires;  // working past this: cancelled, keeping the fills
    bool cancel_sent = false;
    bool unknown_alerted = false;
    ratelimit::TimePoint send_after{};  // not sent (connection refused): tried again from then
    bool in_flight = false;             // a placement or cancellation awaits its answer
    // Stop: the modification waiting to go (the latest wanted), the one sent, and the last the
    // broker refused (not asked again: the stop stands as it was; the books are read at once).
    std::optional<Modification> modify_wanted, modify_sent, modify_refused;
    bool used_as_exit = false;  // modified to MARKET: it is the exit now
    // Entry: armed on its underlying (ARMED until it trades through; armed_entries.hpp). Its
    // slice 0 goes as optionsorder when it is an option of that underlying; `resolved` once the
    // answer (or the order book) named the option placed, which body.symbol then is.
    std::optional<ArmedEntry> armed;
    bool resolved = false;
    // Entry, ARMED: its underlying traded through while the start's reconciliation had not
    // agreed yet: the TRIGGERED message, for when it does.
    std::optional<std::string> crossed;
    // Entry: a MARKET exit waits for the position book read this many requests on (0: none
    // wanted): the position book decides how much is still there to close.
    std::uint64_t book_want = 0;

    // The id its ORDER_UPDATE lines carry: the ORDER's for an entry slice; the ORDER's with
    // "/stop" or "/exit" for an exit-side order, so sos-risk never takes its CANCELLED or
    // REJECTED for the entry's (its FILL lines carry the ORDER's id, as the paper broker's).
    // An entry part that ends with nothing while its ORDER goes on is said under its part id
    // instead (LiveBroker::reported_id); this one names the queue's requests.
    std::string update_id() const {
        switch (role) {
            case OrderRole::Entry:
                return order_id;
            case OrderRole::Stop:
                return order_id + "/stop";
            case OrderRole::Exit:
                return order_id + "/exit";
        }
        return order_id;
    }
};

}  // namespace sos::broker::live

namespace sos::vocab {
template <>
struct Names<broker::live::OrderRole> {
    static constexpr std::array<std::string_view, 3> table = {"ENTRY", "STOP", "EXIT"};
};
}  // namespace sos::vocab
