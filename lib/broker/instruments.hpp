// What the exchange says about each tradable: lot size, freeze quantity (the largest quantity
// one order may carry) and tick size. From configuration, and from the lot_size option chains
// carry. An option or future takes its underlying's entry. A symbol without a known lot size
// is refused, never guessed (lot sizes change: NIFTY went from 75 to 65).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sos::broker {

struct Instrument {
    std::int64_t lot_size = 0;
    std::int64_t freeze_qty = 0;  // 0: no limit known
    double tick_size = 0.05;
};

class InstrumentBook {
public:
    void set(std::string underlying, Instrument in) { entries_[std::move(underlying)] = in; }
    // A lot size seen on an OPTION_CHAIN; the configured one wins when they disagree.
    void learn_lot_size(std::string_view underlying, std::int64_t lot);
    // The entry for a symbol or, for its options and futures, its underlying.
    std::optional<Instrument> find(std::string_view symbol) const;
    // Equities without an entry trade in lots of one share.
    void set_equity_default(std::optional<Instrument> in) { equity_default_ = in; }

    // Splits `qty` into orders no larger than the freeze quantity, each a whole number of lots.
    static std::vector<std::int64_t> freeze_slices(std::int64_t qty, const Instrument& in);

private:
    std::map<std::string, Instrument, std::less<>> entries_;
    std::map<std::string, std::int64_t, std::less<>> learned_;
    std::optional<Instrument> equity_default_;
};

}  // namespace sos::broker
