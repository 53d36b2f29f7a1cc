// The regime and sentiment in force for each underlying: the latest that arrived, merged
// field by field. An update without a symbol is market-wide: merged into every underlying,
// and an underlying first seen later starts from it. An option or future takes its
// underlying's state (instrument::underlying_of).
//
// A REGIME line decides an underlying's regime; a SENTIMENT_UPDATE's own `regime` field (the
// seed bridge's form) is used only until the first REGIME line for that underlying, so that
// an upstream sos-regime always wins over a stale bridge field.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event/event.hpp"
#include "expr/names.hpp"
#include "expr/program.hpp"
#include "vocab/regime.hpp"

namespace sos::strategy {

struct Context {
    std::array<double, expr::kSentimentFields> sentiment;
    std::optional<vocab::Regime> regime;  // none until one arrives
    bool regime_from_line = false;

    Context() { sentiment.fill(expr::kUndefined); }
};

class MarketState {
public:
    // The index of an underlying's state, made (from the market-wide state) on first use.
    int index(std::string_view underlying);
    const Context& at(int i) const { return ctx_[static_cast<std::size_t>(i)]; }
    Context& at(int i) { return ctx_[static_cast<std::size_t>(i)]; }
    std::size_t size() const { return ctx_.size(); }
    const std::string& name(int i) const { return names_[static_cast<std::size_t>(i)]; }
    Context& market() { return market_; }
    const Context& market() const { return market_; }

    // Takes a SENTIMENT_UPDATE or REGIME event; other kinds are ignored.
    void apply(const event::Event& e);

private:
    Context market_;
    std::vector<Context> ctx_;
    std::vector<std::string> names_;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> index_;
};

void merge_sentiment(Context& c, const event::Sentiment& s);

}  // namespace sos::strategy
