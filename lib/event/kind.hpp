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

// Operations lines (ALERT, HEALTH, CONTROL, SYNC, TRACE) carry the time they were written,
// not market time: they say whether the stream is live, never where its clock is.
constexpr bool is_operations(Kind k) {
    return k == Kind::Alert || k == Kind::Health || k == Kind::Control || k == Kind::Sync || k == Kind::Trace;
}

}  // namespace sos::event
