// Per-kind field readers used by the decoder: each takes one key and its value and stores it
// in the typed body, reports the key unknown (to be walked and skipped), or refuses it.
// Internal to lib/event.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/decoder.hpp"
#include "event/json_values.hpp"
#include "vocab/names.hpp"
#include "vocab/regime.hpp"

namespace sos::event::detail {

namespace od = simdjson::ondemand;

enum class Read { Used, Unknown, Bad };

// A key given twice in one object: which of the two is meant is a guess (simdjson, jq and
// Python would each take a different one), so the line is refused rather than read either way.
inline constexpr std::string_view kKeyTwice = "given twice in one object";

struct Ctx {
    DecodeError& err;
    std::string path;       // prefix of nested fields: "strikes[3].ce."
    std::string_view type;  // the message's type, copied into the error only on failure
    // Set when the message used a spelling other than the canonical one (a seed or bridge
    // alias, a numeric string, milliseconds): such a line must be re-encoded, not copied.
    bool alias = false;

    Read aliased(Read r) {
        if (r == Read::Used) alias = true;
        return r;
    }

    Read bad(std::string_view key, std::string_view reason) {
        err.type.assign(type);
        err.field = path;
        err.field.append(key);
        err.reason.assign(reason);
        return Read::Bad;
    }
    bool fail(std::string_view key, std::string_view reason) {
        bad(key, reason);
        return false;
    }
    bool missing(std::string_view key) {
        bad(key, "missing");
        return false;
    }
};

// Which required fields a message carried.
struct Seen {
    std::uint32_t bits = 0;
    Read mark(int bit, Read r) {
        if (r == Read::Used) bits |= 1u << bit;
        return r;
    }
    bool has(int bit) const { return bits & (1u << bit); }
};

Read num(od::value& v, double& out, Ctx& c, std::string_view key);
Read opt_num(od::value& v, OptNum& out, Ctx& c, std::string_view key);
Read integer(od::value& v, std::int64_t& out, Ctx& c, std::string_view key);
Read str(od::value& v, std::string& out, Ctx& c, std::string_view key);
Read timeframe(od::value& v, time::Timeframe& out, Ctx& c, std::string_view key);
// A REGIME's or SENTIMENT_UPDATE's regime: lower case is read as an alias (the bridge writes
// "bullish"); with `may_be_absent`, null and the bridge's "" and "UNKNOWN" mean no regime.
Read regime_any_case(od::value& v, std::optional<vocab::Regime>& out, Ctx& c, std::string_view key,
                     bool may_be_absent);
// A SIGNAL's regime: a name exactly as the contract writes it, or null.
Read regime_or_null(od::value& v, std::optional<vocab::Regime>& out, Ctx& c, std::string_view key);

// A word of the vocabulary exactly as the contract writes it; anything else is refused,
// saying what would have been accepted.
template <class E>
Read word(od::value& v, E& out, Ctx& c, std::string_view key) {
    std::string_view s;
    if (!json::read_text(v, s)) return c.bad(key, "not a string");
    if (auto e = vocab::parse<E>(s)) {
        out = *e;
        return Read::Used;
    }
    return c.bad(key, vocab::not_one_of<E>(s));
}
// The same where "" stands for absent (an ORDER of legs has no side of its own).
template <class E>
Read word_or_empty(od::value& v, std::optional<E>& out, Ctx& c, std::string_view key) {
    std::string_view s;
    if (!json::read_text(v, s)) return c.bad(key, "not a string");
    if (s.empty()) {
        out.reset();
        return Read::Used;
    }
    if (auto e = vocab::parse<E>(s)) {
        out = *e;
        return Read::Used;
    }
    return c.bad(key, vocab::not_one_of<E>(s));
}
template <class E>
Read word(od::value& v, std::optional<E>& out, Ctx& c, std::string_view key) {
    E e{};
    Read r = word(v, e, c, key);
    if (r == Read::Used) out = e;
    return r;
}

// Market bodies. `finish_*` reports a missing required field.
Read read_tick(std::string_view key, od::value& v, Tick& t, Seen& s, Ctx& c);
bool finish_tick(const Seen& s, Ctx& c);
Read read_candle(std::string_view key, od::value& v, Candle& k, Seen& s, Ctx& c);
bool finish_candle(const Seen& s, Ctx& c, bool tf_required);
// An {o,h,l,c,v} (or {open,high,low,close,volume}) object inside a seed form.
bool read_ohlcv_object(od::value& v, Candle& k, Ctx& c, std::string_view key);
Read read_chain(std::string_view key, od::value& v, OptionChain& ch, Seen& s, Ctx& c);
bool finish_chain(const Seen& s, Ctx& c, bool bridge_form);
Read read_breadth(std::string_view key, od::value& v, Breadth& b, Seen& s, Ctx& c);
bool finish_breadth(const Seen& s, Ctx& c);
Read read_sentiment(std::string_view key, od::value& v, Sentiment& m, Ctx& c);
bool read_sentiment_object(od::value& v, Sentiment& m, Ctx& c, std::string_view key);

// Decision, trading and operations bodies.
Read read_regime(std::string_view key, od::value& v, RegimeUpdate& r, Seen& s, Ctx& c);
bool finish_regime(const Seen& s, Ctx& c);
Read read_signal(std::string_view key, od::value& v, Signal& g, Seen& s, Ctx& c);
bool finish_signal(const Seen& s, Ctx& c);
Read read_order(std::string_view key, od::value& v, Order& o, Seen& s, Ctx& c);
bool finish_order(const Order& o, const Seen& s, Ctx& c);
Read read_reject(std::string_view key, od::value& v, Reject& r, Seen& s, Ctx& c);
bool finish_reject(const Seen& s, Ctx& c);
Read read_order_update(std::string_view key, od::value& v, OrderUpdate& u, Seen& s, Ctx& c);
bool finish_order_update(const Seen& s, Ctx& c);
Read read_fill(std::string_view key, od::value& v, Fill& f, Seen& s, Ctx& c);
bool finish_fill(const Seen& s, Ctx& c);
Read read_exit(std::string_view key, od::value& v, Exit& x, Seen& s, Ctx& c);
bool finish_exit(const Seen& s, Ctx& c);
Read read_position(std::string_view key, od::value& v, Position& p, Seen& s, Ctx& c);
bool finish_position(const Seen& s, Ctx& c);
Read read_alert(std::string_view key, od::value& v, Alert& a, Seen& s, Ctx& c);
bool finish_alert(const Seen& s, Ctx& c);
Read read_health(std::string_view key, od::value& v, Health& h, Seen& s, Ctx& c);
bool finish_health(const Seen& s, Ctx& c);
Read read_control(std::string_view key, od::value& v, Control& k, Seen& s, Ctx& c);
bool finish_control(const Seen& s, Ctx& c);
// Lenient: a field of the wrong type is skipped, never a reason to refuse the line.
Read read_trace(std::string_view key, od::value& v, Trace& t, Ctx& c);

}  // namespace sos::event::detail
