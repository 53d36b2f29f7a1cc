#include "expr/names.hpp"

#include <algorithm>
#include <string>

namespace sos::expr {

namespace {

struct CandleName {
    std::string_view name;
    CandleField field;
};
constexpr CandleName kCandleNames[] = {
    {"open", kOpen},
    {"o", kOpen},
    {"high", kHigh},
    {"h", kHigh},
    {"low", kLow},
    {"l", kLow},
    {"close", kClose},
    {"c", kClose},
    {"volume", kVolume},
    {"v", kVolume},
    {"vol", kVolume},
    {"range", kRange},
    {"body", kBody},
    {"upper_wick", kUpperWick},
    {"lower_wick", kLowerWick},
    {"mid", kMid},
};

constexpr std::array<std::string_view, kSentimentFields> kSentimentNames = {
    "pcr",     "pcr_velocity",  "breadth.adv", "breadth.dec", "oi_wall_above", "oi_wall_below", "iv",
    "iv_rank", "iv_percentile", "hv",          "skew",        "term",          "vix",           "max_pain",
};

constexpr std::array<std::string_view, kCandleFields> kCanonicalCandle = {
    "open", "high", "low", "close", "volume", "range", "body", "upper_wick", "lower_wick", "mid",
};

}  // namespace

std::optional<CandleField> candle_field(std::string_view name) {
    for (const auto& c : kCandleNames)
        if (c.name == name) return c.field;
    return std::nullopt;
}

std::optional<SentimentField> sentiment_field(std::string_view name) {
    for (std::size_t i = 0; i < kSentimentNames.size(); ++i)
        if (kSentimentNames[i] == name) return static_cast<SentimentField>(i);
    return std::nullopt;
}

std::string_view candle_field_name(CandleField f) {
    return kCanonicalCandle[static_cast<std::size_t>(f)];
}
std::string_view sentiment_field_name(SentimentField f) {
    return kSentimentNames[static_cast<std::size_t>(f)];
}

const std::vector<std::string_view>& known_names() {
    static const std::vector<std::string_view> names = [] {
        static std::vector<std::string> owned;
        for (const auto& c : kCandleNames) {
            owned.push_back("candle." + std::string(c.name));
            owned.push_back("prev." + std::string(c.name));
        }
        for (auto s : kSentimentNames)
            owned.push_back("sentiment." + std::string(s));
        for (auto s : {"open", "high", "low", "close", "volume", "regime", "session.minute", "atr", "avg",
                       "vwap", "tp_mult", "quantity_mod", "sl_tightness", "entry", "sl", "risk"})
            owned.emplace_back(s);
        std::vector<std::string_view> v(owned.begin(), owned.end());
        return v;
    }();
    return names;
}

std::optional<std::string_view> did_you_mean(std::string_view word,
                                             const std::vector<std::string_view>& candidates) {
    // Optimal string alignment distance: a swapped pair of letters (clsoe) costs one edit, as a
    // typist would count it. A suggestion must be within a third of the word's length.
    auto distance = [](std::string_view a, std::string_view b) {
        const std::size_t w = b.size() + 1;
        std::vector<std::size_t> d((a.size() + 1) * w);
        for (std::size_t i = 0; i <= a.size(); ++i)
            d[i * w] = i;
        for (std::size_t j = 0; j <= b.size(); ++j)
            d[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i)
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
                std::size_t v =
                    std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = std::min(v, d[(i - 2) * w + j - 2] + 1);
                d[i * w + j] = v;
            }
        return d[a.size() * w + b.size()];
    };
    std::optional<std::string_view> best;
    std::size_t best_d = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (auto c : candidates) {
        if (word.size() > c.size() + best_d || c.size() > word.size() + best_d) continue;
        std::size_t d = distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

}  // namespace sos::expr
