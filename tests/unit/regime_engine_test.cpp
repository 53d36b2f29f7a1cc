// sos-regime's engine and filter on NDJSON lines: what triggers a REGIME, which underlyings
// get one, missing and stale inputs, upstream regimes, market-wide sentiment, flags, the
// line's form, determinism, the calibration report and the configuration file.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "config/json_config.hpp"
#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "pipeline/line_processor.hpp"
#include "regime/calibration.hpp"
#include "regime/regime_config.hpp"
#include "regime/regime_filter.hpp"
#include "time/bar_close.hpp"

using namespace sos;
using namespace sos::regime;
using nlohmann::json;

namespace {

constexpr long kOpen = 1704685500;  // 2024-01-08 09:15 IST
// Market-wide: reaches every underlying, and tracks none by itself.
const std::string kMarketPcr = R"({"type":"SENTIMENT_UPDATE","timestamp":1704685440,"pcr":1.1})";

std::string bar(const std::string& sym, long t, double c, const std::string& tf, const std::string& exchange,
                const std::string& extra) {
    std::ostringstream s;
    s << R"({"type":"CANDLE","timestamp":)" << t << R"(,"symbol":")" << sym << R"(","exchange":")" << exchange
      << R"(","tf":")" << tf << R"(","o":)" << c << R"(,"h":)" << c + 2 << R"(,"l":)" << c - 2 << R"(,"c":)"
      << c << R"(,"v":1000)" << extra << "}";
    return s.str();
}

std::string candle(const std::string& sym, long t, double c, const std::string& exchange = "NSE_INDEX",
                   const std::string& extra = "") {
    return bar(sym, t, c, "1m", exchange, extra);
}

struct Run {
    std::string out;
    std::vector<json> regimes;
};

Run run(const RegimeConfig& cfg, const std::vector<std::string>& lines, bool trust = false,
        Calibration* report = nullptr) {
    RegimeEngine engine(cfg, trust);
    RegimeFilter filter(engine, report, true);
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    std::uint64_t n = 0;
    for (const auto& l : lines)
        REQUIRE(proc.process(l, ++n, out));
    Run r;
    r.out = sink.text;
    std::istringstream in(sink.text);
    for (std::string l; std::getline(in, l);) {
        auto j = json::parse(l);
        if (j["type"] == "REGIME") r.regimes.push_back(j);
    }
    return r;
}

RegimeConfig shipped(const std::string& model = "blend") {
    RegimeConfig c = load_regime_config("");
    c.model = model;
    return c;
}

// A NIFTY sentiment with PCR and breadth, and a minute's candle, for `n` minutes.
std::vector<std::string> minutes(int n, double pcr, double step = 1) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) {
        const long t = kOpen + 60 * i;
        v.push_back(candle("NIFTY", t, 22000 + step * i, "NSE_INDEX", R"(,"true_regime":"TRENDING_UP")"));
        std::ostringstream s;
        s << R"({"type":"SENTIMENT_UPDATE","timestamp":)" << t + 60 << R"(,"symbol":"NIFTY","pcr":)" << pcr
          << R"(,"pcr_velocity":0,"breadth":{"adv":35,"dec":15}})";
        v.push_back(s.str());
    }
    return v;
}

}  // namespace

TEST_CASE("the blend writes a REGIME after each bar of the underlying at its close") {
    auto r = run(shipped(), minutes(3, 1.2));
    // The first bar comes before any sentiment and the trend needs 50 bars: nothing to go on.
    REQUIRE(r.regimes.size() == 2);
    CHECK(r.regimes[0]["timestamp"] == kOpen + 120);
    CHECK(r.regimes[0]["symbol"] == "NIFTY");
    CHECK(r.regimes[0]["exchange"] == "NSE_INDEX");
    CHECK(r.regimes[0]["changed"] == true);
    CHECK(r.regimes[1]["changed"] == false);
    CHECK(r.regimes[0]["model"] == "blend");
    CHECK(r.regimes[0]["src"] == "sos-regime");
    CHECK(r.regimes[0]["true_regime"] == "TRENDING_UP");
    CHECK(r.regimes[0]["inputs"]["pcr"] == 1.2);
    CHECK(r.regimes[0]["inputs"]["breadth"]["adv"] == 35);
    CHECK(r.regimes[0]["inputs"]["missing"] == json::array({"trend"}));
    // PCR 1.2 -> 0.8, velocity 0, breadth 0.4 / 0.5 = 0.8: (0.35 x 0.8 + 0.15 x 0.8) / 0.6 x 100.
    CHECK(r.regimes[0]["inputs"]["raw_score"] == Approx(66.67).margin(0.01));
    CHECK(r.regimes[0]["regime"] == "COMPLETE_BULLISH");
}

TEST_CASE("every input line passes through unchanged and in order") {
    auto lines = minutes(5, 1.1);
    lines.push_back(R"({"type":"SOMETHING_NEW","timestamp":1704686000,"x":[1,2]})");
    auto r = run(shipped(), lines);
    std::string without;
    std::istringstream in(r.out);
    for (std::string l; std::getline(in, l);)
        if (l.find(R"("type":"REGIME")") == std::string::npos) without += l + "\n";
    std::string want;
    for (const auto& l : lines)
        want += l + "\n";
    CHECK(without == want);
}

TEST_CASE(
    "a bar is known at its close by the calendar: a daily one at the session's end, the last hour cut "
    "there") {
    // The one rule (time::bar_close), where open + timeframe, with a daily bar known at its
    // open, differed: the 15:15 hourly bar closes with the session at 15:30, not at 16:15, and a
    // daily bar's close is the session's, not its 09:15 open.
    const time::Calendar nse = time::Calendar::nse_default();
    const long h1515 = kOpen + 6 * 3600, close = h1515 + 15 * 60;
    const std::string late_pcr =
        R"({"type":"SENTIMENT_UPDATE","timestamp":)" + std::to_string(close - 300) + R"(,"pcr":1.1})";
    auto hourly = shipped();
    hourly.timeframe = time::Timeframe{3600};
    auto r = run(hourly, {late_pcr, bar("NIFTY", h1515, 22000, "1h", "NSE_INDEX", "")});
    REQUIRE(r.regimes.size() == 1);  // at 16:15 the 15:25 sentiment was stale: no regime at all
    CHECK(r.regimes[0]["timestamp"] == close);
    CHECK(r.regimes[0]["timestamp"] ==
          time::bar_close(time::Timestamp::from_seconds(h1515), hourly.timeframe, &nse).whole_seconds());
    auto daily = shipped();
    daily.timeframe = time::kDaily;
    r = run(daily, {late_pcr, bar("NIFTY", kOpen, 22000, "1d", "NSE_INDEX", "")});
    REQUIRE(r.regimes.size() == 1);
    CHECK(r.regimes[0]["timestamp"] == close);
    CHECK(r.regimes[0]["timestamp"] ==
          time::bar_close(time::Timestamp::from_seconds(kOpen), time::kDaily, &nse).whole_seconds());
    // India VIX's daily bar is known at the close too: fresh for the regime of the day's last
    // minute (counted from its open, it was six hours old there, and no flag came from it).
    r = run(shipped(), {late_pcr, bar("INDIAVIX", kOpen, 31, "1d", "NSE_INDEX", ""),
                        candle("NIFTY", close - 60, 22000)});
    REQUIRE(r.regimes.size() == 1);
    CHECK(r.regimes[0]["timestamp"] == close);
    CHECK(r.regimes[0]["inputs"]["flags_from"]["vix"] == 31);
}

TEST_CASE("forward returns settle on a bar's close by the calendar, not past the session's end") {
    // The 14:15 hourly bar gives a regime at 15:15; a 30-minute return from there is due at
    // 15:45, after the session. The last bar (15:15) closes at 15:30, so it cannot settle it;
    // counted at 16:15 it did, as a 30-minute return that was really 15 minutes long.
    auto cfg = shipped();
    cfg.timeframe = time::Timeframe{3600};
    auto pcr = [](long t) {
        return R"({"type":"SENTIMENT_UPDATE","timestamp":)" + std::to_string(t) + R"(,"pcr":1.1})";
    };
    Calibration report({30}, 3600);
    auto r =
        run(cfg,
            {pcr(kOpen + 5 * 3600 + 55 * 60), bar("NIFTY", kOpen + 5 * 3600, 22000, "1h", "NSE_INDEX", ""),
             pcr(kOpen + 6 * 3600 + 10 * 60), bar("NIFTY", kOpen + 6 * 3600, 22100, "1h", "NSE_INDEX", "")},
            false, &report);
    REQUIRE(r.regimes.size() == 2);
    CHECK(r.regimes[0]["timestamp"] == kOpen + 6 * 3600);
    CHECK(r.regimes[1]["timestamp"] == kOpen + 6 * 3600 + 15 * 60);
    std::uint64_t settled = 0;
    for (const auto& s : report.underlyings().at("NIFTY").regimes)
        settled += s.ret_n[0];
    CHECK(settled == 0);
}

TEST_CASE("a REGIME line reads back through the contract's decoder") {
    auto r = run(shipped(), minutes(3, 1.2));
    std::istringstream in(r.out);
    event::Decoder d;
    event::EventList list;
    int regimes = 0;
    for (std::string l; std::getline(in, l);) {
        REQUIRE(d.decode(l, list));
        if (list[0].env.kind != event::Kind::Regime) continue;
        ++regimes;
        const auto& u = *list[0].as<event::RegimeUpdate>();
        CHECK(l.find("\"regime\":\"" + std::string(sos::vocab::name(u.regime)) + "\"") != std::string::npos);
        CHECK(u.score);
        CHECK(d.canonical());
    }
    CHECK(regimes == 2);
}

TEST_CASE("plain stocks get no regime unless named and named symbols are the only ones") {
    std::vector<std::string> lines = {kMarketPcr, candle("RELIANCE", kOpen, 2500, "NSE"),
                                      candle("NIFTY", kOpen, 22000), candle("FINNIFTY", kOpen, 21000, "")};
    auto r = run(shipped(), lines);
    REQUIRE(r.regimes.size() == 2);  // NIFTY (an index exchange) and FINNIFTY (a known index)
    CHECK(r.regimes[0]["symbol"] == "NIFTY");
    CHECK(r.regimes[1]["symbol"] == "FINNIFTY");
    auto cfg = shipped();
    cfg.symbols = {"RELIANCE"};
    auto named = run(cfg, lines);
    REQUIRE(named.regimes.size() == 1);
    CHECK(named.regimes[0]["symbol"] == "RELIANCE");
    // India VIX is context, never an underlying.
    auto vix = run(shipped(), {kMarketPcr, candle("INDIAVIX", kOpen, 14)});
    CHECK(vix.regimes.empty());
}

TEST_CASE("an option's sentiment and bars go to its underlying") {
    std::vector<std::string> lines = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY11JAN2422000CE","pcr":1.3})",
        candle("NIFTY11JAN2422000CE", kOpen, 150, "NFO"), candle("NIFTY", kOpen, 22000)};
    auto r = run(shipped(), lines);
    REQUIRE(r.regimes.size() == 1);
    CHECK(r.regimes[0]["symbol"] == "NIFTY");
    CHECK(r.regimes[0]["inputs"]["pcr"] == 1.3);
}

TEST_CASE("the sos model recomputes on sentiment and breadth") {
    std::vector<std::string> lines = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY","pcr":0.75})",
        R"({"type":"BREADTH","timestamp":1704685560,"symbol":"NIFTY","adv":40,"dec":10})",
        candle("NIFTY", kOpen + 60, 22000)};
    auto r = run(shipped("sos"), lines);
    REQUIRE(r.regimes.size() == 2);
    CHECK(r.regimes[0]["regime"] == "COMPLETE_BULLISH");  // PCR alone
    CHECK(r.regimes[0]["inputs"]["missing"] == json::array({"breadth"}));
    CHECK(r.regimes[0]["score"] == 3);
    CHECK(r.regimes[1]["regime"] == "COMPLETE_BULLISH");
    CHECK(r.regimes[1]["inputs"]["ad_ratio"] == 4);
}

TEST_CASE("with nothing fresh the last regime stands and is marked stale once") {
    auto cfg = shipped("sos");
    cfg.stale_after_s = 300;
    std::vector<std::string> lines = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY","pcr":1.3,"breadth":{"adv":10,"dec":40}})"};
    for (int i = 1; i <= 8; ++i)
        lines.push_back(candle("BANKNIFTY", kOpen + 60 * i, 47000));
    lines.push_back(R"({"type":"SENTIMENT_UPDATE","timestamp":1704686100,"symbol":"NIFTY","pcr":1.3})");
    auto r = run(cfg, lines);
    std::vector<json> nifty;
    for (auto& j : r.regimes)
        if (j["symbol"] == "NIFTY") nifty.push_back(j);
    REQUIRE(nifty.size() == 3);
    CHECK(nifty[0]["regime"] == "COMPLETE_BEARISH");
    CHECK(nifty[0].contains("stale") == false);
    CHECK(nifty[1]["stale"] == true);
    CHECK(nifty[1]["regime"] == "COMPLETE_BEARISH");
    CHECK(nifty[1]["changed"] == false);
    CHECK(nifty[1]["timestamp"] == kOpen + 360);  // the first event more than 300 s later
    CHECK(nifty[1]["inputs"]["stale_since"] == kOpen);
    CHECK(nifty[2].contains("stale") == false);  // fresh again (breadth is stale by now)
    CHECK(nifty[2]["inputs"]["missing"] == json::array({"breadth"}));
}

TEST_CASE("in live use the wall clock marks a regime stale when the whole feed stops") {
    auto cfg = shipped("sos");
    cfg.stale_after_s = 300;
    RegimeEngine engine(cfg, false);
    event::Decoder d;
    event::EventList list;
    REQUIRE(
        d.decode(R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY","pcr":1.3})", list));
    std::vector<RegimeLine> out;
    engine.observe(list[0], out);
    REQUIRE(out.size() == 1);
    out.clear();
    engine.check_stale(time::Timestamp::from_seconds(kOpen + 200), out);
    CHECK(out.empty());
    engine.check_stale(time::Timestamp::from_seconds(kOpen - 100), out);  // behind the stream: nothing
    CHECK(out.empty());
    engine.check_stale(time::Timestamp::from_seconds(kOpen + 301), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].stale);
    CHECK(out[0].symbol == "NIFTY");
    CHECK(out[0].t == time::Timestamp::from_seconds(kOpen + 301));
    out.clear();
    engine.check_stale(time::Timestamp::from_seconds(kOpen + 900), out);
    CHECK(out.empty());  // once
}

TEST_CASE("the overnight silence does not mark regimes stale at the open") {
    auto cfg = shipped("sos");
    std::vector<std::string> lines = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY","pcr":1.3})",
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"BANKNIFTY","pcr":1.3})",
        // The next morning: NIFTY's data comes first; BANKNIFTY's a minute later.
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704771900,"symbol":"NIFTY","pcr":0.7})",
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704771960,"symbol":"BANKNIFTY","pcr":0.7})"};
    auto r = run(cfg, lines);
    // One fresh REGIME per update, in order, and no stale mark among them.
    REQUIRE(r.regimes.size() == 4);
    const std::vector<std::pair<std::string, long>> want = {
        {"NIFTY", 1704685500}, {"BANKNIFTY", 1704685500}, {"NIFTY", 1704771900}, {"BANKNIFTY", 1704771960}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        INFO(r.regimes[i].dump());
        CHECK(r.regimes[i]["symbol"] == want[i].first);
        CHECK(r.regimes[i]["timestamp"] == want[i].second);
        CHECK(r.regimes[i].contains("stale") == false);
    }
}

TEST_CASE("an upstream regime is taken as it is with trust-upstream") {
    std::vector<std::string> lines = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY","pcr":0.7,"regime":"BEARISH"})",
        candle("NIFTY", kOpen, 22000)};
    auto trusted = run(shipped(), lines, true);
    REQUIRE(trusted.regimes.size() == 2);
    CHECK(trusted.regimes[0]["regime"] == "BEARISH");
    CHECK(trusted.regimes[0]["inputs"]["upstream"] == "BEARISH");
    CHECK(trusted.regimes[0].contains("score") == false);
    CHECK(trusted.regimes[1]["regime"] == "BEARISH");  // still fresh at the bar's close
    auto own = run(shipped(), lines, false);
    REQUIRE(own.regimes.size() == 1);
    CHECK(own.regimes[0]["regime"] != "BEARISH");
}

TEST_CASE("market-wide sentiment reaches every underlying including later ones") {
    std::vector<std::string> lines = {R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"pcr":1.3})",
                                      candle("NIFTY", kOpen, 22000), candle("BANKNIFTY", kOpen, 47000)};
    auto r = run(shipped(), lines);
    REQUIRE(r.regimes.size() == 2);
    for (auto& j : r.regimes)
        CHECK(j["inputs"]["pcr"] == 1.3);
}

TEST_CASE("flags come from India VIX or else from ATM IV") {
    std::vector<std::string> lines = {kMarketPcr, candle("INDIAVIX", kOpen, 31),
                                      candle("NIFTY", kOpen, 22000)};
    auto r = run(shipped(), lines);
    REQUIRE(r.regimes.size() == 1);
    CHECK(r.regimes[0]["flags"] == json::array({"DEFINED_RISK_ONLY", "HALF_SIZE"}));
    CHECK(r.regimes[0]["inputs"]["flags_from"]["vix"] == 31);
    std::vector<std::string> iv = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"symbol":"NIFTY","pcr":1,"iv":0.115})",
        candle("NIFTY", kOpen, 22000)};
    auto r2 = run(shipped(), iv);
    REQUIRE(r2.regimes.size() == 1);
    CHECK(r2.regimes[0]["flags"] == json::array({"PREMIUMS_TOO_LOW"}));
    CHECK(r2.regimes[0]["inputs"]["flags_from"]["atm_iv"] == 11.5);
    auto none = run(shipped(), {kMarketPcr, candle("NIFTY", kOpen, 22000)});
    REQUIRE(none.regimes.size() == 1);
    CHECK(none.regimes[0]["flags"] == json::array());
}

TEST_CASE("the TOMIC model reports its phase and congestion") {
    auto lines = minutes(70, 1.0, 0);
    auto r = run(shipped("tomic"), lines);
    REQUIRE(r.regimes.size() == 70 - 51);  // from the 52nd bar
    for (auto& j : r.regimes) {
        CHECK(j["model"] == "tomic");
        CHECK(j.contains("phase"));
    }
    CHECK(r.regimes.back()["congestion"] ==
          (r.regimes.back()["phase"] == "CONGESTION" || r.regimes.back()["regime"] == "SIDEWAYS"));
}

TEST_CASE("history lines give history regimes") {
    std::vector<std::string> lines = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500,"pcr":1.3,"hist":true})",
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","exchange":"NSE_INDEX","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":1,"hist":true})"};
    auto r = run(shipped(), lines);
    REQUIRE(r.regimes.size() == 1);
    CHECK(r.regimes[0]["hist"] == true);
}

TEST_CASE("the same input gives byte-identical output") {
    auto lines = minutes(120, 1.15, 2);
    auto a = run(shipped(), lines);
    auto b = run(shipped(), lines);
    CHECK(a.out == b.out);
    CHECK(a.regimes.size() == 119);
}

TEST_CASE("the calibration counts time switches forward returns and agreement") {
    Calibration cal({15}, 600);
    auto line = [](long t, Regime g, bool changed, double price, std::string truth) {
        RegimeLine l;
        l.t = time::Timestamp::from_seconds(t);
        l.symbol = "NIFTY";
        l.regime = g;
        l.changed = changed;
        l.price = price;
        l.true_regime = std::move(truth);
        return l;
    };
    cal.record(line(kOpen + 60, Regime::Bullish, true, 100, "TRENDING_UP"));
    cal.price("NIFTY", time::Timestamp::from_seconds(kOpen + 60), 100);
    cal.record(line(kOpen + 660, Regime::Bullish, false, 101, "TRENDING_UP"));
    cal.price("NIFTY", time::Timestamp::from_seconds(kOpen + 660), 101);
    cal.record(line(kOpen + 1260, Regime::Bearish, true, 102, "TRENDING_DOWN"));
    cal.price("NIFTY", time::Timestamp::from_seconds(kOpen + 1260), 102);  // settles the first: +2%
    cal.price("NIFTY", time::Timestamp::from_seconds(kOpen + 1800), 99);   // settles the second: 99/101
    const auto& r = cal.underlyings().at("NIFTY");
    CHECK(r.updates == 3);
    CHECK(r.switches == 1);
    CHECK(r.seconds == 1200);
    const auto& bull = r.regimes[static_cast<std::size_t>(index(Regime::Bullish))];
    CHECK(bull.seconds == 1200);
    REQUIRE(bull.ret_n[0] == 2);
    CHECK(bull.ret_sum[0] == Approx(0.02 + (99.0 / 101 - 1)));
    CHECK(bull.ret_up[0] == 1);
    CHECK(r.agreement.at("TRENDING_UP")[static_cast<std::size_t>(index(Regime::Bullish))] == 2);
    CHECK(r.agreement.at("TRENDING_DOWN")[static_cast<std::size_t>(index(Regime::Bearish))] == 1);
    auto j = json::parse(cal.json("blend"));
    CHECK(j["all"]["agreement"]["TRENDING_UP"]["bullish"] == 1.0);
    CHECK(j["all"]["switches_per_hour"] == Approx(3.0));
    CHECK(cal.text("blend").find("NIFTY: 3 updates") != std::string::npos);
}

TEST_CASE("the shipped configuration loads and a user file overlays it") {
    const auto c = load_regime_config("");
    CHECK(c.model == "blend");
    CHECK(c.blend.w_trend == 0.4);
    CHECK(c.tomic.ichimoku == 8);
    CHECK(c.sos.rules.size() == 6);
    CHECK(c.flags.halt_short_vega_above == 40);
    const std::string path = "/tmp/sos-regime-test-config.json";
    auto with = [&](const std::string& text) {
        std::ofstream(path) << text;
        return load_regime_config(path);
    };
    auto o = with(R"({"model":"tomic","blend":{"weights":{"trend":0.7}}})");
    CHECK(o.model == "tomic");
    CHECK(o.blend.w_trend == 0.7);
    CHECK(o.blend.w_pcr == 0.35);  // untouched keys keep their shipped values
    auto err = [&](const std::string& text, const std::string& what) {
        try {
            with(text);
            FAIL("accepted " << text);
        } catch (const config::ConfigError& e) {
            CHECK(std::string(e.what()).find(what) != std::string::npos);
        }
    };
    err(R"({"blend":{"wieghts":{}}})", "blend.wieghts: unknown setting");
    err(R"({"blend":{"bands":[1,2,3,4,5,4]}})", "blend.bands: must be in increasing order");
    err(R"({"congestion":{"regimes":["FLAT"]}})",
        "congestion.regimes: 'FLAT' is not one of the seven regimes");
    err(R"({"model":"magic"})", "model: 'magic' is not one of sos, tomic, blend");
    err(R"({"blend":{"recompute_on":["TICK"]}})", "blend.recompute_on");
    err(R"({"timeframe":"7x"})", "timeframe");
    err("{not json", "not valid JSON");
    std::remove(path.c_str());
}
