// Reconciliation at the start of a live executor (issue 15): what sos knows of its positions
// (the state file, and the journal's history replayed as `hist` lines) against what the
// broker's position book says. Pure functions over typed rows: no network, no files.
//
// - A key both sides hold with the same signed quantity agrees: it is adopted.
// - A key only the broker holds, only sos holds, or both with different quantities is a
//   mismatch: new entries are refused until the operator accepts the broker's truth.
// - While entries are refused, an order that only reduces a position sos knows (the opposite
//   side, no more than sos holds) is an exit, and goes.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "broker/live/holdings.hpp"
#include "vocab/side.hpp"

namespace sos::broker::live {

enum class PositionVerdict : std::uint8_t {
    Agrees,      // both hold the same signed quantity
    BrokerOnly,  // the broker holds it, sos does not know it
    SosOnly,     // sos thinks it is held, the broker has nothing
    QtyDiffers   // both hold it, not the same quantity
};

struct PositionCheck {
    PositionKey key;
    std::int64_t broker_qty = 0;
    std::int64_t sos_qty = 0;
    PositionVerdict verdict = PositionVerdict::Agrees;
};

// One check per key either side holds, in key order.
std::vector<PositionCheck> compare_positions(const Holdings& broker, const Holdings& sos);

// Every check agrees (none at all: both flat).
bool all_agree(const std::vector<PositionCheck>& checks);

// "SBIN NSE MIS: broker +10, sos 0 (not known to sos)": for ALERT RECONCILE_MISMATCH.
std::string describe(const PositionCheck& c);
// The mismatches described, "; " between them.
std::string describe_mismatches(const std::vector<PositionCheck>& checks);

// What sos knows: the state file's positions for every key the state file has a record of
// (`state_keys`: keys of its orders and of its last acceptance), the journal's history for the
// others (a state file started afresh beside a journal that saw the trades). The state file wins
// where both know a key: it is synced before every request, the journal may lag behind.
Holdings known_positions(const Holdings& state, const std::set<PositionKey>& state_keys,
                         const Holdings& history);

// An order of `side` and `qty` on `key` that only reduces the position sos knows there: an
// exit, allowed while entries are refused.
bool reduces_known(const Holdings& sos, const PositionKey& key, vocab::Side side, std::int64_t qty);

}  // namespace sos::broker::live
