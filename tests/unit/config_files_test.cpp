// sos-risk's and sos-exec's configuration files: the shipped defaults load, a user's file is
// laid over them, and every mistake is refused naming the file and the key.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "broker/paper/paper_config_file.hpp"
#include "config/json_config.hpp"
#include "config/json_document.hpp"
#include "instrument/registry_file.hpp"
#include "money/fee_file.hpp"
#include "regime/regime_config.hpp"
#include "risk/risk_config_file.hpp"
#include "sentiment/sentiment_config.hpp"

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
    REQUIRE(c.instruments.find("BANKNIFTY24JAN2447000CE")->lot_size == 30);
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

TEST_CASE("sos-risk sizes with the registry it is given, and older instrument keys lay over it") {
    TempFile reg(R"({"instruments": {"RELIANCE": {"lot_size": 250, "tick_size": 0.1}}})");
    const auto c = risk::load_risk_config("", cal(), instrument::load_registry(reg.path));
    REQUIRE(c.instruments.find("RELIANCE")->lot_size == 250);
    REQUIRE(c.instruments.tick_of("RELIANCE") == money::Paise{10});
    REQUIRE(c.instruments.find("NIFTY")->lot_size == 65);  // the shipped entries stay
    // A settings file written before the registry had its own file: its keys still count.
    TempFile older(R"({"instruments": {"RELIANCE": {"freeze_qty": 5000}, "TCS": {"lot_size": 175}},
                      "equity_lot_size": 5})");
    const auto o = risk::load_risk_config(older.path, cal(), instrument::load_registry(reg.path));
    REQUIRE(o.instruments.find("RELIANCE")->lot_size == 250);  // laid over field by field
    REQUIRE(o.instruments.find("RELIANCE")->freeze_qty == 5000);
    REQUIRE(o.instruments.find("TCS")->lot_size == 175);
    REQUIRE(o.instruments.find("INFY")->lot_size == 5);
    REQUIRE(o.instruments.exchange_of("INFY") == vocab::Exchange::Nse);  // the equity terms kept
    // The registry's own file has one way to say it: equity.lot_size.
    TempFile mixed(R"({"equity_lot_size": 5})");
    REQUIRE_THAT(refusal([&] { instrument::load_registry(mixed.path); }),
                 Catch::Contains("equity_lot_size: unknown setting"));
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
            "/nonexistent/risk.json: cannot open: No such file or directory");
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

namespace {
std::vector<std::string> problems(std::string_view text) {
    return config::parse_document<nlohmann::json>(text).problems;
}
std::string nested(int levels) {
    return std::string(static_cast<std::size_t>(levels), '[') +
           std::string(static_cast<std::size_t>(levels), ']');
}
}  // namespace

TEST_CASE("a settings document nested past the limit is refused at its place, however deep") {
    REQUIRE(problems(R"({"a":)" + nested(config::kMaxJsonDepth - 1) + "}").empty());
    const auto p = problems("{\n  \"a\": " + nested(config::kMaxJsonDepth) + "\n}");
    REQUIRE(p.size() == 1);
    REQUIRE(p[0].starts_with("line 2, column 71: nested more than 64 levels deep\n"));
    // 60,000 levels took every tool reading it down with the stack.
    REQUIRE(problems(R"({"a":)" + nested(60000) + "}").size() == 1);
    std::string objects;
    for (int i = 0; i < 60000; ++i)
        objects += R"({"k":)";
    REQUIRE(problems(objects + "1" + std::string(60000, '}'))[0].find("nested more than 64") !=
            std::string::npos);
}

TEST_CASE("a key given twice in one object is named with its path") {
    auto p = problems(R"({"sizing": {"max_lots": 5, "max_lots": 50}, "a": [{"b": 1}, {"b": 1, "b": 2}]})");
    REQUIRE(p.size() == 2);
    REQUIRE(p[0] == "sizing: the key 'max_lots' is given twice in one object");
    REQUIRE(p[1] == "a[1]: the key 'b' is given twice in one object");
    REQUIRE(problems(R"({"x": 1, "x": 1})")[0] == "the key 'x' is given twice in one object");
    REQUIRE(problems(R"({"a": {"x": 1}, "b": {"x": 1}})").empty());
    TempFile f(R"({"capital": 500000, "capital": 5000000})");
    REQUIRE(refusal([&] { risk::load_risk_config(f.path, cal()); }) ==
            f.path + ": the key 'capital' is given twice in one object");
}

TEST_CASE("a number out of range names the file, the key, the line and the column") {
    auto p = problems("{\n  \"sizing\": {\"max_lots\": 1e400}\n}");
    REQUIRE(p.size() == 1);
    REQUIRE(p[0] ==
            "sizing.max_lots: line 2, column 26: the number 1e400 is out of range\n"
            "      \"sizing\": {\"max_lots\": 1e400}\n" +
                std::string(4 + 25, ' ') + "^");
    TempFile f(R"({"capital": -1e999})");
    REQUIRE(refusal([&] {
                risk::load_risk_config(f.path, cal());
            }).starts_with(f.path + ": capital: line 1, column 13: the number -1e999 is out of range"));
    REQUIRE(problems(R"({"a": [1, 2, 1e400]})")[0].starts_with("a[2]: line 1, column 14"));
    // A whole number beyond 2^63 is not taken for a negative one.
    TempFile huge(R"({"max_lots": 18446744073709551615})");
    REQUIRE(refusal([&] { risk::load_risk_config(huge.path, cal()); }).find("max_lots: must be between") !=
            std::string::npos);
}

TEST_CASE("a syntax error is shown with its line and a caret") {
    auto p = problems("{\n  \"capital\": 5,\n  \"max_lots\" 3\n}");
    REQUIRE(p.size() == 1);
    REQUIRE(p[0] ==
            "not valid JSON: line 3, column 14: syntax error while parsing object separator - "
            "unexpected number literal; expected ':'\n"
            "      \"max_lots\" 3\n"
            "                 ^");
    // An object left open: shown at the end of the last line.
    REQUIRE(problems("{\"a\": 1,\n\n")[0].starts_with("not valid JSON: line 1, column 9: "));
    // A long line is cut around the place; control bytes are not sent to the terminal.
    auto long_line = problems("{\"a\": \"" + std::string(500, 'x') + "\", \u0001}");
    REQUIRE(long_line[0].find("...") != std::string::npos);
    REQUIRE(long_line[0].find('\x01') == std::string::npos);
    REQUIRE(problems("")[0].starts_with("not valid JSON: line 1, column 1: "));
}

TEST_CASE("a settings path that is not a settings file is refused at once, naming it") {
    // /dev/zero took 2 GB of memory before failing.
    REQUIRE(refusal([] { risk::load_risk_config("/dev/zero", cal()); }) ==
            "/dev/zero: larger than the limit of 16 MiB for this kind of file");
    REQUIRE(refusal([] { risk::load_risk_config("/tmp", cal()); }) == "/tmp: a folder, not a file");
    REQUIRE(refusal([] { money::load_fee_schedule("/dev/zero"); }).starts_with("/dev/zero: larger than"));
}

TEST_CASE("every settings loader names the file in every message") {
    TempFile bad_key(R"({"nonsense": 1})");
    TempFile bad_json(R"({"nonsense": )");
    for (const auto* f : {&bad_key, &bad_json}) {
        const std::string& path = f->path;
        INFO(path);
        REQUIRE(refusal([&] { risk::load_risk_config(path, cal()); }).starts_with(path + ": "));
        REQUIRE(refusal([&] { money::load_fee_schedule(path); }).starts_with(path + ": "));
        REQUIRE(refusal([&] { broker::load_paper_config(path, "", cal()); }).starts_with(path + ": "));
        REQUIRE(refusal([&] { regime::load_regime_config(path); }).starts_with(path + ": "));
        REQUIRE(refusal([&] { sentiment::load_sentiment_config(path); }).starts_with(path + ": "));
        REQUIRE(refusal([&] { regime::load_regime_config(path); }).find(path, 1) == std::string::npos);
    }
    TempFile bad_clock(R"({"expiry_close": "25:99"})");
    REQUIRE(refusal([&] { sentiment::load_sentiment_config(bad_clock.path); }) ==
            bad_clock.path + ": expiry_close: '25:99' is not HH:MM");
}
