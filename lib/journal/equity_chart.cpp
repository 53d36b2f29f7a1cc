#include "journal/equity_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "journal/text_table.hpp"
#include "plot/axis.hpp"
#include "plot/font.hpp"
#include "plot/indian_number.hpp"
#include "plot/step_curve.hpp"
#include "time/civil.hpp"

namespace sos::journal {

namespace {

using plot::Color;
using plot::Point;

constexpr Color kText{40, 40, 40};
constexpr Color kBackdrop{255, 255, 255};
constexpr Color kAxis{110, 110, 110};
constexpr Color kGrid{228, 228, 228};
constexpr Color kEquity{31, 87, 165};
constexpr Color kDrawdownFill{240, 170, 170};
constexpr Color kDrawdownLine{190, 40, 40};

std::string inr(double rupees, int decimals) {
    return plot::indian_grouped(rupees, decimals);
}

struct Panel {
    double left, top, width, height;
    plot::ValueAxis axis;  // rupees

    double y(double rupees) const { return top + height * (axis.hi - rupees) / (axis.hi - axis.lo); }
};

void value_axis(plot::Scene& s, const Panel& p) {
    const int decimals = p.axis.decimals();
    for (double v : p.axis.ticks()) {
        const double y = p.y(v);
        s.shapes.push_back(plot::Line{{p.left, y}, {p.left + p.width, y}, kGrid, 1, v != 0});
        s.shapes.push_back(plot::Text{p.left - 8, y - 7, inr(v, decimals), 2, kText, plot::Anchor::End});
    }
    s.shapes.push_back(plot::Line{{p.left, p.top}, {p.left, p.top + p.height}, kAxis, 1, false});
    s.shapes.push_back(
        plot::Line{{p.left, p.top + p.height}, {p.left + p.width, p.top + p.height}, kAxis, 1, false});
}

void panel_title(plot::Scene& s, const Panel& p, double y, const std::string& title) {
    const double w = plot::text_width(title, 2);
    s.shapes.push_back(plot::Rect{p.left + 4, y - 4, w + 8, plot::kGlyphHeight * 2 + 8, kBackdrop});
    s.shapes.push_back(plot::Text{p.left + 8, y, title, 2, kText, plot::Anchor::Start});
}

}  // namespace

plot::Scene equity_chart(const Report& r, const ChartOptions& o) {
    plot::Scene s;
    s.width = o.width;
    s.height = o.height;
    s.title = "sos-journal: equity and drawdown of run " + r.run.name;

    const double first = r.first_ts.value_or(r.equity.empty() ? 0 : r.equity.front().ts);
    const double last = r.last_ts.value_or(r.equity.empty() ? first + 1 : r.equity.back().ts);
    const plot::SessionAxis axis(r.sessions, first, last);

    const double left = 130, right = 30, top = 78, bottom = 72, gap = 26;
    const double plot_w = o.width - left - right;
    const double avail = o.height - top - bottom - gap;
    auto x = [&](double t) { return left + plot_w * axis.position(t); };

    // Equity and drawdown in rupees, at each point of the curve.
    std::vector<std::pair<double, double>> equity, drawdown;
    double peak = 0, lo = 0, hi = 0, deepest = 0;
    for (const auto& p : r.equity) {
        const double v = static_cast<double>(p.equity_paise) / 100.0;
        peak = std::max(peak, v);
        equity.emplace_back(x(p.ts), v);
        drawdown.emplace_back(x(p.ts), v - peak);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        deepest = std::min(deepest, v - peak);
    }
    const double pad_eq = std::max((hi - lo) * 0.08, 1.0);
    const Panel eq{left, top, plot_w, avail * 0.66, plot::nice_axis(lo - pad_eq, hi + pad_eq, 5)};
    const Panel dd{left, top + avail * 0.66 + gap, plot_w, avail * 0.34,
                   plot::nice_axis(std::min(deepest * 1.1, -1.0), 0, 4)};

    // Title and what the reader needs to trust the picture.
    s.shapes.push_back(plot::Text{o.width / 2.0, 14, s.title, 3, kText, plot::Anchor::Middle});
    const std::string sub = fmt::format(
        "net P&L {} INR, {} closed trade{}, max drawdown {} INR ({:.2f}% of capital {} INR at the peak){}",
        inr(static_cast<double>(r.overall.net_paise) / 100.0, 2), r.overall.trades,
        r.overall.trades == 1 ? "" : "s", inr(static_cast<double>(r.equity_drawdown.max_paise) / 100.0, 2),
        r.equity_drawdown.max_pct, inr(static_cast<double>(r.capital_paise) / 100.0, 0),
        r.marked_to_market ? ", marked to market" : "");
    s.shapes.push_back(plot::Text{o.width / 2.0, 46, sub, 1, kText, plot::Anchor::Middle});

    value_axis(s, eq);
    value_axis(s, dd);

    for (const auto& tick : axis.ticks(static_cast<int>(plot_w / 110), time::kIndia.seconds)) {
        const double tx = left + plot_w * tick.position;
        for (const Panel* p : {&eq, &dd})
            s.shapes.push_back(plot::Line{{tx, p->top}, {tx, p->top + p->height}, kGrid, 1, true});
        s.shapes.push_back(
            plot::Line{{tx, dd.top + dd.height}, {tx, dd.top + dd.height + 5}, kAxis, 1, false});
        s.shapes.push_back(
            plot::Text{tx, dd.top + dd.height + 10, tick.label, 2, kText, plot::Anchor::Middle});
    }
    const std::string span = r.first_ts && r.last_ts
                                 ? local_date_text(*r.first_ts) + " to " + local_date_text(*r.last_ts)
                                 : std::string("no events");
    s.shapes.push_back(plot::Text{left + plot_w / 2, o.height - 26.0,
                                  "Time (IST, trading sessions only): " + span, 2, kText,
                                  plot::Anchor::Middle});

    const double x_end = left + plot_w * axis.position(last);
    auto to_screen = [&](const std::vector<std::pair<double, double>>& xy, const Panel& p) {
        std::vector<Point> scaled;
        scaled.reserve(xy.size() + 1);
        scaled.push_back({left, p.y(0)});  // both curves start at zero
        for (const auto& [px, v] : xy)
            scaled.push_back({px, p.y(v)});
        return plot::step_curve(scaled, x_end);
    };
    const auto dd_points = to_screen(drawdown, dd);
    s.shapes.push_back(plot::Area{dd_points, dd.y(0), kDrawdownFill});
    s.shapes.push_back(plot::Polyline{dd_points, kDrawdownLine, 1.5});
    s.shapes.push_back(plot::Polyline{to_screen(equity, eq), kEquity, 2.0});
    // Panel titles go over the curves on a backdrop of their own, so neither hides the other.
    panel_title(s, eq, eq.top + 8, "Equity: P&L since the start (INR)");
    panel_title(s, dd, dd.top + dd.height - 8 - plot::kGlyphHeight * 2,
                "Drawdown from the equity peak (INR)");
    if (r.equity.empty())
        s.shapes.push_back(plot::Text{left + plot_w / 2, eq.top + eq.height / 2 - 20, "no closed trades", 2,
                                      kAxis, plot::Anchor::Middle});
    return s;
}

}  // namespace sos::journal
