#include "openalgo/rest_events.hpp"

namespace sos::openalgo {

HistoryConversion history_to_candles(const std::vector<HistoryRow>& rows, const CandleSeries& series,
                                     const time::Calendar& calendar, time::Timestamp closed_by,
                                     std::vector<event::Event>& out) {
    HistoryConversion n;
    for (const HistoryRow& row : rows) {
        std::optional<time::Session> session =
            series.tf.daily() ? calendar.session(calendar.local_date(row.t)) : calendar.session_at(row.t);
        if (!session) {
            ++n.outside_session;
            continue;
        }
        time::BarSpan span =
            time::bar_containing(series.tf.daily() ? session->open : row.t, *session, series.tf);
        if (span.end > closed_by) {
            ++n.still_open;
            continue;
        }
        event::Event& e = out.emplace_back();
        e.env.kind = event::Kind::Candle;
        e.env.timestamp = span.start;
        e.env.symbol.assign(series.symbol);
        e.env.exchange.assign(series.exchange);
        e.env.src.assign(series.src);
        e.env.hist = series.hist;
        auto& k = e.body.emplace<event::Candle>();
        k.tf = series.tf;
        k.o = row.o;
        k.h = row.h;
        k.l = row.l;
        k.c = row.c;
        k.v = row.v;
        k.oi = row.oi;
    }
    return n;
}

namespace {

event::OptionLeg leg_of(const ChainLeg& in) {
    event::OptionLeg l;
    l.ltp = in.ltp;
    l.oi = in.oi;
    l.volume = in.volume;
    if (in.iv_percent) l.iv = *in.iv_percent / 100;
    l.delta = in.delta;
    return l;
}

}  // namespace

std::optional<event::Event> option_chain_event(const OptionChainAnswer& chain, std::string_view exchange,
                                               time::Timestamp at, std::string_view src) {
    if (!chain.expiry || !chain.underlying_ltp || chain.underlying.empty()) return std::nullopt;
    event::Event e;
    e.env.kind = event::Kind::OptionChain;
    e.env.timestamp = at;
    e.env.symbol = chain.underlying;
    e.env.exchange.assign(exchange);
    e.env.src.assign(src);
    auto& ch = e.body.emplace<event::OptionChain>();
    ch.expiry = chain.expiry;
    ch.spot = chain.underlying_ltp;
    for (const ChainStrike& s : chain.chain) {
        event::StrikeRow row;
        row.strike = s.strike;
        if (s.ce) row.has_ce = true, row.ce = leg_of(*s.ce);
        if (s.pe) row.has_pe = true, row.pe = leg_of(*s.pe);
        if (!ch.lot_size)
            ch.lot_size = s.ce && s.ce->lotsize ? s.ce->lotsize : s.pe ? s.pe->lotsize : std::nullopt;
        ch.strikes.push_back(row);
    }
    return e;
}

}  // namespace sos::openalgo
