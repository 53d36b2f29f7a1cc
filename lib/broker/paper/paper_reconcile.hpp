// Reconciliation of the paper book after a restart (internal to lib/broker/paper): the book
// rebuilt from the history's orders and market data against the history's own FILL lines.
#pragma once

#include "broker/paper/paper_state.hpp"

namespace sos::broker::paper {

// A `hist` FILL: counted into the open quantity the interrupted run wrote.
void note_history_fill(Book& b, const event::Event& fill);
// Writes an ALERT RECONCILE (warn) for each symbol whose open quantity in the rebuilt book
// differs from the history's fills, then forgets the history's fills (once per restart).
void reconcile_with_history(Book& b, Timestamp at);

}  // namespace sos::broker::paper
