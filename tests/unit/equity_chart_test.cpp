// The equity picture's layout, from a report made by hand (no journal, no pixels): drawdown
// beneath equity, curves across the sessions only, axes labelled with Indian digit grouping,
// every label inside the picture at every size the tool allows.
#include "journal/equity_chart.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "plot/render.hpp"

using namespace sos;
using plot::Anchor;

namespace {

// 2024-01-08 and 2024-01-09, 09:15 to 15:30 IST.
constexpr double kDay1 = 1704685500, kDay2 = 1704771900, kSession = 22500;

journal::Report sample_report() {
    journal::Report r;
    r.run.name = "demo";
    r.capital_paise = 10'00'000'00;
    r.sessions = {{kDay1, kDay1 + kSession}, {kDay2, kDay2 + kSession}};
    r.first_ts = kDay1;
    r.last_ts = kDay2 + kSession;
    r.days = 2;
    r.equity = {{kDay1 + 3600, 12'50'000'00}, {kDay1 + 7200, 9'00'000'00}, {kDay2 + 600, 25'00'000'00}};
    r.overall.trades = 3;
    r.overall.net_paise = 25'00'000'00;
    r.equity_drawdown.max_paise = 3'50'000'00;
    r.equity_drawdown.max_pct = 3.11;
    r.equity_drawdown.peak_ts = kDay1 + 3600;
    r.equity_drawdown.trough_ts = kDay1 + 7200;
    return r;
}

std::vector<plot::Text> texts(const plot::Scene& s) {
    std::vector<plot::Text> out;
    for (const auto& shape : s.shapes)
        if (const auto* t = std::get_if<plot::Text>(&shape)) out.push_back(*t);
    return out;
}

const plot::Text* find_text(const plot::Scene& s, const std::string& start) {
    for (const auto& shape : s.shapes)
        if (const auto* t = std::get_if<plot::Text>(&shape); t && t->text.rfind(start, 0) == 0) return t;
    return nullptr;
}

std::vector<plot::Polyline> polylines(const plot::Scene& s) {
    std::vector<plot::Polyline> out;
    for (const auto& shape : s.shapes)
        if (const auto* p = std::get_if<plot::Polyline>(&shape)) out.push_back(*p);
    return out;
}

// "12,34,567" or "−1,00,000": lakhs or more, grouped the Indian way. (Not std::regex: GCC 12
// warns inside it under the sanitizer build's optimisation.)
bool in_lakhs(std::string s) {
    if (s.rfind("\u2212", 0) == 0) s = s.substr(3);
    std::vector<std::string> groups{""};
    for (char c : s) {
        if (c == ',')
            groups.emplace_back();
        else if (c >= '0' && c <= '9')
            groups.back() += c;
        else
            return false;
    }
    if (groups.size() < 3 || groups.front().empty() || groups.front().size() > 2 || groups.back().size() != 3)
        return false;
    for (std::size_t i = 1; i + 1 < groups.size(); ++i)
        if (groups[i].size() != 2) return false;
    return true;
}

double min_y(const plot::Polyline& p) {
    double y = p.points.front().y;
    for (const auto& q : p.points)
        y = std::min(y, q.y);
    return y;
}

double max_y(const plot::Polyline& p) {
    double y = p.points.front().y;
    for (const auto& q : p.points)
        y = std::max(y, q.y);
    return y;
}

}  // namespace

TEST_CASE("the drawdown panel is beneath the equity panel") {
    const auto s = journal::equity_chart(sample_report());
    REQUIRE(s.width == 1200);
    REQUIRE(s.height == 800);
    const auto* equity = find_text(s, "Equity: P&L since the start");
    const auto* drawdown = find_text(s, "Drawdown from the equity peak");
    REQUIRE(equity);
    REQUIRE(drawdown);
    REQUIRE(drawdown->y > equity->y);
    const auto lines = polylines(s);
    REQUIRE(lines.size() == 2);
    // One curve wholly between the headings, the other wholly under the drawdown's.
    const auto& above = min_y(lines[0]) < min_y(lines[1]) ? lines[0] : lines[1];
    const auto& below = min_y(lines[0]) < min_y(lines[1]) ? lines[1] : lines[0];
    REQUIRE(min_y(above) > equity->y);
    REQUIRE(max_y(above) < drawdown->y);
    REQUIRE(min_y(below) > drawdown->y);
    REQUIRE(max_y(below) < s.height);
}

TEST_CASE("the curves run across the sessions only, from the left edge to the right") {
    const auto s = journal::equity_chart(sample_report());
    for (const auto& line : polylines(s)) {
        const double left = line.points.front().x, right = line.points.back().x;
        for (std::size_t i = 1; i < line.points.size(); ++i)
            REQUIRE(line.points[i].x >= line.points[i - 1].x);
        // The second day's change 10 minutes after its open sits 10 minutes of session time
        // after the first day's close, halfway across plus 10/750 of the width.
        bool found = false;
        for (const auto& p : line.points)
            found = found || p.x == Approx(left + (right - left) * (0.5 + 600 / (2 * kSession)));
        REQUIRE(found);
    }
}

TEST_CASE("the axes are labelled in rupees with Indian digit grouping, dates below") {
    const auto s = journal::equity_chart(sample_report());
    REQUIRE(in_lakhs("\u22121,00,000"));
    REQUIRE(!in_lakhs("100,000"));
    int grouped = 0;
    for (const auto& t : texts(s))
        grouped += in_lakhs(t.text);
    REQUIRE(grouped >= 6);  // 5 to 25 lakh above, -1 to -3 lakh below
    REQUIRE(find_text(s, "08 Jan"));
    REQUIRE(find_text(s, "09 Jan"));
    REQUIRE(find_text(s, "\u20B925,00,000.00"));                           // net P&L in the header
    REQUIRE(find_text(s, "\u2212\u20B93,50,000.00 (3.11% at the peak)"));  // max drawdown
    REQUIRE(find_text(s, "deepest \u2212\u20B93,50,000"));                 // marked at the trough
    REQUIRE(find_text(s, "2024-01-08 to 2024-01-09, 2 sessions"));
}

TEST_CASE("a run without trades is drawn with a note instead of curves") {
    journal::Report r = sample_report();
    r.equity.clear();
    r.overall = {};
    r.equity_drawdown = {};
    const auto s = journal::equity_chart(r);
    REQUIRE(find_text(s, "no closed trades"));
    for (const auto& shape : s.shapes)
        REQUIRE(!std::holds_alternative<plot::Marker>(shape));
    REQUIRE(!render_png(s).empty());
}

TEST_CASE("every label lies inside the picture at the smallest, default and a large size") {
    for (const auto& [w, h] : {std::pair{400, 300}, {1200, 800}, {4000, 2500}, {8000, 300}}) {
        journal::Report r = sample_report();
        r.run.name = "a run with a rather long name for a narrow picture";
        const auto s = journal::equity_chart(r, {w, h});
        INFO(w << "x" << h);
        for (const auto& t : texts(s)) {
            INFO(t.text);
            const double width = plot::text_width(t.text, t.font);
            const double start = t.anchor == Anchor::Start    ? t.x
                                 : t.anchor == Anchor::Middle ? t.x - width / 2
                                                              : t.x - width;
            REQUIRE(start >= 0);
            REQUIRE(t.y - t.font.size * 0.8 >= 0);
            REQUIRE(t.y <= h);
            REQUIRE(start + width <= w);
        }
    }
}

TEST_CASE("a title too long for the picture is cut short with an ellipsis") {
    journal::Report r = sample_report();
    r.run.name = std::string(200, 'x');
    const auto s = journal::equity_chart(r, {400, 300});
    const auto* title = find_text(s, "Equity and drawdown of run xxx");
    REQUIRE(title);
    REQUIRE_THAT(title->text, Catch::EndsWith("\u2026"));
}

TEST_CASE("type grows with the picture") {
    const auto small = journal::equity_chart(sample_report(), {1200, 800});
    const auto large = journal::equity_chart(sample_report(), {2400, 1600});
    REQUIRE(find_text(large, "08 Jan")->font.size == Approx(2 * find_text(small, "08 Jan")->font.size));
}
