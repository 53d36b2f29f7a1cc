#include "journal/event_rows.hpp"

#include <nlohmann/json.hpp>

#include <string>

#include "money/paise.hpp"
#include "time/civil.hpp"
#include "time/timeframe.hpp"
#include "vocab/names.hpp"

namespace sos::journal {

namespace {

using event::OptNum;

// Binds parameters left to right, so each table's binding code reads in its column order.
class Binder {
public:
    Binder(Statement& s, int first) : s_(s), i_(first) {}

    Binder& real(double v) {
        s_.bind_real(i_++, v);
        return *this;
    }
    Binder& real(const OptNum& v) {
        if (v)
            s_.bind_real(i_++, *v);
        else
            s_.bind_null(i_++);
        return *this;
    }
    // Money in rupees as decoded, stored as integer paise: exact for every figure written
    // with at most two decimals (prices on the 0.05 tick, fees, P&L); a finer one (an average
    // price) is rounded to the nearest paisa and kept as written in the raw line.
    Binder& paise(double rupees) { return integer(money::Paise::from_rupees(rupees).value); }
    Binder& paise(const OptNum& rupees) { return rupees ? paise(*rupees) : null(); }
    Binder& integer(std::int64_t v) {
        s_.bind_int(i_++, v);
        return *this;
    }
    // The contract's optional strings arrive empty when absent: stored as NULL.
    Binder& text(std::string_view v) {
        if (v.empty())
            s_.bind_null(i_++);
        else
            s_.bind_text(i_++, v);
        return *this;
    }
    Binder& text(const std::string& v) { return text(std::string_view(v)); }
    Binder& text(const char* v) { return text(std::string_view(v)); }
    Binder& text(const std::optional<std::string>& v) { return v ? text(std::string_view(*v)) : null(); }
    // A word of the vocabulary (side, status, regime...) as the contract writes it.
    template <class E>
    requires requires { vocab::Names<E>::table; }
    Binder& text(E v) { return text(vocab::name(v)); }
    template <class E>
    requires requires { vocab::Names<E>::table; }
    Binder& text(const std::optional<E>& v) { return v ? text(vocab::name(*v)) : null(); }
    Binder& null() {
        s_.bind_null(i_++);
        return *this;
    }
    Binder& time(const std::optional<time::Timestamp>& t) { return t ? real(t->seconds()) : null(); }
    Binder& tf(const std::optional<time::Timeframe>& tf) { return tf ? owned(time::to_string(*tf)) : null(); }
    // Text built here, gone before the statement runs: SQLite keeps its own copy.
    Binder& owned(const std::string& v) {
        if (v.empty()) return null();
        s_.bind_text_copy(i_++, v);
        return *this;
    }

private:
    Statement& s_;
    int i_;
};

nlohmann::json opt_json(const OptNum& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string vars_json(const event::SignalFields& f) {
    if (f.vars.empty()) return {};
    auto j = nlohmann::json::object();
    for (const auto& [name, value] : f.vars)
        j[name] = opt_json(value);
    return j.dump();
}

std::string structure_legs_json(const std::vector<event::StructureLeg>& legs) {
    if (legs.empty()) return {};
    auto j = nlohmann::json::array();
    for (const auto& l : legs)
        j.push_back({{"action", vocab::name(l.action)},
                     {"option_type", vocab::name(l.option_type)},
                     {"offset", l.offset},
                     {"expiry_offset", l.expiry_offset}});
    return j.dump();
}

std::string order_legs_json(const std::vector<event::OrderLeg>& legs) {
    if (legs.empty()) return {};
    auto j = nlohmann::json::array();
    for (const auto& l : legs)
        j.push_back({{"symbol", l.symbol},
                     {"action", vocab::name(l.action)},
                     {"option_type", l.option_type ? vocab::name(*l.option_type) : std::string_view()},
                     {"offset", l.offset},
                     {"expiry_offset", l.expiry_offset},
                     {"qty", l.qty}});
    return j.dump();
}

std::string flags_json(const std::vector<std::string>& flags) {
    return nlohmann::json(flags).dump();
}

struct BodyBinder {
    Binder& b;
    std::string_view unknown_type;
    std::string_view mode;  // the envelope's, for the executor's tables

    void operator()(const std::monostate&) { b.text(unknown_type); }
    void operator()(const event::Tick& t) {
        b.real(t.ltp).real(t.volume).real(t.oi).real(t.bid).real(t.ask).real(t.bid_qty).real(t.ask_qty);
    }
    void operator()(const event::Candle& k) {
        b.tf(k.tf).real(k.o).real(k.h).real(k.l).real(k.c).real(k.v).real(k.oi).integer(k.gap ? 1 : 0);
    }
    void operator()(const event::OptionChain& ch) {
        b.owned(ch.expiry ? time::format_date(*ch.expiry) : std::string())
            .real(ch.spot)
            .real(ch.lot_size)
            .integer(static_cast<std::int64_t>(ch.strikes.size()));
    }
    void operator()(const event::Breadth& x) { b.real(x.adv).real(x.dec).real(x.unchanged); }
    void operator()(const event::Sentiment& s) {
        b.real(s.pcr).real(s.pcr_volume).real(s.pcr_velocity).real(s.breadth_adv).real(s.breadth_dec);
        b.real(s.oi_wall_above).real(s.oi_wall_below).real(s.max_pain).real(s.iv).real(s.iv_rank);
        b.real(s.iv_percentile).real(s.hv).real(s.skew).real(s.term).real(s.vix).text(s.regime);
    }
    void operator()(const event::RegimeUpdate& r) {
        b.text(r.regime)
            .real(r.score)
            .owned(flags_json(r.flags))
            .integer(r.changed ? 1 : 0)
            .text(r.inputs_json);
    }
    void operator()(const event::Signal& s) {
        const auto& f = s.f;
        b.text(s.id).text(f.pattern_id).text(f.kind).text(f.side).tf(f.tf).time(f.candle_ts);
        b.real(f.entry)
            .real(f.sl)
            .real(f.tp)
            .real(f.risk)
            .real(f.tp_mult)
            .real(f.quantity_mod)
            .text(f.regime);
        b.owned(vars_json(f)).real(f.score).text(f.structure).owned(structure_legs_json(f.legs));
        if (s.qty)
            b.integer(*s.qty);
        else
            b.null();
        asker(s.asked);
    }
    void asker(const event::Asker& a) {
        b.text(a.name);
        if (a.uid)
            b.integer(*a.uid);
        else
            b.null();
        b.time(a.at);
    }
    void operator()(const event::Order& o) {
        b.text(o.id).text(o.signal_id).tf(o.tf).text(o.side).integer(o.qty).text(o.order_type);
        b.real(o.price).real(o.trigger_price).text(o.product).real(o.sl).real(o.tp).text(o.strategy);
        b.text(o.route).owned(order_legs_json(o.legs)).text(o.underlying).text(o.signal_side).real(o.trail);
    }
    void operator()(const event::Reject& r) {
        b.text(r.stage).text(r.ref).text(r.reason).text(r.detail);
        if (r.has_signal_fields) {
            const auto& f = r.f;
            b.text(f.pattern_id).text(f.side).tf(f.tf).real(f.entry).real(f.sl).real(f.tp).text(f.regime);
        } else {
            for (int i = 0; i < 7; ++i)
                b.null();
        }
        b.text(mode);
    }
    void operator()(const event::OrderUpdate& u) {
        b.text(u.id)
            .text(u.broker_order_id)
            .text(u.status)
            .integer(u.filled_qty)
            .paise(u.avg_price)
            .text(u.message)
            .text(mode);
    }
    void operator()(const event::Fill& f) {
        b.text(f.order_id).text(f.side).integer(f.qty).paise(f.price).paise(f.fees).text(mode);
    }
    void operator()(const event::Exit& x) {
        b.text(x.order_id).text(x.reason).paise(x.price).integer(x.qty).paise(x.pnl).text(mode);
    }
    void operator()(const event::Position& p) {
        b.integer(p.qty).paise(p.avg_price).paise(p.realized_pnl).paise(p.unrealized_pnl).text(mode);
    }
    void operator()(const event::Alert& a) { b.text(a.level).text(a.code).text(a.message).text(a.tool); }
    void operator()(const event::Health& h) {
        b.text(h.tool)
            .integer(h.pid)
            .real(h.uptime_s)
            .integer(h.in)
            .integer(h.out)
            .integer(h.bad)
            .real(h.lag_s);
    }
    void operator()(const event::Control& c) {
        b.text(c.command).text(c.target).text(c.scope);
        asker(c.asked);
    }
};

}  // namespace

EventRows::EventRows(Database& db) : db_(db), quotes_(db.prepare(insert_sql(kOptionQuotes))) {
    for (const auto& t : event_tables())
        tables_[static_cast<std::size_t>(t.kind)] = db.prepare(insert_sql(t));
}

std::size_t EventRows::insert(const event::Event& e, std::int64_t raw_id, std::int64_t run_id,
                              std::string_view unknown_type) {
    // A kind whose body does not match (never from the decoder) goes to `other` with its type.
    auto k = static_cast<std::size_t>(e.env.kind);
    if (k >= tables_.size() || (k != 0 && std::holds_alternative<std::monostate>(e.body))) k = 0;
    Statement& s = tables_[k];
    {
        Binder b(s, 1);
        b.integer(raw_id)
            .integer(run_id)
            .time(e.env.timestamp)
            .text(e.env.symbol)
            .integer(e.env.hist ? 1 : 0);
        if (k == 0) {
            // A kind of the catalogue with no table of its own (SYNC) keeps its own name.
            b.text(e.env.kind == event::Kind::Unknown ? unknown_type : event::type_name(e.env.kind));
        } else {
            std::visit(BodyBinder{b, unknown_type, e.env.mode}, e.body);
        }
        s.run();
    }
    std::size_t rows = 1;
    if (const auto* ch = e.as<event::OptionChain>()) {
        const std::int64_t chain_id = db_.last_insert_rowid();
        for (const auto& row : ch->strikes) {
            for (const auto right : vocab::all<vocab::OptionRight>()) {
                const bool call = right == vocab::OptionRight::Call;
                if (!(call ? row.has_ce : row.has_pe)) continue;
                const event::OptionLeg& leg = call ? row.ce : row.pe;
                Binder b(quotes_, 1);
                b.integer(chain_id).real(row.strike).text(right);
                b.real(leg.ltp)
                    .real(leg.oi)
                    .real(leg.oi_change)
                    .real(leg.volume)
                    .real(leg.iv)
                    .real(leg.delta);
                quotes_.run();
                ++rows;
            }
        }
    }
    return rows;
}

}  // namespace sos::journal
