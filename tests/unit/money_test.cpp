#include <catch2/catch.hpp>

#include <limits>

#include "money/fees.hpp"
#include "money/paise.hpp"

using namespace sos::money;

namespace {
Rate rate(const char* s) {
    return *Rate::parse(s);
}
Paise rs(const char* s) {
    return *Paise::parse(s);
}

// The shipped schedule's options segment (data/fees.json), written out here by hand so the
// test checks the arithmetic, not the file.
SegmentFees nse_options() {
    SegmentFees f;
    f.brokerage_per_order = rs("20");
    f.stt_sell = rate("0.001");
    f.exchange = rate("0.0003503");
    f.sebi = rate("0.000001");
    f.stamp_buy = rate("0.00003");
    f.gst = rate("0.18");
    return f;
}
}  // namespace

TEST_CASE("paise parse and print exactly") {
    REQUIRE(rs("21700.05").value == 2170005);
    REQUIRE(rs("-3").value == -300);
    REQUIRE(rs("0.5").value == 50);
    REQUIRE(rs("21700.05").to_string() == "21700.05");
    REQUIRE(Paise{-50}.to_string() == "-0.50");
    REQUIRE_FALSE(Paise::parse("1.234"));  // no silent rounding of sub-paisa amounts
    REQUIRE_FALSE(Paise::parse("abc"));
    REQUIRE_FALSE(Paise::parse("1."));
    REQUIRE(Paise::from_rupees(21700.05).value == 2170005);
    REQUIRE(Paise::from_rupees(0.1 + 0.2).value == 30);
}

TEST_CASE("a price beyond a trillion rupees is held there, never overflowing the count of paise") {
    REQUIRE(Paise::from_price(21700.05) == rs("21700.05"));
    REQUIRE(Paise::from_price(1e300) == rs("1000000000000"));
    REQUIRE(Paise::from_price(-1e300) == rs("-1000000000000"));
    REQUIRE(Paise::from_price(std::numeric_limits<double>::quiet_NaN()) == rs("1000000000000"));
}

TEST_CASE("a thousand fills of 0.10 add up to exactly 100 rupees") {
    Paise sum;
    for (int i = 0; i < 1000; ++i)
        sum += Paise::from_rupees(0.10);
    REQUIRE(sum == rs("100"));
}

TEST_CASE("rates apply exactly and round half away from zero") {
    REQUIRE(rate("0.0003503").per_trillion == 350'300'000);
    REQUIRE(rate("0.18").of(rs("22.75")) == rs("4.10"));  // 4.095 rounds up
    REQUIRE(rate("0.001").of(rs("9750")) == rs("9.75"));
    REQUIRE(rate("0.5").of(Paise{-3}) == Paise{-2});  // -1.5 paise rounds away from zero
    REQUIRE_FALSE(Rate::parse("-0.1"));
    REQUIRE(rate("0.00003").to_string() == "0.00003");
}

TEST_CASE("option buy charges match a hand-worked contract note") {
    // BUY 65 NIFTY options at 120.50: turnover 7,832.50
    //   brokerage 20.00; STT on buys 0; exchange 7832.50 x 0.03503% = 2.7437 -> 2.74;
    //   SEBI 7832.50 x 0.0001% = 0.0078 -> 0.01; stamp 7832.50 x 0.003% = 0.2350 -> 0.23;
    //   GST 18% of (20.00 + 2.74 + 0.01) = 4.095 -> 4.10; total 27.08
    auto c = charges(nse_options(), true, 65, rs("120.50"));
    REQUIRE(c.brokerage == rs("20.00"));
    REQUIRE(c.stt == rs("0"));
    REQUIRE(c.exchange == rs("2.74"));
    REQUIRE(c.sebi == rs("0.01"));
    REQUIRE(c.stamp == rs("0.23"));
    REQUIRE(c.gst == rs("4.10"));
    REQUIRE(c.total() == rs("27.08"));
}

TEST_CASE("option sell charges match a hand-worked contract note") {
    // SELL 65 at 150.00: turnover 9,750.00
    //   brokerage 20.00; STT 0.1% = 9.75; exchange 3.415425 -> 3.42; SEBI 0.00975 -> 0.01;
    //   stamp (buys only) 0; GST 18% of 23.43 = 4.2174 -> 4.22; total 37.40
    auto c = charges(nse_options(), false, 65, rs("150"));
    REQUIRE(c.stt == rs("9.75"));
    REQUIRE(c.exchange == rs("3.42"));
    REQUIRE(c.stamp == rs("0"));
    REQUIRE(c.gst == rs("4.22"));
    REQUIRE(c.total() == rs("37.40"));
}

TEST_CASE("futures brokerage is the lower of a rate and the flat fee") {
    SegmentFees f;
    f.brokerage_per_order = rs("20");
    f.brokerage_rate = rate("0.0003");
    // 30 BANKNIFTY futures at 48,000: turnover 14,40,000 -> 0.03% is 432, capped at 20
    REQUIRE(charges(f, true, 30, rs("48000")).brokerage == rs("20"));
    // 10 shares at 100: turnover 1,000 -> 0.30
    REQUIRE(charges(f, true, 10, rs("100")).brokerage == rs("0.30"));
}

TEST_CASE("segments follow the OpenAlgo symbol and the product") {
    REQUIRE(segment_of("NIFTY28NOV2424000CE", sos::vocab::Product::Mis) == Segment::Options);
    REQUIRE(segment_of("BANKNIFTY24APR24FUT", sos::vocab::Product::Nrml) == Segment::Futures);
    REQUIRE(segment_of("RELIANCE", sos::vocab::Product::Mis) == Segment::EquityIntraday);
    REQUIRE(segment_of("RELIANCE", sos::vocab::Product::Cnc) == Segment::EquityDelivery);
    REQUIRE(segment_of("ACE", sos::vocab::Product::Mis) == Segment::EquityIntraday);
    REQUIRE(segment_of("NAUKRIPAGE", sos::vocab::Product::Mis) == Segment::EquityIntraday);
    REQUIRE(segment_of("VEDL25APR24292.5PE", sos::vocab::Product::Mis) == Segment::Options);
    REQUIRE(segment_of("NIFTYNXT5028NOV2470000CE", sos::vocab::Product::Nrml) == Segment::Options);
    // Read by the one symbology parser: what only looks like an option is not charged as one.
    REQUIRE(segment_of("NIFTY30FEB2424000CE", sos::vocab::Product::Mis) == Segment::EquityIntraday);
    REQUIRE(segment_of("NIFTY28NOV24FUTX", sos::vocab::Product::Mis) == Segment::EquityIntraday);
}
