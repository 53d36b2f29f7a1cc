// The instrument registry: what the exchange says about each tradable (lot size, freeze
// quantity, tick size, exchange), read by sos-risk to size and slice orders and by every
// broker to price and send them. Entries are per underlying; an option or future takes its
// underlying's entry and trades on that exchange's F&O segment. A plain symbol without an
// entry is a stock traded on the equity default's terms, when one is set. Lot sizes learned
// from option chains (their lot_size field) fill in for the options and futures of an
// underlying without an entry, never for the underlying itself (a stock trades in shares).
// A lot size is never guessed: lot sizes are revised (NIFTY went from 75 to 65).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "money/paise.hpp"
#include "vocab/exchange.hpp"

namespace sos::instrument {

struct Instrument {
    std::int64_t lot_size = 0;
    std::int64_t freeze_qty = 0;  // the published freeze quantity (it trips the limit); 0: none known
    money::Paise tick{5};
    vocab::Exchange exchange = vocab::Exchange::Nse;  // where the underlying itself is quoted
};

inline constexpr money::Paise kDefaultTick{5};  // NSE's 0.05 for F&O and most stocks

class Registry {
public:
    void set(std::string underlying, const Instrument& in) { entries_[std::move(underlying)] = in; }
    // The entry of an underlying itself, if configured.
    const Instrument* entry(std::string_view underlying) const;
    // A lot size seen on an OPTION_CHAIN; a configured entry wins when they disagree.
    void learn_lot_size(std::string_view underlying, std::int64_t lot);
    void set_equity_default(std::optional<Instrument> in) { equity_default_ = in; }
    const std::optional<Instrument>& equity_default() const { return equity_default_; }

    // The terms of a symbol: its own entry, its underlying's, (for a derivative only) a learned
    // lot size, or (for a plain symbol only: a derivative's lot is never one share) the equity
    // default.
    std::optional<Instrument> find(std::string_view symbol) const;
    // The tick of a symbol (its entry's, its underlying's or, for a plain symbol, the equity
    // default's), the default tick when nothing is known of it. Learned lots play no part.
    money::Paise tick_of(std::string_view symbol) const;
    // The exchange an order in `symbol` goes to: the underlying's own for a plain symbol, its
    // F&O segment for an option or future (NIFTY on NSE_INDEX, its options on NFO).
    std::optional<vocab::Exchange> exchange_of(std::string_view symbol) const;

    // Splits `qty` into orders below the freeze quantity, each a whole number of lots.
    static std::vector<std::int64_t> freeze_slices(std::int64_t qty, const Instrument& in);

private:
    std::map<std::string, Instrument, std::less<>> entries_;
    std::map<std::string, std::int64_t, std::less<>> learned_;
    std::optional<Instrument> equity_default_;
};

// A price level on the instrument's tick grid (the nearest tick): levels an expression
// computed (47105.200000000004) go out as a broker would accept them.
double on_tick(double rupees, money::Paise tick);

}  // namespace sos::instrument
