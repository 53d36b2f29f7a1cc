// The PNG and SVG writers: a PNG taken apart chunk by chunk (every CRC checked) and its pixels
// inflated back, lines and text where they were drawn, SVG escaping, axes.
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "plot/axis.hpp"
#include "plot/indian_number.hpp"
#include "plot/png.hpp"
#include "plot/raster.hpp"
#include "plot/step_curve.hpp"
#include "plot/svg.hpp"

using namespace sos::plot;

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | static_cast<std::uint8_t>(s[at + i]);
    return v;
}

const std::uint8_t* bytes(const std::string& s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

struct Chunk {
    std::string type;
    std::string data;
};

// Splits a PNG into its chunks, checking every CRC on the way.
std::vector<Chunk> chunks(const std::string& png) {
    REQUIRE(png.size() > 8);
    REQUIRE(png.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
    std::vector<Chunk> out;
    for (std::size_t at = 8; at < png.size();) {
        REQUIRE(at + 12 <= png.size());
        const std::uint32_t len = be32(png, at);
        REQUIRE(at + 12 + len <= png.size());
        Chunk c{png.substr(at + 4, 4), png.substr(at + 8, len)};
        INFO(c.type);
        REQUIRE(be32(png, at + 8 + len) == ::crc32(0L, bytes(png) + at + 4, len + 4));
        out.push_back(std::move(c));
        at += 12 + len;
    }
    return out;
}

// The pixels of a PNG written by encode_png, unfiltered.
std::vector<std::uint8_t> decode(const std::string& png, int& w, int& h) {
    const auto cs = chunks(png);
    REQUIRE(cs.size() == 3);
    REQUIRE(cs[0].type == "IHDR");
    REQUIRE(cs[0].data.size() == 13);
    w = static_cast<int>(be32(cs[0].data, 0));
    h = static_cast<int>(be32(cs[0].data, 4));
    REQUIRE(cs[0].data.substr(8) == std::string("\x08\x02\x00\x00\x00", 5));
    REQUIRE(cs[1].type == "IDAT");
    REQUIRE(cs[2].type == "IEND");
    const std::string& z = cs[1].data;
    const std::size_t stride = static_cast<std::size_t>(w) * 3;
    std::vector<std::uint8_t> raw((stride + 1) * static_cast<std::size_t>(h));
    uLongf size = static_cast<uLongf>(raw.size());
    REQUIRE(uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(z.data()),
                       static_cast<uLong>(z.size())) == Z_OK);
    REQUIRE(size == (stride + 1) * static_cast<std::size_t>(h));
    std::vector<std::uint8_t> px;
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* row = raw.data() + (stride + 1) * static_cast<std::size_t>(y);
        REQUIRE(row[0] <= 1);
        for (std::size_t x = 0; x < stride; ++x)
            px.push_back(
                static_cast<std::uint8_t>(row[1 + x] + (row[0] == 1 && x >= 3 ? px[px.size() - 3] : 0)));
    }
    return px;
}

Scene sample_scene() {
    Scene s;
    s.width = 120;
    s.height = 80;
    s.title = "t <&> \"q\"";
    s.shapes.push_back(Rect{10, 10, 20, 10, {200, 0, 0}});
    s.shapes.push_back(Line{{0, 50.5}, {119, 50.5}, {0, 0, 255}, 1, false});
    s.shapes.push_back(Polyline{{{40, 70}, {60, 30}, {80, 70}}, {0, 128, 0}, 2});
    s.shapes.push_back(Area{{{90, 60}, {110, 40}}, 70, {250, 200, 200}});
    s.shapes.push_back(Text{2, 60, "A1", 1, {0, 0, 0}, Anchor::Start});
    return s;
}

}  // namespace

TEST_CASE("a PNG has its signature an IHDR and chunks whose CRCs hold") {
    const std::string png = render_png(sample_scene());
    const auto cs = chunks(png);
    REQUIRE(cs.front().type == "IHDR");
    REQUIRE(be32(cs.front().data, 0) == 120);
    REQUIRE(be32(cs.front().data, 4) == 80);
    REQUIRE(cs.back().type == "IEND");
    REQUIRE(cs.back().data.empty());
}

TEST_CASE("the pixels of a PNG inflate back to the canvas") {
    const Canvas c = rasterize(sample_scene());
    int w = 0, h = 0;
    REQUIRE(decode(encode_png(c.width(), c.height(), c.rgb()), w, h) == c.rgb());
    REQUIRE(w == 120);
    REQUIRE(h == 80);
    // Flat colour compresses to a small fraction of the raw pixels.
    REQUIRE(encode_png(c.width(), c.height(), c.rgb()).size() * 4 < c.rgb().size());
    std::vector<std::uint8_t> noise(200 * 150 * 3);
    for (std::size_t i = 0; i < noise.size(); ++i)
        noise[i] = static_cast<std::uint8_t>(i * 7 + i / 13);
    REQUIRE(decode(encode_png(200, 150, noise), w, h) == noise);
}

TEST_CASE("a PNG of mismatched size is refused") {
    REQUIRE_THROWS_AS(encode_png(2, 2, std::vector<std::uint8_t>(11)), std::invalid_argument);
    REQUIRE_THROWS_AS(encode_png(0, 2, {}), std::invalid_argument);
}

TEST_CASE("shapes and text land where they are drawn") {
    const Canvas c = rasterize(sample_scene());
    auto is = [&](int x, int y, Color want) {
        const Color got = c.at(x, y);
        return got.r == want.r && got.g == want.g && got.b == want.b;
    };
    REQUIRE(is(15, 15, {200, 0, 0}));       // inside the rectangle
    REQUIRE(is(5, 5, {255, 255, 255}));     // background
    REQUIRE(is(85, 50, {0, 0, 255}));       // on the horizontal line's pixel row
    REQUIRE(is(60, 31, {0, 128, 0}));       // the polyline's apex
    REQUIRE(is(100, 65, {250, 200, 200}));  // inside the area
    REQUIRE(is(95, 45, {255, 255, 255}));   // above the area's edge
    REQUIRE(is(2, 61, {0, 0, 0}));          // the left stroke of the 'A'
    REQUIRE(is(4, 60, {0, 0, 0}));          // the top of the 'A'
    REQUIRE(is(2, 60, {255, 255, 255}));    // its rounded corner
}

TEST_CASE("an SVG holds the scene's elements with its text escaped") {
    const std::string svg = render_svg(sample_scene());
    REQUIRE_THAT(svg, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    REQUIRE_THAT(svg, Catch::EndsWith("</svg>\n"));
    REQUIRE_THAT(svg, Catch::Contains("<title>t &lt;&amp;&gt; &quot;q&quot;</title>"));
    REQUIRE_THAT(svg, Catch::Contains("width=\"120\" height=\"80\""));
    REQUIRE_THAT(svg,
                 Catch::Contains("<polyline") && Catch::Contains("<polygon") && Catch::Contains("<text"));
    REQUIRE_THAT(svg, Catch::Contains("fill=\"#c80000\""));
}

TEST_CASE("Indian digit grouping puts the last three digits apart, then pairs") {
    REQUIRE(indian_grouped(0, 0) == "0");
    REQUIRE(indian_grouped(999, 0) == "999");
    REQUIRE(indian_grouped(1000, 0) == "1,000");
    REQUIRE(indian_grouped(100000, 0) == "1,00,000");
    REQUIRE(indian_grouped(1234567, 0) == "12,34,567");
    REQUIRE(indian_grouped(10000000, 0) == "1,00,00,000");
    REQUIRE(indian_grouped(12345678.5, 2) == "1,23,45,678.50");
    REQUIRE(indian_grouped(-250000, 0) == "-2,50,000");
    REQUIRE(indian_grouped(-1234.567, 2) == "-1,234.57");
    REQUIRE(indian_grouped(-0.001, 2) == "0.00");  // no minus on what rounds to zero
    REQUIRE(indian_grouped(999.999, 2) == "1,000.00");
}

TEST_CASE("a session axis gives no width to the time between sessions") {
    const SessionAxis axis({{1000, 2000}, {5000, 6000}}, 1000, 6000);
    REQUIRE(axis.position(1000) == 0);
    REQUIRE(axis.position(1500) == Approx(0.25));
    REQUIRE(axis.position(3000) == Approx(0.5));  // overnight: the end of the first session
    REQUIRE(axis.position(5000) == Approx(0.5));  // the next open, at the same place
    REQUIRE(axis.position(5500) == Approx(0.75));
    REQUIRE(axis.position(9999) == Approx(1.0));
    REQUIRE(axis.position(0) == 0);
}

TEST_CASE("a time axis without sessions is plain time") {
    const SessionAxis axis({}, 100, 300);
    REQUIRE(axis.position(200) == Approx(0.5));
    REQUIRE(axis.position(400) == 1);
}

TEST_CASE("session axis ticks are hours within a day and dates across days") {
    // 2024-01-08 09:15 to 15:30 IST.
    const SessionAxis day({{1704685500, 1704708000}}, 1704685500, 1704708000);
    const auto hours = day.ticks(10, 19800);
    REQUIRE(hours.front().label == "10:00");
    REQUIRE(hours.back().label == "15:00");
    const SessionAxis days({{1704685500, 1704708000}, {1704771900, 1704794400}}, 1704685500, 1704794400);
    const auto dates = days.ticks(10, 19800);
    REQUIRE(dates.size() == 2);
    REQUIRE(dates[0].label == "08 Jan");
    REQUIRE(dates[1].label == "09 Jan");
    REQUIRE(dates[1].position == Approx(0.5));
}

TEST_CASE("a long span of sessions is labelled by month, at most about the ticks asked for") {
    std::vector<std::pair<double, double>> sessions;
    for (int d = 0; d < 150; ++d)  // 150 daily sessions from 2024-01-08, weekends included
        sessions.emplace_back(1704685500.0 + d * 86400.0, 1704708000.0 + d * 86400.0);
    const SessionAxis axis(sessions, sessions.front().first, sessions.back().second);
    const auto ticks = axis.ticks(8, 19800);
    REQUIRE(ticks.size() <= 8);
    REQUIRE(ticks.front().label == "Jan 2024");
    REQUIRE(ticks[1].label == "Feb 2024");
    for (std::size_t i = 1; i < ticks.size(); ++i)
        REQUIRE(ticks[i].position > ticks[i - 1].position);
}

TEST_CASE("a value axis ticks at 1, 2, 2.5 or 5 times a power of ten") {
    const auto a = nice_axis(0, 100, 5);
    REQUIRE(a.ticks() == std::vector<double>{0, 20, 40, 60, 80, 100});
    REQUIRE(a.decimals() == 0);
    const auto b = nice_axis(-32000, 128000, 5);
    REQUIRE(b.lo == -32000);
    REQUIRE(b.hi == 128000);
    REQUIRE(b.ticks() == std::vector<double>{0, 50000, 100000});
    const auto c = nice_axis(-3, 7, 4);
    REQUIRE(c.ticks() == std::vector<double>{-2.5, 0, 2.5, 5});
    REQUIRE(c.decimals() == 1);  // 2.5 is not rounded to 2
    REQUIRE(nice_axis(0, 1, 4).step == 0.25);
    REQUIRE(nice_axis(0, 1, 4).decimals() == 2);
    REQUIRE(nice_axis(5, 5, 5).hi > 5);  // an empty range still makes an axis
    REQUIRE(!nice_axis(5, 5, 5).ticks().empty());
    REQUIRE(nice_axis(NAN, 5, 5).ticks().size() == 2);
}

TEST_CASE("a value axis has at most the intervals asked for, zero among its ticks when in range") {
    std::uint64_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(seed >> 11) / 9007199254740992.0;
    };
    for (int i = 0; i < 2000; ++i) {
        const double scale = std::pow(10.0, std::floor(next() * 9) - 2);
        const double lo = -next() * scale, hi = lo + next() * scale * 3 + 0.01;
        const int max_ticks = 1 + static_cast<int>(next() * 8);
        const auto axis = nice_axis(lo, hi, max_ticks);
        INFO(lo << " " << hi << " " << max_ticks << ": " << axis.step);
        const auto ticks = axis.ticks();
        REQUIRE(ticks.size() <= static_cast<std::size_t>(max_ticks) + 1);
        for (double t : ticks)
            REQUIRE((t >= lo - axis.step * 1e-6 && t <= hi + axis.step * 1e-6));
        REQUIRE(axis.step * (max_ticks + 1) > hi - lo);  // no coarser than it needs to be
        const double mantissa = axis.step / std::pow(10.0, std::floor(std::log10(axis.step) + 1e-9));
        REQUIRE((mantissa == Approx(1) || mantissa == Approx(2) || mantissa == Approx(2.5) ||
                 mantissa == Approx(5)));
        if (lo < 0 && hi > 0) REQUIRE(std::count(ticks.begin(), ticks.end(), 0.0) == 1);
    }
}

TEST_CASE("a step curve holds each value until the next change and to the end") {
    const auto s = step_curve({{0, 10}, {10, 5}, {20, 8}}, 30);
    const std::vector<std::pair<double, double>> want{{0, 10}, {10, 10}, {10, 5}, {20, 5}, {20, 8}, {30, 8}};
    REQUIRE(s.size() == want.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        REQUIRE(s[i].x == want[i].first);
        REQUIRE(s[i].y == want[i].second);
    }
    REQUIRE(step_curve({}, 30).empty());
}

TEST_CASE("a step curve keeps four points a pixel column, its extremes among them") {
    std::vector<Point> changes;
    for (int i = 0; i < 10000; ++i)  // ten thousand marks in 10 columns
        changes.push_back({100 + i / 1000.0, 50 + 20 * std::sin(i * 0.37)});
    changes[4321].y = 5;   // a spike up
    changes[8765].y = 95;  // and one down
    const auto s = step_curve(changes, 120);
    REQUIRE(s.size() <= 4 * 21);
    auto has_y = [&](double y) { return std::any_of(s.begin(), s.end(), [y](Point p) { return p.y == y; }); };
    REQUIRE(has_y(5));
    REQUIRE(has_y(95));
    REQUIRE(s.back().x == 120);
    for (std::size_t i = 1; i < s.size(); ++i)
        REQUIRE(s[i].x >= s[i - 1].x);
}
