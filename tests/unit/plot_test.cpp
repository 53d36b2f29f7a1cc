// lib/plot: the layout logic (session axis, value axes, Indian digit grouping, steps), and the
// Cairo renderings as files: a PNG that decodes back to its size with what was drawn where it
// was drawn, an SVG document of the right size, both the same bytes for the same scene.
#include <cairo.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "plot/axis.hpp"
#include "plot/indian_number.hpp"
#include "plot/render.hpp"
#include "plot/step_curve.hpp"

using namespace sos::plot;

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | static_cast<std::uint8_t>(s[at + i]);
    return v;
}

Scene sample_scene() {
    Scene s;
    s.width = 120;
    s.height = 80;
    s.title = "t <&> \"q\"";
    s.shapes.push_back(Rect{10, 10, 20, 10, {200, 0, 0}});
    s.shapes.push_back(Line{{0, 50}, {119, 50}, {0, 0, 255}, 1, true});
    s.shapes.push_back(Polyline{{{40, 70}, {60, 30}, {80, 70}}, {0, 128, 0}, 2});
    s.shapes.push_back(Area{{{90, 60}, {110, 40}}, 70, {250, 200, 200, 0.5}});
    s.shapes.push_back(Marker{{100, 20}, 3, {0, 0, 0}});
    s.shapes.push_back(Text{2, 75, "\u20B9 1,00,000", {11, Weight::Bold}, {0, 0, 0}, Anchor::Start});
    return s;
}

struct PngReading {
    std::string bytes;
    std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
    auto* r = static_cast<PngReading*>(closure);
    if (r->at + length > r->bytes.size()) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, r->bytes.data() + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

// The pixel at (x, y) of a PNG, decoded by Cairo's own reader, as 0xRRGGBB.
std::uint32_t pixel(const std::string& png, int x, int y) {
    PngReading r{png};
    cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_png, &r);
    REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    std::uint32_t argb;
    std::memcpy(&argb, data + y * cairo_image_surface_get_stride(s) + x * 4, 4);
    cairo_surface_destroy(s);
    return argb & 0xFFFFFF;
}

}  // namespace

TEST_CASE("a PNG has its signature and an IHDR of the scene's size, 8-bit RGB") {
    const std::string png = render_png(sample_scene());
    REQUIRE(png.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
    REQUIRE(be32(png, 8) == 13);
    REQUIRE(png.compare(12, 4, "IHDR") == 0);
    REQUIRE(be32(png, 16) == 120);
    REQUIRE(be32(png, 20) == 80);
    REQUIRE(png[24] == 8);  // bits per channel
    REQUIRE(png[25] == 2);  // RGB
    REQUIRE(png.compare(png.size() - 8, 4, "IEND") == 0);
}

TEST_CASE("a PNG decodes back with what was drawn where it was drawn") {
    const std::string png = render_png(sample_scene());
    REQUIRE(pixel(png, 15, 15) == 0xC80000);   // inside the rectangle
    REQUIRE(pixel(png, 5, 5) == 0xFFFFFF);     // background
    REQUIRE(pixel(png, 100, 65) != 0xFFFFFF);  // inside the area
    REQUIRE(pixel(png, 95, 45) == 0xFFFFFF);   // above the area's edge
}

TEST_CASE("the same scene gives the same PNG and SVG bytes") {
    REQUIRE(render_png(sample_scene()) == render_png(sample_scene()));
    REQUIRE(render_svg(sample_scene()) == render_svg(sample_scene()));
}

TEST_CASE("an SVG is a document of the scene's size in pixels with its title escaped") {
    const std::string svg = render_svg(sample_scene());
    REQUIRE_THAT(svg, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    REQUIRE_THAT(svg, Catch::EndsWith("</svg>\n"));
    REQUIRE_THAT(svg, Catch::Contains("width=\"120px\" height=\"80px\""));
    REQUIRE_THAT(svg, Catch::Contains("<title>t &lt;&amp;&gt; \"q\"</title>"));
    REQUIRE_THAT(svg, Catch::Contains("<path") && Catch::Contains("rgb(78.431373%,0%,0%)"));
}

TEST_CASE("text that is not UTF-8 is drawn with question marks instead of stopping the drawing") {
    Scene s = sample_scene();
    s.title = "run \xff\xfe";
    s.shapes.push_back(Text{2, 40, "run \xff\x01", {11, Weight::Normal}, {0, 0, 0}, Anchor::Start});
    REQUIRE_THAT(render_svg(s), Catch::Contains("<title>run ?\?</title>"));
    REQUIRE(render_png(s).size() > 100);
    REQUIRE(text_width("ab\xff", {12, Weight::Normal}) == text_width("ab?", {12, Weight::Normal}));
}

TEST_CASE("text widths grow with the text, its size and its weight") {
    const Font normal{12, Weight::Normal};
    REQUIRE(text_width("", normal) == 0);
    REQUIRE(text_width("12,34,567", normal) > text_width("1,000", normal));
    REQUIRE(text_width("1,000", {24, Weight::Normal}) == Approx(2 * text_width("1,000", normal)));
    REQUIRE(text_width("Equity", {12, Weight::Bold}) > text_width("Equity", normal));
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
