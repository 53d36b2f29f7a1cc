#include "event/decoder.hpp"

#include <algorithm>
#include <cstring>

#include "event/compact_candle.hpp"
#include "event/field_readers.hpp"
#include "event/validate.hpp"

namespace sos::event {

namespace od = simdjson::ondemand;
using detail::Ctx;
using detail::Read;
using detail::Seen;

std::string DecodeError::message() const {
    std::string m;
    if (!type.empty()) m.append(type).append(": ");
    if (!field.empty()) {
        if (reason == "missing") return m.append("field '").append(field).append("' is missing");
        m.append("field '").append(field).append("': ");
    }
    return m.append(reason);
}

struct Decoder::Impl {
    od::parser parser;
};

std::size_t Decoder::padding() {
    return simdjson::SIMDJSON_PADDING;
}

Decoder::Decoder(bool fast_paths) : impl_(std::make_unique<Impl>()), fast_paths_(fast_paths) {}
Decoder::~Decoder() = default;

namespace {

// What a seed form collects before its events are built. At namespace scope: nested in
// MessageReader, clang would not see it as default-constructible inside the class's own
// member functions (its member initialisers are not parsed until the class is complete).
struct SeedState {
    Envelope env;
    std::vector<Candle> candles;
    std::vector<std::optional<time::Timeframe>> candle_tf;
    time::Timeframe default_tf = time::kOneMinute;
    Sentiment sentiment;
    bool have_sentiment = false;
};

// Reads one message object (a whole line, or one element of a SYNC_RECOVERY) into canonical
// events appended to `out`.
class MessageReader {
public:
    MessageReader(Kind kind, EventList& out, Ctx& c) : kind_(kind), out_(out), c_(c), first_(out.size()) {}

    bool read(od::object obj) {
        begin();
        if (!read_fields(obj, /*top=*/true)) return false;
        return finish();
    }

private:
    void begin() {
        // The bridge's chain update is one event like a canonical message; the other seed
        // forms build theirs at the end from what they collected.
        if (is_seed_form(kind_) && kind_ != Kind::OptionChainUpdate) {
            seed_.emplace();
            env_ = &seed_->env;
        } else {
            env_ = &main().env;  // read straight into the event: no copy afterwards
        }
        switch (kind_) {
            case Kind::Tick:
                body_ = &EventList::body_as<Tick>(main());
                break;
            case Kind::Candle:
                body_ = &EventList::body_as<Candle>(main());
                break;
            case Kind::OptionChain:
            case Kind::OptionChainUpdate:
                body_ = &EventList::body_as<OptionChain>(main());
                break;
            case Kind::Breadth:
                body_ = &EventList::body_as<Breadth>(main());
                break;
            case Kind::Sentiment:
                body_ = &EventList::body_as<Sentiment>(main());
                break;
            case Kind::Regime:
                body_ = &EventList::body_as<RegimeUpdate>(main());
                break;
            case Kind::Signal:
                body_ = &EventList::body_as<Signal>(main());
                break;
            case Kind::Order:
                body_ = &EventList::body_as<Order>(main());
                break;
            case Kind::Reject:
                body_ = &EventList::body_as<Reject>(main());
                break;
            case Kind::OrderUpdate:
                body_ = &EventList::body_as<OrderUpdate>(main());
                break;
            case Kind::Fill:
                body_ = &EventList::body_as<Fill>(main());
                break;
            case Kind::Exit:
                body_ = &EventList::body_as<Exit>(main());
                break;
            case Kind::Position:
                body_ = &EventList::body_as<Position>(main());
                break;
            case Kind::Alert:
                body_ = &EventList::body_as<Alert>(main());
                break;
            case Kind::Health:
                body_ = &EventList::body_as<Health>(main());
                break;
            case Kind::Control:
                body_ = &EventList::body_as<Control>(main());
                break;
            case Kind::Trace:
                body_ = &EventList::body_as<Trace>(main());
                break;
            case Kind::Sync:  // the envelope is all of it
            case Kind::Unknown:
                main().body = std::monostate{};
                break;
            default:
                break;  // the other seed forms build their events in finish()
        }
    }

    Event& main() {
        if (out_.size() == first_) out_.add();
        return out_[first_];
    }

    template <class T>
    T& body() {
        return *static_cast<T*>(body_);
    }

    bool read_fields(od::object obj, bool top) {
        json::KeySet keys;
        for (auto fr : obj) {
            if (fr.error()) return c_.fail("", "not JSON: malformed object");
            od::field& f = fr.value_unsafe();
            std::string_view key;
            if (!json::field_key(f, key)) return c_.fail("", "not JSON: malformed key");
            if (!keys.insert(key)) return c_.fail(key, detail::kKeyTwice);
            od::value& v = f.value();
            Read r = read_field(key, v, top);
            if (r == Read::Bad) return false;
            if (r == Read::Unknown && !json::walk(v, nullptr))
                return c_.fail(key, "not JSON: malformed value");
        }
        return true;
    }

    Read read_envelope(std::string_view key, od::value& v) {
        // Unknown types get the envelope on a best-effort basis: a field they use differently
        // is theirs to define, so it is skipped rather than refused.
        const bool lenient = kind_ == Kind::Unknown;
        auto fail = [&](std::string_view why) { return lenient ? Read::Unknown : c_.bad(key, why); };
        switch (key.size()) {
            case 3:
                if (key == "ver") {
                    std::int64_t ver;
                    if (!json::read_integer(v, ver) || ver < 1) return fail("not a version number");
                    env_->ver = static_cast<int>(ver);
                    return Read::Used;
                }
                if (key == "seq") {
                    std::int64_t seq;
                    if (!json::read_integer(v, seq)) return fail("not a whole number");
                    env_->seq = seq;
                    return Read::Used;
                }
                if (key == "src") return json::read_string(v, env_->src) ? Read::Used : fail("not a string");
                break;
            case 4:
                if (key == "type") return json::walk(v, nullptr) ? Read::Used : c_.bad(key, "malformed");
                if (key == "hist")
                    return json::read_bool(v, env_->hist) ? Read::Used : fail("not true or false");
                if (key == "mode") {
                    if (!json::read_string(v, env_->mode)) return fail("not a string");
                    if (env_->mode != "paper" && env_->mode != "dry-run" && env_->mode != "live")
                        return fail("not paper, dry-run or live");
                    return Read::Used;
                }
                break;
            case 6:
                if (key == "symbol") {
                    if (json::is_null(v)) return Read::Used;
                    return json::read_string(v, env_->symbol) ? Read::Used : fail("not a string");
                }
                break;
            case 8:
                if (key == "exchange")
                    return json::read_string(v, env_->exchange) ? Read::Used : fail("not a string");
                break;
            case 9:
                if (key == "timestamp") {
                    time::Timestamp t;
                    bool unusual = false;  // milliseconds or a string: read, but not canonical
                    if (!json::read_timestamp(v, t, &unusual)) return fail("not an epoch time in seconds");
                    if (unusual) c_.alias = true;
                    env_->timestamp = t;
                    return Read::Used;
                }
                break;
            case 11:
                if (key == "true_regime")
                    return json::read_string(v, env_->true_regime) ? Read::Used : fail("not a string");
                break;
        }
        return Read::Unknown;
    }

    Read read_field(std::string_view key, od::value& v, bool top) {
        if (top && !type_read_ && key == "type") {
            type_read_ = true;  // the first "type" was read and checked to find the kind
            return Read::Used;
        }
        if (Read r = read_envelope(key, v); r != Read::Unknown) return r;
        // A later contract version may give these fields other meanings: not ours to read.
        if (env_->ver != kContractVersion) return Read::Unknown;
        if (top && key == "data") {
            // The SOS bridge wraps a message's fields in "data".
            c_.alias = true;
            od::json_type t;
            if (!v.type().get(t) && t == od::json_type::object) {
                od::object inner;
                if (v.get_object().get(inner)) return c_.bad(key, "not JSON");
                return read_fields(inner, /*top=*/false) ? Read::Used : Read::Bad;
            }
            return Read::Unknown;
        }
        switch (kind_) {
            case Kind::Tick:
                return detail::read_tick(key, v, body<Tick>(), seen_, c_);
            case Kind::Candle:
                return detail::read_candle(key, v, body<Candle>(), seen_, c_);
            case Kind::OptionChain:
            case Kind::OptionChainUpdate:
                return detail::read_chain(key, v, body<OptionChain>(), seen_, c_);
            case Kind::Breadth:
                return detail::read_breadth(key, v, body<Breadth>(), seen_, c_);
            case Kind::Sentiment:
                return detail::read_sentiment(key, v, body<Sentiment>(), c_);
            case Kind::Regime:
                return detail::read_regime(key, v, body<RegimeUpdate>(), seen_, c_);
            case Kind::Signal:
                return detail::read_signal(key, v, body<Signal>(), seen_, c_);
            case Kind::Order:
                return detail::read_order(key, v, body<Order>(), seen_, c_);
            case Kind::Reject:
                return detail::read_reject(key, v, body<Reject>(), seen_, c_);
            case Kind::OrderUpdate:
                return detail::read_order_update(key, v, body<OrderUpdate>(), seen_, c_);
            case Kind::Fill:
                return detail::read_fill(key, v, body<Fill>(), seen_, c_);
            case Kind::Exit:
                return detail::read_exit(key, v, body<Exit>(), seen_, c_);
            case Kind::Position:
                return detail::read_position(key, v, body<Position>(), seen_, c_);
            case Kind::Alert:
                return detail::read_alert(key, v, body<Alert>(), seen_, c_);
            case Kind::Health:
                return detail::read_health(key, v, body<Health>(), seen_, c_);
            case Kind::Control:
                return detail::read_control(key, v, body<Control>(), seen_, c_);
            case Kind::Trace:
                return detail::read_trace(key, v, body<Trace>(), c_);
            case Kind::CandleUpdate:
                return read_candle_update_field(key, v);
            case Kind::MarketUpdate:
                return read_market_update_field(key, v);
            case Kind::SyncRecovery:
                return read_history(key, v);
            case Kind::Sync:
            case Kind::Unknown:
                return Read::Unknown;
        }
        return Read::Unknown;
    }

    // CANDLE_UPDATE: {"1m": {o,h,l,c,v}, "5m": {...}} or the bridge's {"candle": {...}, "tf"?}.
    Read read_candle_update_field(std::string_view key, od::value& v) {
        if (key == "candle") {
            seed_->candles.emplace_back();
            seed_->candle_tf.push_back(std::nullopt);
            return detail::read_ohlcv_object(v, seed_->candles.back(), c_, key) ? Read::Used : Read::Bad;
        }
        if (key == "tf") {
            time::Timeframe tf;
            Read r = detail::timeframe(v, tf, c_, key);
            if (r == Read::Used) seed_->default_tf = tf;
            return r;
        }
        if (auto tf = time::parse_timeframe(key)) {
            od::json_type t;
            if (v.type().get(t) || t != od::json_type::object) return Read::Unknown;
            seed_->candles.emplace_back();
            seed_->candle_tf.push_back(*tf);
            return detail::read_ohlcv_object(v, seed_->candles.back(), c_, key) ? Read::Used : Read::Bad;
        }
        return Read::Unknown;
    }

    // MARKET_UPDATE: data.candle and data.sentiment, read as a SENTIMENT_UPDATE then a CANDLE.
    Read read_market_update_field(std::string_view key, od::value& v) {
        if (key == "candle") {
            seed_->candles.emplace_back();
            seed_->candle_tf.push_back(std::nullopt);
            return detail::read_ohlcv_object(v, seed_->candles.back(), c_, key) ? Read::Used : Read::Bad;
        }
        if (key == "sentiment") {
            if (json::is_null(v)) return Read::Used;
            seed_->have_sentiment = true;
            return detail::read_sentiment_object(v, seed_->sentiment, c_, key) ? Read::Used : Read::Bad;
        }
        if (key == "tf") {
            time::Timeframe tf;
            Read r = detail::timeframe(v, tf, c_, key);
            if (r == Read::Used) seed_->default_tf = tf;
            return r;
        }
        return Read::Unknown;
    }

    Read read_history(std::string_view key, od::value& v);

    bool finish() {
        if (env_->ver != kContractVersion && kind_ != Kind::SyncRecovery) {
            Envelope env = *env_;
            while (out_.size() > first_)
                out_.pop_back();
            Event& e = out_.add();
            e.env = std::move(env);
            e.env.kind = Kind::Unknown;
            e.body = std::monostate{};
            return true;
        }
        switch (kind_) {
            case Kind::Tick:
                if (!detail::finish_tick(seen_, c_)) return false;
                break;
            case Kind::Candle:
                if (!detail::finish_candle(seen_, c_, true)) return false;
                break;
            case Kind::OptionChain:
                if (!detail::finish_chain(seen_, c_, false)) return false;
                break;
            case Kind::OptionChainUpdate:
                if (!detail::finish_chain(seen_, c_, true)) return false;
                break;
            case Kind::Breadth:
                if (!detail::finish_breadth(seen_, c_)) return false;
                break;
            case Kind::Regime:
                if (!detail::finish_regime(seen_, c_)) return false;
                break;
            case Kind::Signal:
                if (!detail::finish_signal(seen_, c_)) return false;
                break;
            case Kind::Order:
                if (!detail::finish_order(body<Order>(), seen_, c_)) return false;
                break;
            case Kind::Reject:
                if (!detail::finish_reject(seen_, c_)) return false;
                break;
            case Kind::OrderUpdate:
                if (!detail::finish_order_update(seen_, c_)) return false;
                break;
            case Kind::Fill:
                if (!detail::finish_fill(seen_, c_)) return false;
                break;
            case Kind::Exit:
                if (!detail::finish_exit(seen_, c_)) return false;
                break;
            case Kind::Position:
                if (!detail::finish_position(seen_, c_)) return false;
                break;
            case Kind::Alert:
                if (!detail::finish_alert(seen_, c_)) return false;
                break;
            case Kind::Health:
                if (!detail::finish_health(seen_, c_)) return false;
                break;
            case Kind::Control:
                if (!detail::finish_control(seen_, c_)) return false;
                break;
            case Kind::CandleUpdate:
            case Kind::MarketUpdate:
                return finish_seed_candles();
            case Kind::SyncRecovery:
                if (!history_seen_) return c_.missing("history_data");
                return true;
            default:
                break;
        }
        out_[first_].env.kind = kind_ == Kind::OptionChainUpdate ? Kind::OptionChain : kind_;
        return true;
    }

    bool finish_seed_candles() {
        if (kind_ == Kind::CandleUpdate && seed_->candles.empty()) return c_.missing("candle");
        if (seed_->have_sentiment) {
            Event& s = out_.add();
            s.env = *env_;
            s.env.kind = Kind::Sentiment;
            EventList::body_as<Sentiment>(s) = seed_->sentiment;
        }
        // Timeframes in ascending order so the same line always gives the same sequence.
        std::vector<std::size_t> order(seed_->candles.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        auto tf_of = [&](std::size_t i) { return seed_->candle_tf[i].value_or(seed_->default_tf); };
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return tf_of(a) < tf_of(b); });
        for (std::size_t i : order) {
            Event& e = out_.add();
            e.env = *env_;
            e.env.kind = Kind::Candle;
            Candle& k = EventList::body_as<Candle>(e);
            k = seed_->candles[i];
            k.tf = tf_of(i);
        }
        return true;
    }

    Kind kind_;
    EventList& out_;
    Ctx& c_;
    std::size_t first_;
    void* body_ = nullptr;
    Envelope* env_ = nullptr;
    Seen seen_;
    // What only the seed forms need, made only for them.
    std::optional<SeedState> seed_;
    bool history_seen_ = false;
    bool type_read_ = false;

public:
    std::vector<DecodeError>* element_errors = nullptr;
};

bool decode_object(od::object obj, EventList& out, Ctx& c, std::vector<DecodeError>* element_errors,
                   bool inside_history, std::string* line_type = nullptr);

Read MessageReader::read_history(std::string_view key, od::value& v) {
    if (key != "history_data") return Read::Unknown;
    od::array arr;
    if (v.get_array().get(arr)) return c_.bad(key, "not an array");
    history_seen_ = true;
    std::size_t i = 0;
    for (auto er : arr) {
        od::value ev;
        if (std::move(er).get(ev)) return c_.bad(key, "not JSON");
        od::object obj;
        DecodeError element_error;
        Ctx ec{element_error, {}};
        const std::size_t before = out_.size();
        bool ok = !ev.get_object().get(obj) ? decode_object(obj, out_, ec, nullptr, true)
                                            : ec.fail("", "not a JSON object");
        if (ok) {
            for (std::size_t k = before; k < out_.size(); ++k)
                out_[k].env.hist = true;
        } else {
            while (out_.size() > before)
                out_.pop_back();
            // The element may be half read; what is left of it must still be well-formed JSON.
            if (element_error.reason.rfind("not JSON", 0) == 0) {
                element_error.field = "history_data[" + std::to_string(i) + "]";
                c_.err = element_error;
                return Read::Bad;
            }
            if (element_errors)
                element_errors->push_back(DecodeError{
                    "SYNC_RECOVERY", "history_data[" + std::to_string(i) + "]", element_error.message()});
        }
        ++i;
    }
    return Read::Used;
}

bool decode_object(od::object obj, EventList& out, Ctx& c, std::vector<DecodeError>* element_errors,
                   bool inside_history, std::string* line_type) {
    od::value tv;
    auto err = obj.find_field_unordered("type").get(tv);
    if (err == simdjson::NO_SUCH_FIELD) return c.fail("", "no \"type\" field");
    if (err) return c.fail("", std::string("not JSON: ") + simdjson::error_message(err));
    std::string_view type;
    if (!json::read_text(tv, type)) return c.fail("type", "not a string");
    c.type = type;
    if (line_type) line_type->assign(type);
    Kind kind = kind_from_type(type);
    if (inside_history && kind == Kind::SyncRecovery) return c.fail("", "SYNC_RECOVERY inside SYNC_RECOVERY");
    if (obj.reset().error()) return c.fail("", "not JSON");
    const std::size_t before = out.size();
    MessageReader reader(kind, out, c);
    reader.element_errors = element_errors;
    if (!reader.read(obj)) return false;
    for (std::size_t i = before; i < out.size(); ++i)
        if (out[i].env.kind == Kind::Unknown) out[i].env.unknown_type.assign(type);
    for (std::size_t i = before; i < out.size(); ++i) {
        if (auto problem = validate(out[i])) {
            c.type = type_name(out[i].env.kind);
            return c.fail(problem->field, problem->reason);
        }
    }
    return true;
}

}  // namespace

void Decoder::reset_result(EventList& out) {
    out.clear();
    element_errors_.clear();
    error_.type.clear();
    error_.field.clear();
    error_.reason.clear();
    type_.clear();
    kind_ = Kind::Unknown;
    canonical_ = false;
}

namespace {
// The part of decoding shared by single lines and batches, from a parsed document on.
template <class Doc>
bool decode_document(Doc& doc, EventList& out, Ctx& c, std::vector<DecodeError>& element_errors,
                     std::string& type) {
    od::json_type t;
    if (doc.type().get(t)) return c.fail("", "not JSON");
    if (t != od::json_type::object) return c.fail("", "not a JSON object");
    od::object obj;
    if (doc.get_object().get(obj)) return c.fail("", "not JSON");
    return decode_object(obj, out, c, &element_errors, false, &type);
}
}  // namespace

bool Decoder::decode(const char* data, std::size_t len, std::size_t capacity, EventList& out) {
    reset_result(out);
    if (fast_paths_ && detail::read_compact_candle(data, len, out)) {
        type_.assign(type_name(Kind::Candle));
        kind_ = Kind::Candle;
        canonical_ = true;
        return true;
    }
    Ctx c{error_, {}};
    od::document doc;
    auto err = impl_->parser.iterate(data, len, capacity).get(doc);
    if (err) return c.fail("", std::string("not JSON: ") + simdjson::error_message(err));
    bool ok = decode_document(doc, out, c, element_errors_, type_);
    kind_ = kind_from_type(type_);
    if (!ok) {
        out.clear();
        // The walk refuses values nested too deeply as malformed; say which it was (this scan
        // runs only for refused lines, never on the way of a good one).
        const bool malformed =
            error_.reason.starts_with("not JSON") || error_.reason.starts_with("malformed");
        if (malformed && json::nested_deeper_than(std::string_view(data, len), json::kMaxDepth))
            error_.reason = "not JSON: nested more than " + std::to_string(json::kMaxDepth) + " levels deep";
        return false;
    }
    // Anything after the object ("{...} x", two objects on one line) makes the line bad.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
        out.clear();
        return c.fail("", "not JSON: text after the object");
    }
    canonical_ = !c.alias && !is_seed_form(kind_);
    return true;
}

bool Decoder::decode(std::string_view line, EventList& out) {
    scratch_.assign(line);
    scratch_.append(padding(), ' ');
    return decode(scratch_.data(), line.size(), scratch_.size(), out);
}

}  // namespace sos::event
