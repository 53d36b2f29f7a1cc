// What sos-alert hands its senders: one line of the stream worth telling a person about (an
// ALERT, or a trade the broker confirmed), as the line itself and as words for a chat.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "vocab/names.hpp"

namespace sos::alerts {

// An ALERT's `level`, in order of gravity.
enum class AlertLevel : std::uint8_t { Info, Warn, Crit };

// Which trade confirmations are told: none, those of a live account only (`"mode":"live"`), or
// every one (the paper broker's too, labelled so).
enum class TradeMode : std::uint8_t { None, Live, All };

enum class NoticeKind : std::uint8_t { Alert, Trade };

struct Notice {
    NoticeKind kind = NoticeKind::Alert;
    std::string line;  // the stream's line as it came (a webhook's body, a command's stdin)
    std::string text;  // the words for a person (a Telegram message)
    std::string what;  // the ALERT's code, or FILL / EXIT: for diagnostics
    std::chrono::steady_clock::time_point taken{};  // given up --give-up-after after this
};

}  // namespace sos::alerts

namespace sos::vocab {

template <>
struct Names<alerts::AlertLevel> {
    static constexpr std::array<std::string_view, 3> table = {"info", "warn", "crit"};
};

template <>
struct Names<alerts::TradeMode> {
    static constexpr std::array<std::string_view, 3> table = {"none", "live", "all"};
};

}  // namespace sos::vocab
