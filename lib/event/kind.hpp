// The catalogue of message types of the sos event contract (spec/events.md), version 1.
#pragma once

#include <cstdint>
#include <string_view>

namespace sos::event {

inline constexpr int kContractVersion = 1;

enum class Kind : std::uint8_t {
    Unknown,  // a type outside the catalogue: passed through untouched
    // market
    Tick,
    Candle,
    OptionChain,
    Breadth,
    Sentiment,
    // decisions and trading
    Regime,
    Signal,
    Order,
    Reject,
    OrderUpdate,
    Fill,
    Exit,
    Position,
    // operations
    Alert,
    Health,
    Control,
    Trace,  // a debugging step of a tool's reasoning (sos-match --explain)
    // sos's own handshake between sos-risk and sos-exec (pipeline/feedback.hpp): the envelope
    // only, its `seq` required, its `timestamp` on sos-risk's side alone. Not in the
    // specification's catalogue; an sos extension like TRACE.
    Sync,
    // seed forms, accepted on input and read as their canonical equivalents
    CandleUpdate,
    MarketUpdate,
    SyncRecovery,
    OptionChainUpdate,
};

inline constexpr int kKindCount = static_cast<int>(Kind::OptionChainUpdate) + 1;

std::string_view type_name(Kind k);
Kind kind_from_type(std::string_view type);
bool is_seed_form(Kind k);
// Market and trading messages must carry a timestamp; operations messages may omit it.
bool requires_timestamp(Kind k);
// Messages scoped to one symbol (SENTIMENT_UPDATE and REGIME may be market-wide).
bool requires_symbol(Kind k);

}  // namespace sos::event
