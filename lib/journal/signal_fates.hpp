// What became of each signal of a run, read from the journal's order flow: refused by sos-risk,
// turned into orders (routed), taken by the broker (accepted), filled. Both live views read it:
// `status` for the last signals and the regime gate, `quality` for its counts.
//
// A signal is linked to what followed by the ids the tools write: an ORDER's signal_id, an
// ORDER_UPDATE's, FILL's or REJECT's order id, a REJECT's ref (the signal or one of its orders).
// The stages are a funnel, each a part of the one before: signals >= routed >= accepted >= filled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journal/sqlite.hpp"
#include "journal/time_range.hpp"
#include "vocab/names.hpp"

namespace sos::journal {

// The furthest a signal got.
enum class SignalFate : std::uint8_t {
    Pending,   // nothing decided yet (sos-risk decides at the next line), or no sos-risk downstream
    Rejected,  // refused by sos-risk, or its orders refused by sos-exec or the broker, none taken
    Routed,    // sos-risk wrote its order; the broker has not taken it (in flight, or unanswered)
    Accepted,  // the broker took an order of it (open, trigger pending or complete), not filled yet
    Filled,    // an order of it filled
};

}  // namespace sos::journal

namespace sos::vocab {
template <>
struct Names<journal::SignalFate> {
    static constexpr std::array<std::string_view, 5> table = {"PENDING", "REJECTED", "ROUTED", "ACCEPTED",
                                                              "FILLED"};
};
}  // namespace sos::vocab

namespace sos::journal {

struct SignalOutcome {
    double ts = 0;  // the signal's time (its trigger bar's close)
    std::string signal_id;
    std::string symbol;
    std::string strategy;  // pattern_id, "?" when absent
    std::string side;
    std::string tf;
    std::string regime;  // as the signal carried it, "-" when absent
    SignalFate fate = SignalFate::Pending;
    // For a rejected signal: its first refusal. A REJECT line's stage and reason code, or for an
    // order the executor or broker refused, stage "exec" and reason "REJECTED" with the
    // ORDER_UPDATE's message as detail.
    std::string stage, reason, detail;

    bool routed() const { return fate >= SignalFate::Routed; }
    bool accepted() const { return fate >= SignalFate::Accepted; }
};

struct SignalQuery {
    TimeRange range;                    // on the signal's time
    bool newest_first = false;          // else in stream order
    std::optional<std::int64_t> limit;  // at most this many
};

// A signal id's first non-history SIGNAL line in the run, each id once. Throws JournalError.
std::vector<SignalOutcome> load_signal_outcomes(Database& db, std::int64_t run_id, const SignalQuery& q);

// sos-match's vetoes (REJECT lines of stage `match`): a strategy's setup refused before it
// became a signal, with the strategy and regime it carried.
struct Veto {
    double ts = 0;
    std::string symbol;
    std::string strategy;  // pattern_id, "?" when absent
    std::string side;
    std::string regime;  // "-" when absent
    std::string reason;
    std::string detail;
};
std::vector<Veto> load_vetoes(Database& db, std::int64_t run_id, const TimeRange& range);

}  // namespace sos::journal
