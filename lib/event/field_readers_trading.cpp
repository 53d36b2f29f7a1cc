#include "event/field_readers.hpp"
#include "event/validate.hpp"

namespace sos::event::detail {

namespace {

// Iterates an object's fields, handing each to `fn(key, value)`; unknown keys are walked.
template <class Fn>
bool for_each_field(od::value& v, Ctx& c, std::string_view key, Fn&& fn) {
    od::object obj;
    if (v.get_object().get(obj)) return c.fail(key, "not an object");
    json::KeySet keys;
    for (auto fr : obj) {
        std::string_view k2;
        if (fr.error() || !json::field_key(fr.value_unsafe(), k2)) return c.fail(key, "malformed JSON");
        if (!keys.insert(k2)) return c.fail(k2, kKeyTwice);
        od::value& fv = fr.value_unsafe().value();
        Read r = fn(k2, fv);
        if (r == Read::Bad) return false;
        if (r == Read::Unknown && !json::walk(fv, nullptr)) return c.fail(k2, "malformed JSON");
    }
    return true;
}

template <class Fn>
Read for_each_element(od::value& v, Ctx& c, std::string_view key, Fn&& fn) {
    od::array arr;
    if (v.get_array().get(arr)) return c.bad(key, "not an array");
    std::size_t i = 0;
    for (auto er : arr) {
        od::value ev;
        if (std::move(er).get(ev)) return c.bad(key, "malformed JSON");
        if (!fn(i++, ev)) return Read::Bad;
    }
    return Read::Used;
}

Read int_field(od::value& v, int& out, Ctx& c, std::string_view key) {
    std::int64_t i;
    Read r = integer(v, i, c, key);
    out = static_cast<int>(i);
    return r;
}

Read opt_string(od::value& v, std::optional<std::string>& out, Ctx& c, std::string_view key) {
    return json::read_optional_string(v, out) ? Read::Used : c.bad(key, "not a string or null");
}

Read read_structure_legs(od::value& v, std::vector<StructureLeg>& legs, Ctx& c, std::string_view key) {
    return for_each_element(v, c, key, [&](std::size_t i, od::value ev) {
        legs.emplace_back();
        StructureLeg& leg = legs.back();
        std::string at = std::string(key) + "[" + std::to_string(i) + "]";
        bool action = false, right = false;
        if (!for_each_field(ev, c, at, [&](std::string_view k, od::value& fv) {
                if (k == "action") {
                    action = true;
                    return word(fv, leg.action, c, at + ".action");
                }
                if (k == "option_type") {
                    right = true;
                    return word(fv, leg.option_type, c, at + ".option_type");
                }
                if (k == "offset") return str(fv, leg.offset, c, k);
                if (k == "expiry_offset") return int_field(fv, leg.expiry_offset, c, k);
                return Read::Unknown;
            }))
            return false;
        // A leg without its action or its right cannot be traded: never guessed.
        if (!action) return c.missing(at + ".action");
        if (!right) return c.missing(at + ".option_type");
        return true;
    });
}

// Fields a SIGNAL and a match-stage REJECT share. Bit 0 marks pattern_id, 1 side.
// Who asked for an operator's action (operations.hpp), on a CONTROL or a manual SIGNAL.
Read read_asker(std::string_view key, od::value& v, Asker& a, Ctx& c) {
    if (key == "asked_by") return str(v, a.name, c, key);
    if (key == "uid") {
        std::int64_t u = 0;
        Read r = integer(v, u, c, key);
        if (r == Read::Used) a.uid = u;
        return r;
    }
    if (key == "at") {
        time::Timestamp t;
        if (!json::read_timestamp(v, t)) return c.bad(key, "not an epoch time");
        a.at = t;
        return Read::Used;
    }
    return Read::Unknown;
}

Read read_signal_fields(std::string_view key, od::value& v, SignalFields& f, Seen& s, Ctx& c) {
    if (key == "pattern_id") return s.mark(0, str(v, f.pattern_id, c, key));
    if (key == "side") return s.mark(1, word_or_empty(v, f.side, c, key));
    if (key == "kind") return str(v, f.kind, c, key);
    if (key == "tf") {
        time::Timeframe tf;
        Read r = timeframe(v, tf, c, key);
        if (r == Read::Used) f.tf = tf;
        return r;
    }
    if (key == "candle_ts") {
        time::Timestamp t;
        if (!json::read_timestamp(v, t)) return c.bad(key, "not an epoch time");
        f.candle_ts = t;
        return Read::Used;
    }
    if (key == "entry") return opt_num(v, f.entry, c, key);
    if (key == "sl") return opt_num(v, f.sl, c, key);
    if (key == "tp") return opt_num(v, f.tp, c, key);
    if (key == "risk") return opt_num(v, f.risk, c, key);
    if (key == "tp_mult") return opt_num(v, f.tp_mult, c, key);
    if (key == "quantity_mod") return opt_num(v, f.quantity_mod, c, key);
    if (key == "score") return opt_num(v, f.score, c, key);
    if (key == "trail") return opt_num(v, f.trail, c, key);
    if (key == "regime") return regime_or_null(v, f.regime, c, key);
    if (key == "structure") return opt_string(v, f.structure, c, key);
    if (key == "legs") return read_structure_legs(v, f.legs, c, key);
    if (key == "vars") {
        bool ok = for_each_field(v, c, key, [&](std::string_view k, od::value& fv) {
            OptNum n;
            if (!json::read_optional_number(fv, n))
                return c.bad(std::string("vars.") + std::string(k), "not a number or null");
            f.vars.emplace_back(std::string(k), n);
            return Read::Used;
        });
        return ok ? Read::Used : Read::Bad;
    }
    return Read::Unknown;
}

}  // namespace

Read read_regime(std::string_view key, od::value& v, RegimeUpdate& r, Seen& s, Ctx& c) {
    if (key == "regime") {
        std::optional<vocab::Regime> read;
        Read x = regime_any_case(v, read, c, key, false);
        if (read) r.regime = *read;
        return s.mark(0, x);
    }
    if (key == "score") return opt_num(v, r.score, c, key);
    if (key == "changed") return json::read_bool(v, r.changed) ? Read::Used : c.bad(key, "not true or false");
    if (key == "flags") {
        return for_each_element(v, c, key, [&](std::size_t, od::value ev) {
            r.flags.emplace_back();
            return json::read_string(ev, r.flags.back()) || c.fail(key, "not a list of strings");
        });
    }
    if (key == "inputs") {
        r.inputs_json.clear();
        return json::walk(v, &r.inputs_json) ? Read::Used : c.bad(key, "malformed JSON");
    }
    return Read::Unknown;
}

bool finish_regime(const Seen& s, Ctx& c) {
    return s.has(0) || c.missing("regime");
}

Read read_signal(std::string_view key, od::value& v, Signal& g, Seen& s, Ctx& c) {
    if (key == "id") return s.mark(2, str(v, g.id, c, key));
    if (key == "qty") {
        std::int64_t q = 0;
        Read r = integer(v, q, c, key);
        if (r == Read::Used) g.qty = q;
        return r;
    }
    if (Read r = read_asker(key, v, g.asked, c); r != Read::Unknown) return r;
    return read_signal_fields(key, v, g.f, s, c);
}

bool finish_signal(const Seen& s, Ctx& c) {
    if (!s.has(2)) return c.missing("id");
    if (!s.has(0)) return c.missing("pattern_id");
    if (!s.has(1)) return c.missing("side");
    return true;
}

Read read_order(std::string_view key, od::value& v, Order& o, Seen& s, Ctx& c) {
    if (key == "id") return s.mark(0, str(v, o.id, c, key));
    if (key == "side") return s.mark(1, word_or_empty(v, o.side, c, key));
    if (key == "qty") return s.mark(2, integer(v, o.qty, c, key));
    if (key == "quantity") return c.aliased(s.mark(2, integer(v, o.qty, c, key)));
    if (key == "signal_id") return str(v, o.signal_id, c, key);
    if (key == "tf") {
        time::Timeframe tf;
        Read r = timeframe(v, tf, c, key);
        if (r == Read::Used) o.tf = tf;
        return r;
    }
    if (key == "order_type") return word(v, o.order_type, c, key);
    if (key == "pricetype") return c.aliased(word(v, o.order_type, c, key));
    if (key == "price") return opt_num(v, o.price, c, key);
    if (key == "trigger_price") return opt_num(v, o.trigger_price, c, key);
    if (key == "sl") return opt_num(v, o.sl, c, key);
    if (key == "tp") return opt_num(v, o.tp, c, key);
    if (key == "product") return word(v, o.product, c, key);
    if (key == "strategy") return str(v, o.strategy, c, key);
    if (key == "route") return str(v, o.route, c, key);
    if (key == "underlying") return str(v, o.underlying, c, key);
    if (key == "signal_side") return word_or_empty(v, o.signal_side, c, key);
    if (key == "trail") return opt_num(v, o.trail, c, key);
    if (key == "sizing") {
        o.sizing_json.clear();
        return json::walk(v, &o.sizing_json) ? Read::Used : c.bad(key, "malformed JSON");
    }
    if (key == "legs") {
        return s.mark(3, for_each_element(v, c, key, [&](std::size_t i, od::value ev) {
                          o.legs.emplace_back();
                          OrderLeg& leg = o.legs.back();
                          std::string at = "legs[" + std::to_string(i) + "]";
                          bool action = false;
                          if (!for_each_field(ev, c, at, [&](std::string_view k, od::value& fv) {
                                  if (k == "symbol") return str(fv, leg.symbol, c, k);
                                  if (k == "action") {
                                      action = true;
                                      return word(fv, leg.action, c, at + ".action");
                                  }
                                  if (k == "option_type")
                                      return word_or_empty(fv, leg.option_type, c, at + ".option_type");
                                  if (k == "offset") return str(fv, leg.offset, c, k);
                                  if (k == "expiry_offset") return int_field(fv, leg.expiry_offset, c, k);
                                  if (k == "qty") return integer(fv, leg.qty, c, k);
                                  if (k == "quantity") return c.aliased(integer(fv, leg.qty, c, k));
                                  return Read::Unknown;
                              }))
                              return false;
                          // A leg's action is never guessed; worded as it always was.
                          if (!action) return c.fail(at + ".action", vocab::not_one_of<vocab::Side>(""));
                          return true;
                      }));
    }
    return Read::Unknown;
}

bool finish_order(const Order& o, const Seen& s, Ctx& c) {
    if (!s.has(0)) return c.missing("id");
    if (o.legs.empty()) {
        if (!s.has(1)) return c.missing("side");
        if (!s.has(2)) return c.missing("qty");
    }
    return true;
}

Read read_reject(std::string_view key, od::value& v, Reject& r, Seen& s, Ctx& c) {
    if (key == "stage") return s.mark(4, str(v, r.stage, c, key));
    if (key == "reason") return s.mark(5, str(v, r.reason, c, key));
    if (key == "ref") return str(v, r.ref, c, key);
    if (key == "detail") return str(v, r.detail, c, key);
    Read x = read_signal_fields(key, v, r.f, s, c);
    if (x == Read::Used) r.has_signal_fields = true;
    return x;
}

bool finish_reject(const Seen& s, Ctx& c) {
    if (!s.has(4)) return c.missing("stage");
    if (!s.has(5)) return c.missing("reason");
    return true;
}

Read read_order_update(std::string_view key, od::value& v, OrderUpdate& u, Seen& s, Ctx& c) {
    if (key == "id") return s.mark(0, str(v, u.id, c, key));
    if (key == "status") return s.mark(1, word(v, u.status, c, key));
    if (key == "broker_order_id") {
        if (json::is_null(v)) return Read::Used;
        return str(v, u.broker_order_id, c, key);
    }
    if (key == "filled_qty") return integer(v, u.filled_qty, c, key);
    if (key == "avg_price") return opt_num(v, u.avg_price, c, key);
    if (key == "message") return str(v, u.message, c, key);
    return Read::Unknown;
}

bool finish_order_update(const Seen& s, Ctx& c) {
    if (!s.has(0)) return c.missing("id");
    if (!s.has(1)) return c.missing("status");
    return true;
}

Read read_fill(std::string_view key, od::value& v, Fill& f, Seen& s, Ctx& c) {
    if (key == "order_id") return s.mark(0, str(v, f.order_id, c, key));
    if (key == "side") return s.mark(1, word(v, f.side, c, key));
    if (key == "qty") return s.mark(2, integer(v, f.qty, c, key));
    if (key == "price") return s.mark(3, num(v, f.price, c, key));
    if (key == "fees") return opt_num(v, f.fees, c, key);
    return Read::Unknown;
}

bool finish_fill(const Seen& s, Ctx& c) {
    static const char* kNames[] = {"order_id", "side", "qty", "price"};
    for (int b = 0; b < 4; ++b)
        if (!s.has(b)) return c.missing(kNames[b]);
    return true;
}

Read read_exit(std::string_view key, od::value& v, Exit& x, Seen& s, Ctx& c) {
    if (key == "order_id") return s.mark(0, str(v, x.order_id, c, key));
    if (key == "reason") return s.mark(1, word(v, x.reason, c, key));
    if (key == "price") return s.mark(2, num(v, x.price, c, key));
    if (key == "qty") return s.mark(3, integer(v, x.qty, c, key));
    if (key == "pnl") return s.mark(4, num(v, x.pnl, c, key));
    return Read::Unknown;
}

bool finish_exit(const Seen& s, Ctx& c) {
    static const char* kNames[] = {"order_id", "reason", "price", "qty", "pnl"};
    for (int b = 0; b < 5; ++b)
        if (!s.has(b)) return c.missing(kNames[b]);
    return true;
}

Read read_position(std::string_view key, od::value& v, Position& p, Seen& s, Ctx& c) {
    if (key == "qty") return s.mark(0, integer(v, p.qty, c, key));
    if (key == "avg_price") return s.mark(1, num(v, p.avg_price, c, key));
    if (key == "realized_pnl") return num(v, p.realized_pnl, c, key);
    if (key == "unrealized_pnl") return num(v, p.unrealized_pnl, c, key);
    return Read::Unknown;
}

bool finish_position(const Seen& s, Ctx& c) {
    if (!s.has(0)) return c.missing("qty");
    if (!s.has(1)) return c.missing("avg_price");
    return true;
}

Read read_alert(std::string_view key, od::value& v, Alert& a, Seen& s, Ctx& c) {
    if (key == "level") return s.mark(0, str(v, a.level, c, key));
    if (key == "code") return s.mark(1, str(v, a.code, c, key));
    if (key == "message") return s.mark(2, str(v, a.message, c, key));
    if (key == "tool") return str(v, a.tool, c, key);
    return Read::Unknown;
}

bool finish_alert(const Seen& s, Ctx& c) {
    static const char* kNames[] = {"level", "code", "message"};
    for (int b = 0; b < 3; ++b)
        if (!s.has(b)) return c.missing(kNames[b]);
    return true;
}

Read read_health(std::string_view key, od::value& v, Health& h, Seen& s, Ctx& c) {
    if (key == "tool") return s.mark(0, str(v, h.tool, c, key));
    if (key == "pid") return integer(v, h.pid, c, key);
    if (key == "uptime_s") return num(v, h.uptime_s, c, key);
    if (key == "in") return integer(v, h.in, c, key);
    if (key == "out") return integer(v, h.out, c, key);
    if (key == "bad") return integer(v, h.bad, c, key);
    if (key == "lag_s") return opt_num(v, h.lag_s, c, key);
    return Read::Unknown;
}

bool finish_health(const Seen& s, Ctx& c) {
    return s.has(0) || c.missing("tool");
}

Read read_control(std::string_view key, od::value& v, Control& k, Seen& s, Ctx& c) {
    if (key == "command") return s.mark(0, str(v, k.command, c, key));
    if (key == "target") return str(v, k.target, c, key);
    if (key == "scope") return str(v, k.scope, c, key);
    return read_asker(key, v, k.asked, c);
}

bool finish_control(const Seen& s, Ctx& c) {
    return s.has(0) || c.missing("command");
}

}  // namespace sos::event::detail

namespace sos::event::detail {

Read read_trace(std::string_view key, od::value& v, Trace& t, Ctx& c) {
    // A wrong type is skipped (Unknown), never refused: a debugging line must not be lost.
    auto opt_int = [&](std::optional<int>& out) {
        std::int64_t i;
        if (!json::read_integer(v, i)) return Read::Unknown;
        out = static_cast<int>(i);
        return Read::Used;
    };
    auto text = [&](std::string& out) { return json::read_string(v, out) ? Read::Used : Read::Unknown; };
    if (key == "pattern_id") return text(t.pattern_id);
    if (key == "event") return text(t.event);
    if (key == "phase") return text(t.phase);
    if (key == "result") return text(t.result);
    if (key == "detail") return text(t.detail);
    if (key == "from") return opt_int(t.from);
    if (key == "to") return opt_int(t.to);
    if (key == "tf") {
        std::string s;
        if (!json::read_string(v, s)) return Read::Unknown;
        if (auto tf = time::parse_timeframe(s)) t.tf = *tf;
        return Read::Used;
    }
    if (key == "candle_ts") {
        time::Timestamp ts;
        if (!json::read_timestamp(v, ts)) return Read::Unknown;
        t.candle_ts = ts;
        return Read::Used;
    }
    if (key == "values") {
        od::object obj;
        if (v.get_object().get(obj)) return Read::Unknown;
        for (auto fr : obj) {
            std::string_view k;
            if (fr.error() || !json::field_key(fr.value_unsafe(), k)) return c.bad(key, "malformed JSON");
            od::value& fv = fr.value_unsafe().value();
            OptNum n;
            if (json::read_optional_number(fv, n))
                t.values.emplace_back(std::string(k), n);
            else if (!json::walk(fv, nullptr))
                return c.bad(key, "malformed JSON");
        }
        return Read::Used;
    }
    return Read::Unknown;
}

}  // namespace sos::event::detail
