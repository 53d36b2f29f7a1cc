// OpenAlgo's exchanges: cash markets, F&O segments and the quote-only index "exchanges"
// (an index is quoted on NSE_INDEX; its options trade on NFO).
#pragma once

#include <cstdint>

#include "vocab/names.hpp"

namespace sos::vocab {

enum class Exchange : std::uint8_t {
    Nse,
    Nfo,
    Cds,
    Bse,
    Bfo,
    Bcd,
    Mcx,
    Ncdex,
    Nco,
    NseIndex,
    BseIndex,
    McxIndex,
    GlobalIndex,
    Crypto,
};

template <>
struct Names<Exchange> {
    static constexpr std::array<std::string_view, 14> table = {
        "NSE",   "NFO", "CDS",       "BSE",       "BFO",       "BCD",          "MCX",
        "NCDEX", "NCO", "NSE_INDEX", "BSE_INDEX", "MCX_INDEX", "GLOBAL_INDEX", "CRYPTO"};
};

// Where the futures and options of an underlying quoted on `e` trade: NFO for NSE and its
// indices, BFO for BSE and its indices; a derivatives or commodity exchange is its own.
constexpr Exchange derivatives_exchange(Exchange e) {
    switch (e) {
        case Exchange::Nse:
        case Exchange::NseIndex:
            return Exchange::Nfo;
        case Exchange::Bse:
        case Exchange::BseIndex:
            return Exchange::Bfo;
        case Exchange::McxIndex:
            return Exchange::Mcx;
        default:
            return e;
    }
}

}  // namespace sos::vocab
