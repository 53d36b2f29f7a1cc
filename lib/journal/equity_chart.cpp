#include "journal/equity_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "journal/text_table.hpp"
#include "plot/axis.hpp"
#include "plot/indian_number.hpp"
#include "plot/render.hpp"
#include "plot/step_curve.hpp"
#include "time/civil.hpp"

namespace sos::journal {

namespace {

using plot::Anchor;
using plot::Color;
using plot::Font;
using plot::Point;
using plot::Weight;

constexpr Color kInk{33, 37, 41};
constexpr Color kMuted{108, 117, 125};
constexpr Color kAxis{173, 181, 189};
constexpr Color kGrid{229, 232, 235};
constexpr Color kBand{246, 247, 249};
constexpr Color kZero{120, 127, 134};
constexpr Color kEquity{31, 87, 165};
constexpr Color kEquityFill{31, 87, 165, 0.12};
constexpr Color kDrawdown{192, 57, 43};
constexpr Color kDrawdownFill{214, 69, 65, 0.28};
constexpr Color kGain{25, 135, 84};

// Sizes in pixels at the default 1200 x 800, scaled with the picture (never below 0.7 of
// them, where text would stop being readable), so a large picture is not all margin.
struct Frame {
    plot::Scene& scene;
    double k;

    double px(double v) const { return v * k; }
    Font title() const { return {px(20), Weight::Bold}; }
    Font figure() const { return {px(15), Weight::Bold}; }
    Font heading() const { return {px(13), Weight::Bold}; }
    Font label() const { return {px(12), Weight::Normal}; }
    void add(plot::Shape s) const { scene.shapes.push_back(std::move(s)); }
    void text(double x, double y, std::string t, Font f, Color c, Anchor a = Anchor::Start) const {
        add(plot::Text{x, y, std::move(t), f, c, a});
    }
};

// Indian grouping with a true minus sign, which sits level with the digits.
std::string number(double value, int decimals) {
    const std::string s = plot::indian_grouped(value, decimals);
    return s[0] == '-' ? "\u2212" + s.substr(1) : s;
}

std::string rupees(double value, int decimals) {
    const std::string s = number(value, decimals);
    return s.rfind("\u2212", 0) == 0 ? "\u2212\u20B9" + s.substr(3) : "\u20B9" + s;
}

double inr(std::int64_t paise) {
    return static_cast<double>(paise) / 100.0;
}

std::string end_tag(const Report& r) {
    return rupees(inr(r.equity.back().equity_paise), 0);
}

// A panel of the chart: where it is and the values it spans.
struct Panel {
    double top, height;
    plot::ValueAxis axis;

    double bottom() const { return top + height; }
    double y(double v) const { return top + height * (axis.hi - v) / (axis.hi - axis.lo); }
};

struct Layout {
    double left, right;  // the panels' x extent
    Panel equity, drawdown;
    double ticks_y;    // baseline of the time axis labels
    double caption_y;  // baseline of the caption under them

    double width() const { return right - left; }
};

struct Figure {
    std::string label, value;
    Color color;
};

std::vector<Figure> figures(const Report& r) {
    const double net = inr(r.overall.net_paise);
    const double dd = inr(r.equity_drawdown.max_paise);
    return {
        {"Net P&L", rupees(net, 2),
         net > 0   ? kGain
         : net < 0 ? kDrawdown
                   : kInk},
        {"Closed trades", fmt::format("{}", r.overall.trades), kInk},
        {"Max drawdown", fmt::format("{} ({:.2f}% at the peak)", rupees(-dd, 2), r.equity_drawdown.max_pct),
         dd > 0 ? kDrawdown : kInk},
        {"Capital", rupees(inr(r.capital_paise), 0), kInk},
        {"Curve", r.marked_to_market ? "marked to market" : "at closed trades", kInk},
    };
}

// The title and the run's figures in a row under it (wrapped when the picture is narrow);
// returns the y under them.
double header(const Frame& f, const Report& r) {
    const double pad = f.px(24), right = f.scene.width - pad;
    double y = pad + f.px(18);
    f.text(pad, y, plot::fit_text("Equity and drawdown of run " + r.run.name, f.title(), right - pad),
           f.title(), kInk);
    y += f.px(30);
    double x = pad;
    for (const auto& fig : figures(r)) {
        const double lw = plot::text_width(fig.label, f.label()) + f.px(6);
        const double w = lw + plot::text_width(fig.value, f.figure());
        if (x > pad && x + w > right) {
            x = pad;
            y += f.px(24);
        }
        f.text(x, y, fig.label, f.label(), kMuted);
        f.text(x + lw, y, fig.value, f.figure(), fig.color);
        x += w + f.px(28);
    }
    return y + f.px(8);
}

struct Extremes {
    double lo = 0, hi = 0, deepest = 0;  // rupees
};

Extremes extremes(const Report& r) {
    Extremes e;
    double peak = 0;
    for (const auto& p : r.equity) {
        const double v = inr(p.equity_paise);
        peak = std::max(peak, v);
        e.lo = std::min(e.lo, v);
        e.hi = std::max(e.hi, v);
        e.deepest = std::min(e.deepest, v - peak);
    }
    return e;
}

// The panels stacked under the header, equity over drawdown, two thirds to one third, each
// with as many value ticks as fit at a readable spacing.
Layout layout(const Frame& f, const Report& r, double header_bottom) {
    const Extremes e = extremes(r);
    const double pad = f.px(24);
    Layout l{};
    l.caption_y = f.scene.height - pad;
    l.ticks_y = l.caption_y - f.px(24);
    const double heading = f.px(26);  // room above each panel for its heading
    const double top = header_bottom + f.px(10) + heading;
    const double bottom = l.ticks_y - f.px(18);
    const double avail = bottom - top - heading;
    const double eq_h = avail * 0.64, dd_h = avail - eq_h;
    const double margin = std::max((e.hi - e.lo) * 0.05, 1.0);
    const auto eq_axis = plot::nice_axis(e.lo < 0 ? e.lo - margin : 0, e.hi + margin,
                                         std::clamp(static_cast<int>(eq_h / f.px(48)), 2, 8));
    // Room under the deepest point for its label: nothing of the curve is lower.
    const double room = std::min(f.px(22) / dd_h, 0.5);
    const auto dd_axis = plot::nice_axis(std::min(e.deepest, -1.0) / (1 - room), 0,
                                         std::clamp(static_cast<int>(dd_h / f.px(40)), 1, 4));
    l.equity = {top, eq_h, eq_axis};
    l.drawdown = {top + eq_h + heading, dd_h, dd_axis};
    double label_w = 0;
    for (const Panel* p : {&l.equity, &l.drawdown})
        for (double v : p->axis.ticks())
            label_w = std::max(label_w, plot::text_width(number(v, p->axis.decimals()), f.label()));
    l.left = pad + label_w + f.px(10);
    // Room on the right for the last equity figure, tagged beside the curve's end.
    const double tag = r.equity.empty() ? 0 : plot::text_width(end_tag(r), f.label()) + f.px(14);
    l.right = f.scene.width - pad - tag;
    return l;
}

void value_axis(const Frame& f, const Layout& l, const Panel& p) {
    for (double v : p.axis.ticks()) {
        const double y = p.y(v);
        f.add(plot::Line{{l.left, y}, {l.right, y}, v == 0 ? kZero : kGrid, 1, false});
        f.text(l.left - f.px(8), y + f.label().size * 0.36, number(v, p.axis.decimals()), f.label(), kMuted,
               Anchor::End);
    }
    f.add(plot::Line{{l.left, p.top}, {l.left, p.bottom()}, kAxis, 1, false});
    f.add(plot::Line{{l.left, p.bottom()}, {l.right, p.bottom()}, kAxis, 1, false});
}

// Alternate sessions shaded, so each day of a compressed axis can be told from the next,
// when there are few enough for a band to be seen.
void session_bands(const Frame& f, const Layout& l, const plot::SessionAxis& axis, const Report& r) {
    if (r.sessions.size() < 2 || static_cast<double>(r.sessions.size()) > l.width() / f.px(6)) return;
    for (std::size_t i = 1; i < r.sessions.size(); i += 2) {
        const double a = l.left + l.width() * axis.position(r.sessions[i].first);
        const double b = l.left + l.width() * axis.position(r.sessions[i].second);
        for (const Panel* p : {&l.equity, &l.drawdown})
            f.add(plot::Rect{a, p->top, b - a, p->height, kBand});
    }
}

void time_axis(const Frame& f, const Layout& l, const plot::SessionAxis& axis, const Report& r) {
    const double bottom = l.drawdown.bottom();
    for (const auto& tick : axis.ticks(static_cast<int>(l.width() / f.px(110)), time::kIndia.seconds)) {
        const double x = l.left + l.width() * tick.position;
        for (const Panel* p : {&l.equity, &l.drawdown})
            f.add(plot::Line{{x, p->top}, {x, p->bottom()}, kGrid, 1, false});
        f.add(plot::Line{{x, bottom}, {x, bottom + f.px(5)}, kAxis, 1, false});
        const double half = plot::text_width(tick.label, f.label()) / 2;
        f.text(std::clamp(x, l.left + half, l.right - half), l.ticks_y, tick.label, f.label(), kMuted,
               Anchor::Middle);
    }
    const std::string span = r.first_ts && r.last_ts
                                 ? local_date_text(*r.first_ts) + " to " + local_date_text(*r.last_ts)
                                 : std::string("no events");
    const std::string sessions = fmt::format("{} session{}", r.days, r.days == 1 ? "" : "s");
    for (const std::string& caption : {span + ", " + sessions +
                                           " \u00B7 time in IST, trading sessions only: nights, weekends and "
                                           "holidays take no width",
                                       span + ", " + sessions + ", IST, sessions only", span}) {
        if (plot::text_width(caption, f.label()) <= l.width() || caption == span) {
            f.text(l.left + l.width() / 2, l.caption_y, caption, f.label(), kMuted, Anchor::Middle);
            break;
        }
    }
}

// A panel's name above it, after a swatch of its curve's colour.
void heading(const Frame& f, const Layout& l, const Panel& p, const std::string& name, Color c) {
    const double y = p.top - f.px(9), s = f.px(10);
    f.add(plot::Rect{l.left, y - s + f.px(1), s, s, c});
    f.text(l.left + s + f.px(6), y, name, f.heading(), kInk);
}

// A value's label beside its marker, or under it (for a lowest point, which has only empty
// space beneath), on whichever side has room, inside the panel.
void marker_label(const Frame& f, const Panel& p, Point at, const std::string& text, Color c, bool under) {
    f.add(plot::Marker{at, f.px(3.5), c});
    const double w = plot::text_width(text, f.label()), gap = f.px(under ? 4 : 8);
    const bool left = at.x + gap + w > f.scene.width - f.px(4);
    const double y = std::clamp(at.y + f.px(under ? 17 : 4), p.top + f.px(14), p.bottom() - f.px(3));
    f.text(left ? at.x - gap : at.x + gap, y, text, f.label(), c, left ? Anchor::End : Anchor::Start);
}

void curves(const Frame& f, const Layout& l, const plot::SessionAxis& axis, const Report& r) {
    auto x = [&](double t) { return l.left + l.width() * axis.position(t); };
    const double last = r.last_ts.value_or(r.equity.empty() ? 0 : r.equity.back().ts);
    std::vector<Point> eq{{l.left, l.equity.y(0)}}, dd{{l.left, l.drawdown.y(0)}};
    double peak = 0;
    for (const auto& p : r.equity) {
        const double v = inr(p.equity_paise);
        peak = std::max(peak, v);
        eq.push_back({x(p.ts), l.equity.y(v)});
        dd.push_back({x(p.ts), l.drawdown.y(v - peak)});
    }
    const double x_end = std::max(x(last), eq.back().x);
    const auto dd_steps = plot::step_curve(dd, x_end);
    f.add(plot::Area{dd_steps, l.drawdown.y(0), kDrawdownFill});
    f.add(plot::Polyline{dd_steps, kDrawdown, f.px(1.5)});
    const auto eq_steps = plot::step_curve(eq, x_end);
    f.add(plot::Area{eq_steps, l.equity.y(0), kEquityFill});
    f.add(plot::Polyline{eq_steps, kEquity, f.px(2)});
    if (r.equity.empty()) {
        f.text(l.left + l.width() / 2, l.equity.top + l.equity.height / 2, "no closed trades", f.heading(),
               kMuted, Anchor::Middle);
        return;
    }
    marker_label(f, l.equity, eq_steps.back(), end_tag(r), kEquity, false);
    if (r.equity_drawdown.max_paise > 0 && r.equity_drawdown.trough_ts) {
        const double deepest = -inr(r.equity_drawdown.max_paise);
        marker_label(f, l.drawdown, {x(*r.equity_drawdown.trough_ts), l.drawdown.y(deepest)},
                     fmt::format("deepest {} ({:.2f}%)", rupees(deepest, 0), r.equity_drawdown.max_pct),
                     kDrawdown, true);
    }
}

}  // namespace

plot::Scene equity_chart(const Report& r, const ChartOptions& o) {
    plot::Scene s;
    s.width = o.width;
    s.height = o.height;
    s.title = "sos-journal: equity and drawdown of run " + r.run.name;
    const Frame f{s, std::clamp(std::min(o.width / 1200.0, o.height / 800.0), 0.7, 4.0)};

    const double first = r.first_ts.value_or(r.equity.empty() ? 0 : r.equity.front().ts);
    const double last = r.last_ts.value_or(r.equity.empty() ? first + 1 : r.equity.back().ts);
    const plot::SessionAxis axis(r.sessions, first, last);

    const Layout l = layout(f, r, header(f, r));
    session_bands(f, l, axis, r);
    value_axis(f, l, l.equity);
    value_axis(f, l, l.drawdown);
    time_axis(f, l, axis, r);
    curves(f, l, axis, r);
    heading(f, l, l.equity, "Equity: P&L since the start (\u20B9)", kEquity);
    heading(f, l, l.drawdown, "Drawdown from the equity peak (\u20B9)", kDrawdown);
    return s;
}

}  // namespace sos::journal
