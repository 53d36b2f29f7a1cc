#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "broker/paper/paper_market.hpp"

namespace sos::broker::paper {

namespace {

bool same_tf(time::Timeframe a, time::Timeframe b) {
    return a.seconds == b.seconds;
}

vocab::ExitReason stop_reason(const Position& p) {
    return p.sl && p.initial_sl && *p.sl != *p.initial_sl ? vocab::ExitReason::Trail : vocab::ExitReason::Sl;
}

// The square-off candle: the first of its symbol and timeframe that closes at or after the
// square-off time of its day.
bool square_off_candle(const Book& b, Timestamp open, Timestamp close, const Book::LastCandle* last) {
    const auto& zone = b.cfg.calendar->zone();
    const time::Date day = zone.local_date(open);
    const Timestamp cut = zone.at(day, b.cfg.square_off_seconds);
    if (close < cut) return false;
    return !last || last->day != day || last->close < cut;
}

// A candle's prices in paise: levels are compared exactly, and fills land on them.
struct Bar {
    Paise o, h, l, c;
    explicit Bar(const event::Candle& k)
        : o(Paise::from_price(k.o)),
          h(Paise::from_price(k.h)),
          l(Paise::from_price(k.l)),
          c(Paise::from_price(k.c)) {}
};

void check_exits(Book& b, Position& p, const Bar& k, Timestamp close) {
    const bool lng = p.long_u;
    auto beyond = [&](Paise price, Paise level, bool above) {
        return above ? price >= level : price <= level;
    };
    // The open trades first: a gap through the target or the stop exits at the open.
    if (p.tp && beyond(k.o, *p.tp, lng)) return decide_exit(b, p, vocab::ExitReason::Tp, k.o, close);
    if (p.sl && beyond(k.o, *p.sl, !lng)) return decide_exit(b, p, stop_reason(p), k.o, close);
    const bool hits_sl = p.sl && beyond(lng ? k.l : k.h, *p.sl, !lng);
    const bool hits_tp = p.tp && beyond(lng ? k.h : k.l, *p.tp, lng);
    // Reaching both in one candle: the stop is assumed first (the worst case).
    if (hits_sl) return decide_exit(b, p, stop_reason(p), *p.sl, close);
    if (hits_tp) return decide_exit(b, p, vocab::ExitReason::Tp, *p.tp, close);
}

// Where an entry working on this candle fills on the underlying, if it does: a MARKET entry at
// the open; a stop entry (SL, SL-M: the limit of an SL is not simulated) on reaching its
// trigger, at the open when the candle gaps through it; a LIMIT at its price or better, at the
// open when the candle opens better.
std::optional<Paise> entry_level(const OrderRequest& r, const Bar& k) {
    const bool up = r.long_underlying();
    if (vocab::is_stop(r.type)) {
        if (!(up ? k.h >= *r.trigger : k.l <= *r.trigger)) return std::nullopt;
        const bool gap = up ? k.o >= *r.trigger : k.o <= *r.trigger;
        return gap ? k.o : *r.trigger;
    }
    if (r.type == vocab::OrderType::Limit) {  // a price of the traded symbol, which is this one
        const bool buy = r.buy();
        if (!(buy ? k.l <= *r.limit : k.h >= *r.limit)) return std::nullopt;
        const bool better = buy ? k.o <= *r.limit : k.o >= *r.limit;
        return better ? k.o : *r.limit;
    }
    return k.o;
}

void fill_entry(Book& b, Working& w, Paise level, const Bar& k, Timestamp open, Timestamp close) {
    if (w.source != PriceSource::Candle) {
        // Triggered on the underlying; the traded instrument's price comes later.
        w.awaiting_price = true;
        w.decided_at = close;
        w.trigger_candle_open = open;
        return;
    }
    Paise price = b.slipped(level, w.req.buy(), b.tick_size(w.req.symbol));
    b.positions.push_back(open_position(b, w, price, close, open));
    w.req.qty = 0;  // done
    // On its entry candle a position can still be stopped (the worst case), not take profit.
    Position& p = b.positions.back();
    if (p.sl && (p.long_u ? k.l <= *p.sl : k.h >= *p.sl))
        decide_exit(b, p, vocab::ExitReason::Sl, *p.sl, close);
}

void end_previous_day(Book& b, const std::string& symbol, time::Timeframe tf, const Book::LastCandle& last) {
    for (auto& w : b.working) {
        if (w.req.qty == 0 || w.req.underlying != symbol || !same_tf(w.req.tf, tf)) continue;
        if (time::days_from_civil(w.day) > time::days_from_civil(last.day)) continue;
        b.order_update(w.req.id, w.req.symbol, vocab::OrderStatus::Cancelled, 0, std::nullopt,
                       "day order: the session ended before it filled", last.close);
        w.req.qty = 0;
    }
    // A day whose data ended before the square-off time: MIS positions close at its last close.
    for (auto& p : b.positions) {
        if (p.qty == 0 || p.exiting || !vocab::intraday(p.product) || p.underlying != symbol ||
            !same_tf(p.tf, tf))
            continue;
        if (time::days_from_civil(p.day) > time::days_from_civil(last.day)) continue;
        decide_exit(b, p, vocab::ExitReason::Eod, last.price, last.close, true);
    }
}

}  // namespace

// A new position from an entry fill at `price` (the traded instrument's price).
Position open_position(Book& b, const Working& w, Paise price, Timestamp at, Timestamp candle_open) {
    const auto& r = w.req;
    Position p;
    p.order_id = r.id;
    p.signal_id = r.signal_id;
    p.strategy = r.strategy;
    p.symbol = r.symbol;
    p.underlying = r.underlying;
    p.source = w.source;
    p.buy = r.buy();
    p.long_u = r.long_underlying();
    p.qty = r.qty;
    p.entry = price;
    p.entry_fees = b.fees_for(r.symbol, r.product, r.buy(), r.qty, price);
    p.sl = r.sl;
    p.initial_sl = r.sl;
    p.tp = r.tp;
    p.trail = r.trail;
    p.tf = r.tf;
    p.product = r.product;
    p.day = b.cfg.calendar->local_date(at);
    p.fill_candle_open = candle_open;
    p.mark = price;
    p.marked = true;
    b.fill(r.id, r.symbol, r.buy(), r.qty, price, p.entry_fees, at);
    b.order_update(r.id, r.symbol, vocab::OrderStatus::Complete, r.qty, price, "filled", at);
    return p;
}

void decide_exit(Book& b, Position& p, vocab::ExitReason reason, std::optional<Paise> level,
                 Timestamp decided_at, bool last_known) {
    if (p.source == PriceSource::Candle && level) {
        b.exit(p, reason, b.slipped(*level, !p.buy, b.tick_size(p.symbol)), decided_at);
        return;
    }
    if (last_known) {
        // The day ended without a square-off: the instrument's last price of that day.
        std::optional<Paise> price;
        if (p.source == PriceSource::Chain) price = b.chain_price(p.symbol, Timestamp{});
        if (p.source == PriceSource::OtherCandle)
            if (auto it = b.last_candle.find({p.symbol, p.tf.seconds}); it != b.last_candle.end())
                price = it->second.price;
        if (price) {
            b.exit(p, reason, b.slipped(*price, !p.buy, b.tick_size(p.symbol)), decided_at);
            return;
        }
    }
    p.exiting = true;
    p.exit_reason = reason;
    p.exit_decided_at = decided_at;
}

void on_candle(Book& b, const std::string& symbol, const event::Candle& candle, Timestamp open) {
    const Bar k(candle);
    const time::Timeframe tf = candle.tf;
    const Timestamp close = b.close_time(open, tf);
    const time::Date day = b.cfg.calendar->local_date(open);
    const auto key = std::make_pair(symbol, tf.seconds);
    const auto last_it = b.last_candle.find(key);
    const Book::LastCandle* last = last_it == b.last_candle.end() ? nullptr : &last_it->second;
    if (last && last->day != day) end_previous_day(b, symbol, tf, *last);

    // Exits decided earlier that wait for this instrument's next price: a kill, or a future
    // priced from its own candles.
    for (auto& p : b.positions) {
        if (p.qty == 0 || !p.exiting || p.symbol != symbol || open < p.exit_decided_at) continue;
        if (p.source == PriceSource::Chain) continue;
        b.exit(p, p.exit_reason, b.slipped(k.o, !p.buy, b.tick_size(p.symbol)), close);
    }
    // Entries of other instruments priced from this symbol's candles (a future).
    for (auto& w : b.working) {
        if (w.req.qty == 0 || !w.awaiting_price || w.source != PriceSource::OtherCandle ||
            w.req.symbol != symbol || open < w.decided_at)
            continue;
        b.positions.push_back(open_position(b, w, b.slipped(k.o, w.req.buy(), b.tick_size(symbol)), close,
                                            w.trigger_candle_open));
        w.req.qty = 0;
    }

    const bool eod = square_off_candle(b, open, close, last);
    // 1. Positions held from earlier candles.
    for (auto& p : b.positions)
        if (p.qty && !p.exiting && p.underlying == symbol && same_tf(p.tf, tf) && p.fill_candle_open < open)
            check_exits(b, p, k, close);
    // 2. Working entries: only candles opening at or after the order count.
    for (auto& w : b.working) {
        if (w.req.qty == 0 || w.awaiting_price || w.req.underlying != symbol || !same_tf(w.req.tf, tf) ||
            open < w.req.at)
            continue;
        if (eod) {
            b.order_update(w.req.id, w.req.symbol, vocab::OrderStatus::Cancelled, 0, std::nullopt,
                           "end of day: entry still working at the square-off is cancelled", close);
            w.req.qty = 0;
            continue;
        }
        ++w.bars;
        const std::optional<Paise> level = entry_level(w.req, k);
        if (level) {
            fill_entry(b, w, *level, k, open, close);
        } else if (w.bars >= b.cfg.entry_valid_bars) {
            b.order_update(w.req.id, w.req.symbol, vocab::OrderStatus::Cancelled, 0, std::nullopt,
                           fmt::format("not triggered within {} candles", b.cfg.entry_valid_bars), close);
            w.req.qty = 0;
        }
    }
    // 3. Square-off: stop and target were checked first; what is still open closes at the close.
    if (eod)
        for (auto& p : b.positions)
            if (p.qty && !p.exiting && vocab::intraday(p.product) && p.underlying == symbol &&
                same_tf(p.tf, tf))
                decide_exit(b, p, vocab::ExitReason::Eod, k.c, close);
    // 4. Trailing: the stop follows the best close, never back.
    for (auto& p : b.positions) {
        if (p.qty == 0 || p.exiting || !p.trail || !p.sl || p.underlying != symbol || !same_tf(p.tf, tf))
            continue;
        p.best = !p.best ? k.c : (p.long_u ? std::max(*p.best, k.c) : std::min(*p.best, k.c));
        const Paise stop = p.long_u ? *p.best - *p.trail : *p.best + *p.trail;
        if (p.long_u ? stop > *p.sl : stop < *p.sl) p.sl = stop;
    }
    // 5. Marks: positions in this very symbol are worth its close.
    bool marked = false;
    for (auto& p : b.positions)
        if (p.qty && p.symbol == symbol && p.source != PriceSource::Chain) {
            p.mark = k.c;
            p.marked = true;
            marked = true;
        }
    if (marked) b.position_line(symbol, close);

    b.last_candle[key] = {open, close, k.c, day};
    std::erase_if(b.positions, [](const Position& p) { return p.qty == 0; });
    std::erase_if(b.working, [](const Working& w) { return w.req.qty == 0; });
}

}  // namespace sos::broker::paper
