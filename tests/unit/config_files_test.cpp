// sos-risk's and sos-exec's configuration files: the shipped defaults load, a user's file is
// laid over them, and every mistake is refused naming the file and the key.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "broker/paper/paper_config_file.hpp"
#include "config/json_config.hpp"
#include "money/fee_file.hpp"
#include "risk/risk_config_file.hpp"

using namespace sos;

namespace {

const time::Calendar& cal() {
    static const auto c = time::Calendar::nse_default();
    return c;
}

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& text) {
        static int n = 0;
        path = (std::filesystem::temp_directory_path() /
                ("sos-config-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".json"))
                   .string();
        std::ofstream(path) << text;
    }
    ~TempFile() { std::filesystem::remove(path); }
};

// The message of the ConfigError `load` throws, or "" when it loads.
template <class Load>
std::string refusal(Load&& load) {
    try {
        load();
    } catch (const config::ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the shipped risk settings load with the documented defaults") {
    const auto c = risk::load_risk_config("", cal());
    REQUIRE(c.capital == 1'000'000);
    REQUIRE(c.risk_per_trade == 0.02);
    REQUIRE(c.kill_loss == 0.06);
    REQUIRE(c.instruments.find("NIFTY")->lot_size == 65);
    REQUIRE(c.instruments.find("BANKNIFTY24JAN47000CE")->lot_size == 30);
    REQUIRE(c.instruments.find("RELIANCE")->lot_size == 1);  // equities: lots of one share
    REQUIRE(c.choice_for("NIFTY") == risk::InstrumentChoice::AtmOption);
    REQUIRE(c.choice_for("RELIANCE") == risk::InstrumentChoice::Underlying);
    REQUIRE(c.product == vocab::Product::Mis);
    REQUIRE(c.entry_order_type == vocab::OrderType::SlM);
}

TEST_CASE("a user's risk file changes only what it names") {
    TempFile f(R"({"capital": 500000, "trade_as": {"NIFTY": "future", "TATA*": "future"},
                  "instruments": {"RELIANCE": {"lot_size": 250, "freeze_qty": 100000}}, "equity_lot_size": 0})");
    const auto c = risk::load_risk_config(f.path, cal());
    REQUIRE(c.capital == 500000);
    REQUIRE(c.risk_per_trade == 0.02);
    REQUIRE(c.choice_for("NIFTY") == risk::InstrumentChoice::Future);
    REQUIRE(c.choice_for("BANKNIFTY") == risk::InstrumentChoice::AtmOption);
    REQUIRE(c.choice_for("TATAMOTORS") == risk::InstrumentChoice::Future);
    REQUIRE(c.choice_for("TCS") == risk::InstrumentChoice::Underlying);
    REQUIRE(c.instruments.find("RELIANCE")->lot_size == 250);
    REQUIRE_FALSE(c.instruments.find("INFY"));  // equity_lot_size 0: unknown lot sizes are refused
    TempFile carried(R"({"orders": {"product": "NRML", "entry_order_type": "MARKET"}})");
    const auto n = risk::load_risk_config(carried.path, cal());
    REQUIRE(n.product == vocab::Product::Nrml);
    REQUIRE(n.entry_order_type == vocab::OrderType::Market);
}

TEST_CASE("risk settings that are wrong are refused naming the file and the key") {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"capitl": 5})", "capitl: unknown setting"},
        {R"({"max_lots": -3})", "max_lots: must be between"},
        {R"({"risk_per_trade": 1.5})", "risk_per_trade: must be between"},
        {R"({"sizing": {"half_kely": true}})", "sizing.half_kely: unknown setting"},
        {R"({"instruments": {"RELIANCE": {"freeze_qty": 100}}})", "instruments.RELIANCE.lot_size: missing"},
        {R"({"instruments": {"RELIANCE": {"lot_size": 0}}})",
         "instruments.RELIANCE.lot_size: must be between"},
        {R"({"trade_as": {"NIFTY": "option"}})", "trade_as.NIFTY"},
        {R"({"kill_loss": 0.01})", "kill_loss: must not be below daily_loss_limit"},
        {R"({"capital": )", "not valid JSON"},
        {R"({"entry_window": {"from": "9.15"}})", "entry_window.from: must be a time of day"},
        {R"({"entry_window": {"from": "14:00", "until": "10:00"}})", "entry_window.until: must be after"},
        {R"({"orders": {"product": "BO"}})", "orders.product: 'BO' is not one of MIS, NRML, CNC"},
        {R"({"orders": {"entry_order_type": "LIMIT"}})",
         "orders.entry_order_type: 'LIMIT' is not one of SL-M, SL, MARKET"},
    };
    for (const auto& [text, expected] : cases) {
        TempFile f(text);
        const auto why = refusal([&] { risk::load_risk_config(f.path, cal()); });
        INFO(text << " -> " << why);
        REQUIRE(why.starts_with(f.path));
        REQUIRE(why.find(expected) != std::string::npos);
    }
    REQUIRE(refusal([] { risk::load_risk_config("/nonexistent/risk.json", cal()); }) ==
            "/nonexistent/risk.json: cannot open");
}

TEST_CASE("the shipped fee schedule holds every segment's rates exactly") {
    const auto s = money::load_fee_schedule("");
    const auto& o = s[money::Segment::Options];
    REQUIRE(o.brokerage_per_order == money::Paise{2000});
    REQUIRE(o.stt_sell.to_string() == "0.001");
    REQUIRE(o.exchange.to_string() == "0.0003503");
    REQUIRE(o.sebi.to_string() == "0.000001");
    REQUIRE(s[money::Segment::Futures].brokerage_rate.to_string() == "0.0003");
    REQUIRE(s[money::Segment::EquityDelivery].dp_per_sell == money::Paise{1350});
}

TEST_CASE("a fee file without a table, or with a bad rate, is refused") {
    TempFile missing(R"({"options": null})");
    REQUIRE(refusal([&] { money::load_fee_schedule(missing.path); }) == missing.path + ": options: missing");
    TempFile negative(R"({"futures": {"stt_sell": -0.0002}})");
    REQUIRE(refusal([&] {
                money::load_fee_schedule(negative.path);
            }).find("futures.stt_sell: must be between") != std::string::npos);
    TempFile unknown(R"({"options": {"stt": 0.001}})");
    REQUIRE(refusal([&] { money::load_fee_schedule(unknown.path); }).find("options.stt: unknown setting") !=
            std::string::npos);
}

TEST_CASE("paper settings load, and a bad square-off time is refused") {
    const auto c = broker::load_paper_config("", "", cal());
    REQUIRE(c.entry_valid_bars == 3);
    REQUIRE(c.square_off_seconds == 15 * 3600 + 15 * 60);
    TempFile late(R"({"paper": {"square_off": "15:20", "slippage_ticks": 0}})");
    const auto l = broker::load_paper_config(late.path, "", cal());
    REQUIRE(l.square_off_seconds == 15 * 3600 + 20 * 60);
    REQUIRE(l.slippage_ticks == 0);
    TempFile bad(R"({"paper": {"square_off": "25:00"}})");
    REQUIRE(refusal([&] { broker::load_paper_config(bad.path, "", cal()); }).find("paper.square_off") !=
            std::string::npos);
}
