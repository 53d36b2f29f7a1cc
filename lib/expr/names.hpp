// The language's built-in names and where each lives in an evaluation frame. A frame is one
// array of doubles: the common part (this candle, the previous one, the underlying's sentiment
// and regime, the regime-adjusted parameters and the execution figures) at fixed slots, then a
// strategy's own part (captured variables, indicator values), then temporaries. Names are
// resolved to slots once, when a strategy loads; evaluation never looks a name up.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sos::expr {

using Slot = std::uint16_t;

enum CandleField : int {
    kOpen,
    kHigh,
    kLow,
    kClose,
    kVolume,
    kRange,
    kBody,
    kUpperWick,
    kLowerWick,
    kMid,
    kCandleFields
};

enum SentimentField : int {
    kPcr,
    kPcrVelocity,
    kBreadthAdv,
    kBreadthDec,
    kOiWallAbove,
    kOiWallBelow,
    kIv,
    kIvRank,
    kIvPercentile,
    kHv,
    kSkew,
    kTerm,
    kVix,
    kMaxPain,
    kSentimentFields
};

namespace slots {
inline constexpr Slot kCandle = 0;
inline constexpr Slot kPrev = kCandle + kCandleFields;
inline constexpr Slot kSentiment = kPrev + kCandleFields;
inline constexpr Slot kRegime = kSentiment + kSentimentFields;  // vocab::index of the regime, NaN when none
// Minutes from the session's open to the candle's open (0 for a session's first bar): an sos
// extension, so that an opening range can be told from the rest of the day.
inline constexpr Slot kSessionMinute = kRegime + 1;
inline constexpr Slot kTpMult = kSessionMinute + 1;
inline constexpr Slot kQuantityMod = kTpMult + 1;
inline constexpr Slot kSlTightness = kQuantityMod + 1;
inline constexpr Slot kEntry = kSlTightness + 1;
inline constexpr Slot kSl = kEntry + 1;  // the effective (regime-tightened) stop
inline constexpr Slot kRisk = kSl + 1;
inline constexpr Slot kCommon = kRisk + 1;  // a strategy's own slots start here
}  // namespace slots

// Field of `candle.` / `prev.`: open high low close volume (o h l c v vol), range body
// upper_wick lower_wick mid.
std::optional<CandleField> candle_field(std::string_view name);
// Field of `sentiment.` (with `breadth.adv` / `breadth.dec` given as one name).
std::optional<SentimentField> sentiment_field(std::string_view name);
// The canonical names, for messages and --explain.
std::string_view candle_field_name(CandleField f);
std::string_view sentiment_field_name(SentimentField f);
// Every name a user may write, for "did you mean" suggestions.
const std::vector<std::string_view>& known_names();

// The incremental indicators a call site can be (see lib/indicators).
enum class IndicatorKind : std::uint8_t { Atr, Sma, Ema, Rsi, Highest, Lowest, Vwap };

// The closest of `candidates` to `word` when it is close enough to be a likely typo.
std::optional<std::string_view> did_you_mean(std::string_view word,
                                             const std::vector<std::string_view>& candidates);

}  // namespace sos::expr
