// The live executor's state file (sos-exec --state FILE): every order's intent, written and
// synced to disk BEFORE its request leaves, and every move of its state after, so a restart
// (even after SIGKILL) knows what it sent and never sends it twice.
//
// Append-only NDJSON, one record a line, each line written whole with one write() and synced
// (fdatasync) before append() returns (docs/decisions.md says why not a whole-file rewrite):
//   {"rec":"intent","client_id":"S…00","order_id":"ORB:…#1","slice":0,
//    "request":{"strategy":"S…00","exchange":"NSE",…}}            (the placeorder fields, no key)
//   {"rec":"state","client_id":"S…00","state":"OPEN","broker_order_id":"25…","filled_qty":0}
//                                (and, where they apply: "value" the fills' quantity x price in
//                                paise, "reason" a WITHDRAWN one's (vocab::WithdrawReason),
//                                "quantity" the order's own after a modifyorder, "symbol" the
//                                option a structure leg's offset resolved to, when it is not
//                                the one its intent guessed)
//   {"rec":"modify","client_id":"S…00","quantity":10,"pricetype":"SL-M","trigger_price":2490.5}
//                                (a modifyorder the broker acknowledged: the order is now so)
// An entry armed on its underlying (armed_entries.hpp) carries "on", its trigger and expiry; it
// is ARMED until a state record moves it (INTENT when the underlying traded through, WITHDRAWN):
//   {"rec":"intent",…,"on":{"underlying":"NIFTY","side":"SELL","trigger":21650.00,"tf":60,
//    "from":1704685740,"until":1704685920}}
// and the option OpenAlgo resolved for it (optionsorder) rides on its state records as "symbol":
// the order trades that symbol from then on.
// An exit-side order's intent says its "role" (STOP, EXIT) and "parent" (the entry slice's client
// id); an entry's carries its "plan" (its ORDER's stop, target, trail: exit_rules.hpp), so a
// restart exits as the first run would. A record without them is an entry of an older file.
//   {"rec":"accept","positions":[{"symbol":"SBIN","exchange":"NSE","product":"MIS","qty":10}]}
//                                (the operator accepted the broker's positions: reconcile.hpp)
// The API key is never in it: an intent holds the request's fields without the key
// (openalgo::write_placeorder_fields), and nothing here takes a Secret.
//
// Reading it back: records in order, each state record applied to its intent's order; a last
// line without its newline is a write a crash cut short: it is dropped (its request was not
// sent: the sync comes before the send) and cut off the file before the next record; any other
// line that does not read is an error, since a state file sos cannot trust must stop the
// executor rather than be guessed at.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "broker/live/armed_entries.hpp"
#include "broker/live/exit_rules.hpp"
#include "broker/live/holdings.hpp"
#include "broker/live/live_order.hpp"
#include "broker/live/order_state.hpp"
#include "config/json_config.hpp"
#include "openalgo/order_requests.hpp"
#include "vocab/withdraw_reason.hpp"

namespace sos::broker::live {

struct StoredOrder {
    std::string client_id;
    std::string order_id;  // the ORDER's id
    int slice = 0;
    openalgo::PlaceOrder request;  // without the key
    LiveState state = LiveState::Intent;
    std::string broker_order_id;
    std::int64_t filled_qty = 0;
    OrderRole role = OrderRole::Entry;
    std::string parent;            // Stop, Exit: the entry slice's client id
    std::optional<ExitPlan> plan;  // Entry: its ORDER's exits
    money::Paise filled_value{0};
    std::optional<vocab::WithdrawReason> withdrawn;
    std::optional<ArmedEntry> armed;  // Entry: armed on its underlying (ARMED until triggered)
    bool resolved = false;            // request.symbol is the option OpenAlgo resolved
};

// What a state record adds beside the state: the fills' value, why it was withdrawn, and the
// order's quantity when a modification changed it, the symbol a structure leg's offset
// resolved to at the broker.
struct StateExtras {
    money::Paise filled_value{0};
    std::optional<vocab::WithdrawReason> withdrawn;
    std::optional<std::int64_t> quantity;
    std::optional<std::string> symbol;  // the option OpenAlgo resolved (a structure leg, optionsorder)
};

// A state file that cannot be read, trusted or written: the executor stops (status 78).
class StateError : public config::ConfigError {
    using config::ConfigError::ConfigError;
};

class StateFile {
public:
    // Opens (creating it, mode 0600) and reads `path`; StateError if it cannot be opened or a
    // line other than a cut-short last one does not read.
    explicit StateFile(std::string path);
    ~StateFile();
    StateFile(const StateFile&) = delete;
    StateFile& operator=(const StateFile&) = delete;

    // Every order known, by client id.
    const std::map<std::string, StoredOrder, std::less<>>& orders() const { return orders_; }
    const StoredOrder* find(std::string_view client_id) const;

    // Appends the record and syncs it to disk before returning; StateError if it cannot (the
    // caller must then not send). An intent for a client id already known is refused.
    void append_intent(const StoredOrder& o);
    void append_state(std::string_view client_id, LiveState state, std::string_view broker_order_id,
                      std::int64_t filled_qty, const StateExtras& extras = {});
    // The broker acknowledged a modifyorder: the order's quantity, pricetype and trigger now.
    void append_modify(std::string_view client_id, const Modification& m);

    // The operator accepted the broker's positions (sos-exec reconcile --accept-broker, or a
    // CONTROL resume for sos-exec after a mismatch): they become what sos holds, and only the
    // fills after this record add to them.
    void append_accept(const Holdings& broker);

    // What sos holds by this file: the last acceptance's positions (none without one) plus every
    // order's fills not yet counted by it, signed by side.
    Holdings positions() const;
    // The keys this file speaks for: every order's and the last acceptance's.
    std::set<PositionKey> position_keys() const;
    // An acceptance is on record: the broker's word is newer than any history.
    bool has_acceptance() const { return has_acceptance_; }

    const std::string& path() const { return path_; }

private:
    void read_existing();
    void apply_line(std::string_view line, std::size_t number);
    void apply_accept(Holdings accepted);
    void append_line(const std::string& line);
    void drop_torn_tail();

    std::string path_;
    int fd_ = -1;
    bool existed_ = false;
    std::size_t whole_lines_ = 0;  // bytes of the complete lines read
    bool torn_tail_ = false;       // a last line without its newline followed them
    std::map<std::string, StoredOrder, std::less<>> orders_;
    Holdings accepted_;                                         // the last acceptance's positions
    std::map<std::string, std::int64_t, std::less<>> counted_;  // filled quantities it covered
    bool has_acceptance_ = false;
};

}  // namespace sos::broker::live
