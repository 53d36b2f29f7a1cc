// One decoded message: the common envelope plus the typed body of its kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "event/kind.hpp"
#include "event/market.hpp"
#include "event/operations.hpp"
#include "event/trading.hpp"
#include "time/timestamp.hpp"

namespace sos::event {

struct Envelope {
    Kind kind = Kind::Unknown;
    int ver = kContractVersion;
    std::optional<time::Timestamp> timestamp;
    std::string symbol;  // empty: market-wide (SENTIMENT_UPDATE, REGIME) or not symbol-scoped
    std::string exchange;
    std::string src;
    bool hist = false;
    std::optional<std::int64_t> seq;
    std::string true_regime;   // synth's ground truth (sos extension)
    std::string mode;          // "paper" or "live" on what an executor writes (sos extension)
    std::string unknown_type;  // the type as written, for a type outside the catalogue
};

using Body = std::variant<std::monostate, Tick, Candle, OptionChain, Breadth, Sentiment, RegimeUpdate, Signal,
                          Order, Reject, OrderUpdate, Fill, Exit, Position, Alert, Health, Control, Trace>;

struct Event {
    Envelope env;
    Body body;

    time::Timestamp time() const { return env.timestamp.value_or(time::Timestamp{}); }
    template <class T>
    T* as() {
        return std::get_if<T>(&body);
    }
    template <class T>
    const T* as() const {
        return std::get_if<T>(&body);
    }
};

// Empties an envelope for reuse, keeping its strings' storage (a fresh Envelope built and
// moved in for every line was a measurable part of decoding). The members it resets, laid
// out again: a field added to Envelope changes its size and stops the build here.
inline void reset(Envelope& e) {
    struct Resets {
        Kind kind;
        int ver;
        std::optional<time::Timestamp> timestamp;
        std::string symbol, exchange, src;
        bool hist;
        std::optional<std::int64_t> seq;
        std::string true_regime, mode, unknown_type;
    };
    static_assert(sizeof(Envelope) == sizeof(Resets), "a field was added to Envelope: reset it here");
    e.kind = Kind::Unknown;
    e.ver = kContractVersion;
    e.timestamp.reset();
    e.symbol.clear();
    e.exchange.clear();
    e.src.clear();
    e.hist = false;
    e.seq.reset();
    e.true_regime.clear();
    e.mode.clear();
    e.unknown_type.clear();
}

// Empties a body for reuse. Bodies with lists (a chain's strikes, a signal's variables) keep
// their storage, so decoding the next one of the same kind allocates nothing.
template <class T>
void reset(T& body) {
    body = T{};
}
inline void reset(OptionChain& ch) {
    auto strikes = std::move(ch.strikes);
    strikes.clear();
    ch = OptionChain{};
    ch.strikes = std::move(strikes);
}
inline void reset(Trace& t) {
    auto values = std::move(t.values);
    values.clear();
    t = Trace{};
    t.values = std::move(values);
}
inline void reset(Signal& s) {
    auto vars = std::move(s.f.vars);
    auto legs = std::move(s.f.legs);
    vars.clear();
    legs.clear();
    s = Signal{};
    s.f.vars = std::move(vars);
    s.f.legs = std::move(legs);
}

// The canonical events one input line stands for: usually one, several for the seed forms
// (CANDLE_UPDATE with 1m and 5m, MARKET_UPDATE, SYNC_RECOVERY), none for unknown types.
// Slots are reused line after line so steady-state decoding does not allocate.
class EventList {
public:
    Event& add() {
        if (count_ == items_.size()) items_.emplace_back();
        Event& e = items_[count_++];
        reset(e.env);
        return e;
    }
    // Sets the body to T, reusing the slot's storage when it already held a T.
    template <class T>
    static T& body_as(Event& e) {
        if (auto* p = std::get_if<T>(&e.body)) {
            reset(*p);
            return *p;
        }
        return e.body.emplace<T>();
    }
    void clear() { count_ = 0; }
    void pop_back() { --count_; }
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    Event& operator[](std::size_t i) { return items_[i]; }
    const Event& operator[](std::size_t i) const { return items_[i]; }
    Event* begin() { return items_.data(); }
    Event* end() { return items_.data() + count_; }
    const Event* begin() const { return items_.data(); }
    const Event* end() const { return items_.data() + count_; }

private:
    std::vector<Event> items_;
    std::size_t count_ = 0;
};

}  // namespace sos::event
