#include "event/kind.hpp"

#include <array>

namespace sos::event {

namespace {
constexpr std::array<std::string_view, kKindCount> kNames = {
    "",
    "TICK",
    "CANDLE",
    "OPTION_CHAIN",
    "BREADTH",
    "SENTIMENT_UPDATE",
    "REGIME",
    "SIGNAL",
    "ORDER",
    "REJECT",
    "ORDER_UPDATE",
    "FILL",
    "EXIT",
    "POSITION",
    "ALERT",
    "HEALTH",
    "CONTROL",
    "TRACE",
    "SYNC",
    "CANDLE_UPDATE",
    "MARKET_UPDATE",
    "SYNC_RECOVERY",
    "OPTION_CHAIN_UPDATE",
};
}  // namespace

std::string_view type_name(Kind k) {
    return kNames[static_cast<std::size_t>(k)];
}

Kind kind_from_type(std::string_view type) {
    // Candles dominate every stream; test them first.
    if (type == "CANDLE") return Kind::Candle;
    for (int i = 1; i < kKindCount; ++i)
        if (kNames[static_cast<std::size_t>(i)] == type) return static_cast<Kind>(i);
    return Kind::Unknown;
}

bool is_seed_form(Kind k) {
    return k == Kind::CandleUpdate || k == Kind::MarketUpdate || k == Kind::SyncRecovery ||
           k == Kind::OptionChainUpdate;
}

bool requires_timestamp(Kind k) {
    switch (k) {
        case Kind::Alert:
        case Kind::Health:
        case Kind::Control:
        case Kind::Trace:
        case Kind::Sync:
        case Kind::Unknown:
        case Kind::SyncRecovery:
            return false;
        default:
            return true;
    }
}

bool requires_symbol(Kind k) {
    switch (k) {
        case Kind::Tick:
        case Kind::Candle:
        case Kind::OptionChain:
        case Kind::Breadth:
        case Kind::Signal:
        case Kind::Order:
        case Kind::Fill:
        case Kind::Exit:
        case Kind::Position:
        case Kind::CandleUpdate:
        case Kind::MarketUpdate:
        case Kind::OptionChainUpdate:
            return true;
        default:
            return false;
    }
}

}  // namespace sos::event
