#include "event/compact_candle.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>

#include "event/json_values.hpp"
#include "event/validate.hpp"
#include "time/timeframe.hpp"

namespace sos::event::detail {

namespace {

// The fields taken here, one bit each; a key given twice is left to the general way.
enum Field : unsigned {
    kTimestamp,
    kSymbol,
    kExchange,
    kSrc,
    kTrueRegime,
    kHist,
    kTf,
    kO,
    kH,
    kL,
    kC,
    kV,
    kOi,
    kGap,
    kPartial,
    kNotTaken,  // any other key: seq, ver and mode too (rare on candles), and every alias
};

// What finish_candle requires; without one of them the general way says which is missing.
constexpr std::uint32_t kRequired = 1u << kTf | 1u << kO | 1u << kH | 1u << kL | 1u << kC | 1u << kV;

Field field_of(std::string_view key) {
    switch (key.size()) {
        case 1:
            switch (key[0]) {
                case 'o':
                    return kO;
                case 'h':
                    return kH;
                case 'l':
                    return kL;
                case 'c':
                    return kC;
                case 'v':
                    return kV;
            }
            break;
        case 2:
            if (key == "tf") return kTf;
            if (key == "oi") return kOi;
            break;
        case 3:
            if (key == "src") return kSrc;
            if (key == "gap") return kGap;
            break;
        case 4:
            if (key == "hist") return kHist;
            break;
        case 6:
            if (key == "symbol") return kSymbol;
            break;
        case 7:
            if (key == "partial") return kPartial;
            break;
        case 8:
            if (key == "exchange") return kExchange;
            break;
        case 9:
            if (key == "timestamp") return kTimestamp;
            break;
        case 11:
            if (key == "true_regime") return kTrueRegime;
            break;
    }
    return kNotTaken;
}

// The line being read, from p to its last byte (its closing brace), which every scan stops at.
struct Cursor {
    const char* p;
    const char* last;

    // A string of printable ASCII without escapes: its text, read in place as read_text does.
    bool plain_string(std::string_view& out) {
        if (*p != '"') return false;
        const char* q = p + 1;
        while (q < last && *q != '"') {
            const auto ch = static_cast<unsigned char>(*q);
            if (ch < 0x20 || ch >= 0x80 || ch == '\\') return false;
            ++q;
        }
        if (q == last) return false;
        out = std::string_view(p + 1, static_cast<std::size_t>(q - p - 1));
        p = q + 1;
        return true;
    }
    bool string(std::string& out) {
        std::string_view s;
        if (!plain_string(s)) return false;
        out.assign(s);
        return true;
    }
    bool number(double& out) {
        const char* end = json::read_short_decimal(p, out);
        if (!end) return false;
        p = end;
        return true;
    }
    // Whole epoch seconds, as read_timestamp takes them without calling them unusual: no
    // sign, no leading zero, no fraction, 1 to 9,000,000,000.
    bool epoch_seconds(std::optional<time::Timestamp>& out) {
        std::uint64_t s = 0;
        const char* q = p;
        if (*q < '1' || *q > '9') return false;
        for (; *q >= '0' && *q <= '9'; ++q) {
            s = s * 10 + static_cast<std::uint64_t>(*q - '0');
            if (q - p >= 10) return false;
        }
        if (s > 9'000'000'000ULL) return false;
        out = time::Timestamp::from_seconds(static_cast<std::int64_t>(s));
        p = q;
        return true;
    }
    bool boolean(bool& out) {
        if (last - p >= 4 && std::memcmp(p, "true", 4) == 0) {
            out = true;
            p += 4;
            return true;
        }
        if (last - p >= 5 && std::memcmp(p, "false", 5) == 0) {
            out = false;
            p += 5;
            return true;
        }
        return false;
    }
};

bool read_value(Cursor& c, Field f, Envelope& env, Candle& k) {
    switch (f) {
        case kTimestamp:
            return c.epoch_seconds(env.timestamp);
        case kSymbol:
            return c.string(env.symbol);
        case kExchange:
            return c.string(env.exchange);
        case kSrc:
            return c.string(env.src);
        case kTrueRegime:
            return c.string(env.true_regime);
        case kHist:
            return c.boolean(env.hist);
        case kTf: {
            std::string_view s;
            if (!c.plain_string(s)) return false;
            auto tf = time::parse_timeframe(s);
            if (tf) k.tf = *tf;
            return tf.has_value();
        }
        case kO:
            return c.number(k.o);
        case kH:
            return c.number(k.h);
        case kL:
            return c.number(k.l);
        case kC:
            return c.number(k.c);
        case kV:
            return c.number(k.v);
        case kOi: {
            double d;
            if (!c.number(d)) return false;
            k.oi = d;
            return true;
        }
        case kGap:
            return c.boolean(k.gap);
        case kPartial:
            return c.boolean(k.partial);
        case kNotTaken:
            break;
    }
    return false;
}

// The fields after "type": "key":value pairs separated by commas up to the closing brace.
bool read_fields(Cursor& c, Envelope& env, Candle& k) {
    std::uint32_t seen = 0;
    for (;;) {
        std::string_view key;
        if (!c.plain_string(key) || *c.p != ':') return false;
        ++c.p;
        const Field f = field_of(key);
        if (f == kNotTaken || (seen >> f & 1u)) return false;
        seen |= 1u << f;
        if (!read_value(c, f, env, k)) return false;
        if (*c.p == '}') return c.p == c.last && (seen & kRequired) == kRequired;
        if (*c.p != ',') return false;
        ++c.p;
    }
}

}  // namespace

bool read_compact_candle(const char* data, std::size_t len, EventList& out) {
    static constexpr std::string_view kHead = R"({"type":"CANDLE",)";
    if (len <= kHead.size() || data[len - 1] != '}' || std::memcmp(data, kHead.data(), kHead.size()) != 0)
        return false;
    Cursor c{data + kHead.size(), data + len - 1};
    Event& e = out.add();
    Candle& k = EventList::body_as<Candle>(e);
    e.env.kind = Kind::Candle;
    if (!read_fields(c, e.env, k) || validate(e)) {
        out.clear();
        return false;
    }
    return true;
}

}  // namespace sos::event::detail
