// The SQL views that rebuild trades from the order flow, created with the schema so that
// `sqlite3 FILE "SELECT * FROM trades"` and `sos-journal report` share one definition.
//
// A trade is one entry ORDER (its client order id): the FILLs carrying that order_id make its
// legs (one per symbol; an options structure has several), the side of a leg's first fill
// opens it and fills on the other side close it. Money comes from the fills, in paise: gross
// P&L is what the closing fills received less what the opening fills paid, net P&L is that
// less every fill's fees. A trade is closed when every leg has been closed in full; until
// then its P&L columns are NULL. EXIT lines give the reasons and the P&L the executor
// reported, kept beside the journal's own figure as a cross-check. History (hist = 1) is
// never a trade: it repeats what an earlier run already recorded.
#pragma once

#include <string>

namespace sos::journal {

// CREATE VIEW statements for trade_legs and trades, ';'-separated.
std::string trade_views_sql();

}  // namespace sos::journal
