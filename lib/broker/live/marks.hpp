// What sos holds in one symbol live, marked at a price: the POSITION line's figures
// (events.md: `qty` signed, `avg_price`, `realized_pnl`, `unrealized_pnl`), in exact paise,
// from the fills sos-exec --live wrote (docs/decisions.md "Live POSITION marks").
//
// Each entry order (a freeze slice, a structure's leg) is one Holding: what its FILL lines
// bought or sold, and what its exit-side orders' FILL lines closed of it. What is closed costs
// its share of the entry's value (rounded once to the paisa, halves away from zero), so the
// realised part and the open part always add up to the exact total; once the whole entry is
// closed its realised P&L is the EXIT's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "money/paise.hpp"
#include "time/calendar.hpp"
#include "time/timestamp.hpp"

namespace sos::broker::live {

struct Holding {
    bool buy = true;           // the entry's side
    std::int64_t in_qty = 0;   // what its FILL lines filled
    money::Paise in_value{0};  // their quantity x price
    std::int64_t out_qty = 0;  // what its exit-side orders' FILL lines filled
    money::Paise out_value{0};
};

struct Marked {
    std::int64_t qty = 0;        // signed: long positive
    money::Paise avg{0};         // the average entry of what is open; 0 when flat
    money::Paise realized{0};    // of the parts already closed
    money::Paise unrealized{0};  // of what is open, at the mark
};

// The holdings of one symbol at `mark`.
Marked mark_of(const std::vector<Holding>& holdings, money::Paise mark);

// The prices the marks use and the day's realised P&L, per symbol; and which symbols changed
// since the last POSITION lines were written.
class Marks {
public:
    explicit Marks(const time::Calendar* calendar) : calendar_(calendar) {}
    // A price of `symbol` (a candle's close, an option chain's LTP, a fill): the mark from now
    // on. The latest to arrive wins, whatever its time: the feed's clock and the broker's trade
    // times are not one clock (another instance, the trade book's seconds).
    void price(const std::string& symbol, money::Paise p);
    std::optional<money::Paise> mark(const std::string& symbol) const;
    // A position closed: its P&L is the symbol's realised P&L of the day of `at`.
    void realize(const std::string& symbol, money::Paise pnl, time::Timestamp at);
    money::Paise realized(const std::string& symbol, time::Timestamp at) const;
    // `symbol`'s position changed at `at`: a POSITION line is due.
    void touch(const std::string& symbol, time::Timestamp at);
    // The symbols due, with their latest change's time; none due afterwards.
    std::map<std::string, time::Timestamp> take_due();

private:
    time::Date day_of(time::Timestamp at) const;
    const time::Calendar* calendar_;
    std::map<std::string, money::Paise> prices_;
    std::map<std::string, money::Paise> realized_;
    time::Date realized_day_{};
    std::map<std::string, time::Timestamp> due_;
};

// The POSITION event of `symbol` at `at` (mode live, src sos-exec); `m.realized` is the day's.
event::Event position_event(const std::string& symbol, const Marked& m, time::Timestamp at);

}  // namespace sos::broker::live
