// What happens to a closed bar: held when ticks may have been missed in it, filled from
// /history's 1-minute bars or given up, then written once through the ledger.
#include <algorithm>

#include "live/live_candle_state.hpp"
#include "time/bar_close.hpp"

namespace sos::live {

void LiveCandles::take_closed(time::Timestamp wall) {
    const time::Timestamp exch = exchange_now(wall);
    const std::int64_t largest = static_cast<std::int64_t>(tfs_.back().seconds) * time::kNanosPerSecond;
    for (event::Event& bar : closed_) {
        SymbolState& s = state(bar.env.symbol, bar.env.exchange);
        const auto& k = *bar.as<event::Candle>();
        Pending p;
        p.end = time::bar_close(bar.time(), k.tf, &calendar_);
        p.held = s.suspect.touches(bar.time(), p.end);
        if (p.held) {
            ++s.held;
            ++counts_.held;
        }
        bar.env.src = s.src;
        s.suspect.forget_before(time::Timestamp{bar.time().ns - largest});
        p.bar = std::move(bar);
        // Released at once when nothing is held before it, so bars go out in the order the
        // aggregator closed them (by end, then symbol, then timeframe), as replay writes them.
        Series& series = s.series[tf_index(k.tf)];
        series.queue.push_back(std::move(p));
        while (!series.queue.empty() && release_front(s, series, exch, false))
            series.queue.pop_front();
    }
    closed_.clear();
}

void LiveCandles::release(SymbolState& s, time::Timestamp exchange_now, bool give_up_all) {
    for (Series& series : s.series)
        while (!series.queue.empty() && release_front(s, series, exchange_now, give_up_all))
            series.queue.pop_front();
}

namespace {

// The bar [start, end) from 1-minute bars: open of the first, extremes, close of the last,
// volumes summed, the last open interest. False when no minute of it is there.
bool from_minutes(const std::map<std::int64_t, event::Event>& minutes, time::Timestamp start,
                  time::Timestamp end, event::Candle& k) {
    auto it = minutes.lower_bound(start.ns);
    bool any = false;
    for (; it != minutes.end() && it->first < end.ns; ++it) {
        const auto& m = *it->second.as<event::Candle>();
        if (!any) {
            k.o = m.o;
            k.h = m.h;
            k.l = m.l;
            k.v = 0;
            k.oi.reset();
            any = true;
        }
        k.h = std::max(k.h, m.h);
        k.l = std::min(k.l, m.l);
        k.c = m.c;
        k.v += m.v;
        if (m.oi) k.oi = m.oi;
    }
    return any;
}

}  // namespace

bool LiveCandles::release_front(SymbolState& s, Series& series, time::Timestamp exchange_now,
                                bool give_up_all) {
    Pending& p = series.queue.front();
    if (!p.held) {
        write(series, std::move(p.bar));
        return true;
    }
    auto& k = *p.bar.as<event::Candle>();
    // History covers the bar once it was taken after the bar's end and either reaches past it
    // (a row after its end, if only the bar forming) or has had time to settle (a minute it
    // still lacks then had no trade).
    const bool complete =
        s.minutes_as_of && *s.minutes_as_of >= p.end &&
        ((s.latest_row && *s.latest_row >= p.end) || s.minutes.lower_bound(p.end.ns) != s.minutes.end() ||
         s.minutes_as_of->ns >= p.end.ns + ns(opts_.history_settle_s));
    if (complete) {
        --s.held;
        ++counts_.from_history;
        event::Candle filled = k;
        filled.partial = false;
        filled.gap = !from_minutes(s.minutes, p.bar.time(), p.end, filled);
        auto first = s.minutes.lower_bound(p.bar.time().ns);
        if (first != s.minutes.end()) p.bar.env.src = first->second.env.src;
        k = filled;
        write(series, std::move(p.bar));
        return true;
    }
    if (give_up_all || exchange_now.ns >= p.end.ns + ns(opts_.history_give_up_s)) {
        --s.held;
        ++counts_.gave_up;
        notes_.push_back(Note{NoteKind::HistoryGaveUp, s.symbol, p.bar.time(), k.tf, 0});
        if (k.gap) return true;  // no trade seen, none known: nothing is invented
        k.partial = true;        // only what the ticks showed
        write(series, std::move(p.bar));
        return true;
    }
    return false;
}

void LiveCandles::write(Series& series, event::Event bar) {
    auto& k = *bar.as<event::Candle>();
    if (series.last_written && bar.time() <= *series.last_written) {
        ++counts_.duplicates;
        return;
    }
    const time::Date day = calendar_.local_date(bar.time());
    if (k.gap) {
        // Flat at the close of the last bar written, as replay writes gap bars; none before
        // the session's first trade.
        if (series.close_day != day) return;
        k.o = k.h = k.l = k.c = series.last_close;
        k.v = 0;
        k.oi.reset();
    } else {
        series.last_close = k.c;
        series.close_day = day;
    }
    series.last_written = bar.time();
    ready_.push_back(std::move(bar));
}

bool LiveCandles::admit(const event::Event& candle) {
    const auto* k = candle.as<event::Candle>();
    if (!k) return true;
    std::size_t i = tf_index(k->tf);
    if (i == tfs_.size()) return true;  // a timeframe not built here: nothing to collide with
    Series& series = state(candle.env.symbol, candle.env.exchange).series[i];
    if (series.last_written && candle.time() <= *series.last_written) {
        ++counts_.duplicates;
        return false;
    }
    series.last_written = candle.time();
    if (!k->gap) {
        series.last_close = k->c;
        series.close_day = calendar_.local_date(candle.time());
    }
    return true;
}

void LiveCandles::history_due(time::Timestamp now, std::vector<HistoryWant>& out) {
    const time::Timestamp exch = exchange_now(now);
    for (auto& [name, sp] : symbols_) {
        SymbolState& s = *sp;
        if (!s.held || exch < s.next_request) continue;
        const Pending* first = nullptr;
        for (const Series& series : s.series)
            for (const Pending& p : series.queue)
                if (p.held && (!first || p.end < first->end)) first = &p;
        if (!first || exch.ns < first->end.ns + ns(opts_.history_delay_s)) continue;
        out.push_back(HistoryWant{s.symbol, s.exchange, calendar_.local_date(first->bar.time())});
        s.next_request = time::Timestamp{exch.ns + ns(opts_.history_retry_s)};
    }
}

void LiveCandles::take_history(std::string_view symbol, const std::vector<event::Event>& minutes,
                               time::Timestamp now, std::optional<time::Timestamp> latest_row) {
    auto it = symbols_.find(symbol);
    if (it == symbols_.end()) return;
    SymbolState& s = *it->second;
    s.minutes.clear();
    for (const event::Event& e : minutes) {
        const auto* k = e.as<event::Candle>();
        if (k && k->tf == time::kOneMinute && e.env.symbol == symbol) s.minutes.emplace(e.time().ns, e);
    }
    const time::Timestamp exch = exchange_now(now);
    s.minutes_as_of = exch;
    s.latest_row = latest_row;
    release(s, exch);
    if (!s.held) s.minutes.clear();
}

}  // namespace sos::live
