#include "yahoo/chart_candles.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "yahoo/chart_request.hpp"

namespace sos::yahoo {

namespace {

// A bar being assembled from the rows dated inside it.
struct Bar {
    time::BarSpan span;
    time::Date session_date;
    bool traded = false;
    double o = 0, h = 0, l = 0, c = 0, v = 0;
};

double round_to(double x, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
}

std::string row_label(std::size_t i, const ChartRow& r, const time::Calendar& cal) {
    std::string s = "row " + std::to_string(i);
    if (r.t) s += " at " + time::format_clock(cal.zone().local_seconds_of_day(*r.t));
    return s;
}

// Why a traded row cannot be a bar, or empty.
std::string price_problem(double o, double h, double l, double c, double v) {
    if (!std::isfinite(o) || !std::isfinite(h) || !std::isfinite(l) || !std::isfinite(c) || !std::isfinite(v))
        return "not a finite number";
    if (h < l) return "high < low";
    if (o < l || o > h || c < l || c > h) return "open or close outside [low, high]";
    if (v < 0) return "negative volume";
    if (l <= 0) return "a price of zero or below";
    return {};
}

bool same_granularity(std::string_view served, time::Timeframe tf) {
    if (served.empty()) return true;  // Yahoo did not say: trust the request
    auto asked = interval_of(tf);
    return (asked && served == *asked) || (tf.seconds == 3600 && served == "1h");
}

void fold(Bar& bar, double o, double h, double l, double c, double v) {
    if (!bar.traded) {
        bar.traded = true;
        bar.o = o, bar.h = h, bar.l = l, bar.c = c, bar.v = v;
        return;
    }
    bar.h = std::max(bar.h, h);
    bar.l = std::min(bar.l, l);
    bar.c = c;
    bar.v += v;
}

event::Event candle(const Bar& bar, const ChartSeries& s) {
    event::Event e;
    e.env.kind = event::Kind::Candle;
    e.env.timestamp = bar.span.start;
    e.env.symbol.assign(s.symbol);
    e.env.exchange.assign(s.exchange);
    e.env.src.assign(s.src);
    e.env.hist = s.hist;
    auto& k = e.body.emplace<event::Candle>();
    k.tf = s.tf;
    k.o = bar.o, k.h = bar.h, k.l = bar.l, k.c = bar.c, k.v = bar.v;
    return e;
}

// The rows placed in their bars, in time order; rows that cannot be placed are counted or named.
std::vector<Bar> place_rows(const ChartAnswer& chart, const ChartSeries& s, const time::Calendar& cal,
                            ChartConversion& n) {
    const int decimals = chart.meta.price_hint.value_or(2);
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < chart.rows.size(); ++i) {
        const ChartRow& r = chart.rows[i];
        auto bad = [&](std::string_view why) {
            n.bad_rows.push_back(row_label(i, r, cal) + ": " + std::string(why));
        };
        if (!r.t) {
            bad("no timestamp");
            continue;
        }
        std::optional<time::Session> session =
            s.tf.daily() ? cal.session(cal.local_date(*r.t)) : cal.session_at(*r.t);
        if (!session) {
            ++n.outside_session;
            continue;
        }
        time::BarSpan span = time::bar_containing(s.tf.daily() ? session->open : *r.t, *session, s.tf);
        const int prices = !!r.o + !!r.h + !!r.l + !!r.c;
        if (prices != 0 && prices != 4) {
            bad("some prices null, not all");
            continue;
        }
        double o = 0, h = 0, l = 0, c = 0, v = 0;
        if (prices == 4) {
            o = round_to(*r.o, decimals), h = round_to(*r.h, decimals), l = round_to(*r.l, decimals);
            c = round_to(*r.c, decimals), v = r.v.value_or(0);
            if (auto problem = price_problem(o, h, l, c, v); !problem.empty()) {
                bad(problem);
                continue;
            }
        }
        if (!bars.empty() && span.start < bars.back().span.start) {
            bad("dated before the row above it");
            continue;
        }
        if (bars.empty() || bars.back().span.start != span.start) {
            bars.push_back(Bar{span, session->date});
        } else {
            ++n.merged;
        }
        if (prices == 4) fold(bars.back(), o, h, l, c, v);
    }
    return bars;
}

}  // namespace

ChartConversion chart_to_candles(const ChartAnswer& chart, const ChartSeries& s, const time::Calendar& cal,
                                 time::Timestamp asked_at, const ChartOptions& opts,
                                 std::vector<event::Event>& out) {
    ChartConversion n;
    if (!same_granularity(chart.meta.data_granularity, s.tf)) {
        n.refusal = "Yahoo served " + chart.meta.data_granularity + " bars for " + time::to_string(s.tf);
        return n;
    }
    const time::Timestamp closed_by{asked_at.ns - static_cast<std::int64_t>(opts.settle_s * 1e9)};
    // The session's last close, for gap bars (a plain double: GCC 12 warns falsely about an
    // optional one here).
    double prev_close = 0;
    bool has_prev_close = false;
    std::optional<time::Date> prev_day;
    for (const Bar& bar : place_rows(chart, s, cal, n)) {
        if (bar.span.end > closed_by) {
            ++n.forming;
            continue;
        }
        if (prev_day != bar.session_date) has_prev_close = false, prev_day = bar.session_date;
        if (bar.traded) {
            out.push_back(candle(bar, s));
            prev_close = bar.c;
            has_prev_close = true;
            ++n.candles;
            continue;
        }
        ++n.no_trade;
        if (!opts.gap_bars || !has_prev_close) continue;
        Bar gap = bar;
        gap.o = gap.h = gap.l = gap.c = prev_close;
        event::Event e = candle(gap, s);
        e.as<event::Candle>()->gap = true;
        out.push_back(std::move(e));
        ++n.gap_bars;
        ++n.candles;
    }
    return n;
}

}  // namespace sos::yahoo
