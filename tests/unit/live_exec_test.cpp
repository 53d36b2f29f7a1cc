// sos-exec's choice of broker (the double yes for real orders, each missing one named), the
// placeorder plan of an ORDER (exchange, freeze slices, prices, the underlying's trigger kept
// local) and the dry run's REQUEST lines (key masked, the same every time).
#include <unistd.h>

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "broker/live/client_order_id.hpp"
#include "broker/live/dry_run_broker.hpp"
#include "broker/live/exec_mode.hpp"
#include "cli/exit_codes.hpp"
#include "config/json_config.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct BrokersFixture {
    std::string dir, path;
    BrokersFixture() {
        char d[] = "/tmp/sos-live-exec-XXXXXX";
        REQUIRE(::mkdtemp(d));
        dir = d;
        path = dir + "/brokers.json";
        std::ofstream(path) << R"({"brokers": {
          "kotak": {"rest": "http://127.0.0.1:5001", "ws": "ws://127.0.0.1:8765", "api_key_env": "K1", "live": true},
          "zerodha": {"rest": "http://127.0.0.1:5002", "ws": "ws://127.0.0.1:8766", "api_key_env": "K2"}}})";
    }
    ~BrokersFixture() { fs::remove_all(dir); }
    ModeOptions opts(const char* broker, bool live, bool dry = false, const char* state = "") const {
        ModeOptions o;
        o.broker = broker;
        o.brokers = path;
        o.live = live;
        o.dry_run = dry;
        o.state = state;
        return o;
    }
};

}  // namespace

TEST_CASE("live needs --live and \"live\": true, and says which is missing") {
    BrokersFixture f;
    const auto both = choose_mode(f.opts("kotak", true, false, "/tmp/x.state"));
    CHECK(both.refusal_status == 0);
    CHECK(both.mode == ExecMode::Live);
    CHECK(both.entry().name == "kotak");

    const auto no_flag = choose_mode(f.opts("kotak", false));
    CHECK(no_flag.refusal_status == cli::kExitUsage);
    CHECK_THAT(no_flag.refusal, Contains("--live is missing on the command line"));

    const auto no_entry_yes = choose_mode(f.opts("zerodha", true, false, "/tmp/x.state"));
    CHECK(no_entry_yes.refusal_status == cli::kExitConfig);
    CHECK_THAT(no_entry_yes.refusal, Contains("\"live\": true is missing in its entry of " + f.path));

    const auto neither = choose_mode(f.opts("zerodha", false));
    CHECK(neither.refusal_status == cli::kExitUsage);
    CHECK_THAT(neither.refusal, Contains("both are missing"));

    const auto no_state = choose_mode(f.opts("kotak", true));
    CHECK(no_state.refusal_status == cli::kExitUsage);
    CHECK_THAT(no_state.refusal, Contains("--live needs --state FILE"));
}

TEST_CASE("a dry run needs neither yes; paper takes no live option") {
    BrokersFixture f;
    CHECK(choose_mode(f.opts("zerodha", false, true)).mode == ExecMode::DryRun);
    CHECK(choose_mode(f.opts("kotak", true, true)).mode == ExecMode::DryRun);
    CHECK(choose_mode(f.opts("paper", false)).mode == ExecMode::Paper);
    CHECK(choose_mode(f.opts("paper", true)).refusal_status == cli::kExitUsage);
    CHECK(choose_mode(f.opts("paper", false, true)).refusal_status == cli::kExitUsage);
    CHECK(choose_mode(f.opts("paper", false, false, "s")).refusal_status == cli::kExitUsage);
    CHECK_THROWS_AS(choose_mode(f.opts("dhan", true)), config::ConfigError);  // no such entry
    CHECK(mode_name(ExecMode::DryRun) == "dry-run");
}

namespace {

instrument::Registry registry() {
    instrument::Registry r;
    r.set("NIFTY", instrument::Instrument{65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    r.set("RELIANCE", instrument::Instrument{1, 0, money::Paise{5}, vocab::Exchange::Nse});
    return r;
}

broker::OrderRequest reliance(vocab::OrderType t) {
    broker::OrderRequest o;
    o.id = "ORB:RELIANCE:1m:1704685740#1";
    o.symbol = o.underlying = "RELIANCE";
    o.side = o.underlying_side = vocab::Side::Buy;
    o.qty = 10;
    o.type = t;
    o.trigger = money::Paise{250700};
    if (vocab::needs_limit_price(t)) o.limit = money::Paise{250800};
    return o;
}

}  // namespace

TEST_CASE("a stop entry on the traded symbol goes out as the stop order it is") {
    const auto r = registry();
    auto plan = plan_placeorder(reliance(vocab::OrderType::SlM), r);
    REQUIRE(plan.requests.size() == 1);
    const auto& b = plan.requests[0].body;
    CHECK(b.exchange == vocab::Exchange::Nse);
    CHECK(b.pricetype == vocab::OrderType::SlM);
    CHECK(b.trigger_price == money::Paise{250700});
    CHECK_FALSE(b.price);
    CHECK(b.strategy == plan.requests[0].client_id);
    CHECK_FALSE(plan.requests[0].on);
    plan = plan_placeorder(reliance(vocab::OrderType::Sl), r);
    CHECK(plan.requests.at(0).body.price == money::Paise{250800});
    CHECK(plan.requests.at(0).body.trigger_price == money::Paise{250700});
}

TEST_CASE("an option triggered on its index is never sent as a stop with the index's price") {
    const auto r = registry();
    broker::OrderRequest o;
    o.id = "ORB:NIFTY:1m:1704685740#1";
    o.symbol = "NIFTY08JAN2421700PE";
    o.underlying = "NIFTY";
    o.side = vocab::Side::Buy;
    o.underlying_side = vocab::Side::Sell;  // a SELL signal bought as a put
    o.qty = 65 * 40;                        // 2600: above NIFTY's freeze quantity of 1800
    o.type = vocab::OrderType::SlM;
    o.trigger = money::Paise{2165000};
    const auto plan = plan_placeorder(o, r);
    REQUIRE(plan.requests.size() == 2);
    std::int64_t total = 0;
    for (const auto& q : plan.requests) {
        CHECK(q.body.exchange == vocab::Exchange::Nfo);
        CHECK(q.body.pricetype == vocab::OrderType::Market);
        CHECK_FALSE(q.body.trigger_price);
        CHECK(q.body.quantity < 1800);
        CHECK(q.body.quantity % 65 == 0);
        REQUIRE(q.on);
        CHECK(q.on->underlying == "NIFTY");
        CHECK(q.on->side == vocab::Side::Sell);
        CHECK(q.on->level == money::Paise{2165000});
        total += q.body.quantity;
    }
    CHECK(total == 2600);
    CHECK(plan.requests[0].client_id != plan.requests[1].client_id);
}

TEST_CASE("what the live broker cannot send is refused with a reason") {
    const auto r = registry();
    auto o = reliance(vocab::OrderType::Market);
    o.legs.push_back(broker::OrderLeg{"NIFTY08JAN2421700CE", vocab::Side::Buy, 65});
    CHECK_THAT(plan_placeorder(o, r).refusal, Contains("is not an option of RELIANCE"));
    o = reliance(vocab::OrderType::Limit);
    o.limit.reset();
    CHECK(plan_placeorder(o, r).refusal == "LIMIT needs price");
    o = reliance(vocab::OrderType::Market);
    o.symbol = o.underlying = "NOSUCH";
    CHECK_THAT(plan_placeorder(o, r).refusal, Contains("no exchange known for NOSUCH"));
}

namespace {

struct Lines : broker::EventSink {
    std::vector<std::string> lines;
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    void emit_line(std::string_view type, std::string_view line) override {
        CHECK(type == kRequestType);
        lines.emplace_back(line);
    }
};

}  // namespace

TEST_CASE("a dry run writes each request with the key masked, the same every time") {
    auto reg = std::make_shared<instrument::Registry>(registry());
    DryRunBroker b(reg, "kotak");
    CHECK(b.mode() == "dry-run");
    Lines first, second;
    b.place(reliance(vocab::OrderType::SlM), first);
    b.place(reliance(vocab::OrderType::SlM), second);
    REQUIRE(first.lines.size() == 2);  // the entry, then its square-off's exit (MIS)
    CHECK(first.lines == second.lines);
    CHECK_THAT(first.lines[1], Contains(R"("after":"exit")"));
    const auto& l = first.lines[0];
    CHECK_THAT(l, Contains(R"("body":{"apikey":"***","strategy":")"));
    CHECK_THAT(l, Contains(R"("pricetype":"SL-M","product":"MIS","trigger_price":2507.00})"));
    CHECK_THAT(l, Contains(R"("broker":"kotak","endpoint":"placeorder")"));
    CHECK(l.ends_with(R"("src":"sos-exec","mode":"dry-run"})"
                      "\n"));
    // Refused: an ORDER_UPDATE, in dry-run mode too.
    auto o = reliance(vocab::OrderType::Limit);
    o.limit.reset();
    Lines refused;
    b.place(o, refused);
    REQUIRE(refused.events.size() == 1);
    CHECK(refused.events[0].env.mode == "dry-run");
    CHECK(refused.events[0].as<event::OrderUpdate>()->status == vocab::OrderStatus::Rejected);
}

TEST_CASE(
    "a dry run writes each entry's exchange stop and exit after it, marked as after the fill or the exit") {
    auto reg = std::make_shared<instrument::Registry>(registry());
    DryRunBroker b(reg, "kotak");
    auto o = reliance(vocab::OrderType::Market);
    o.trigger.reset();
    o.sl = money::Paise{249992};  // off the 5-paise grid: the long's stop rounds up, never looser
    o.tp = money::Paise{252100};
    Lines out;
    b.place(o, out);
    REQUIRE(out.lines.size() == 3);
    const auto stop_id = *client_order_id(o.id + "/stop", 0);
    CHECK_THAT(out.lines[0], !Contains(R"("after")"));
    CHECK_THAT(out.lines[1],
               Contains(fmt::format(R"("client_id":"{}","slice":0,"broker":"kotak","endpoint":"placeorder")",
                                    stop_id)));
    CHECK_THAT(
        out.lines[1],
        Contains(
            R"("action":"SELL","quantity":10,"pricetype":"SL-M","product":"MIS","trigger_price":2499.95})"));
    CHECK_THAT(out.lines[1], Contains(R"("after":"fill")"));
    CHECK_THAT(out.lines[2], Contains(R"("endpoint":"modifyorder")"));
    CHECK_THAT(out.lines[2], Contains(R"("pricetype":"MARKET")"));
    CHECK_THAT(out.lines[2], Contains(fmt::format(R"("after":"exit","orderid_of":"{}")", stop_id)));
    CHECK_THAT(out.lines[2], Contains(R"("apikey":"***")"));
    // No exchange stop (a CNC entry with a target only): the exit is a MARKET order of its own.
    o.sl.reset();
    o.product = vocab::Product::Cnc;
    Lines tp_only;
    b.place(o, tp_only);
    REQUIRE(tp_only.lines.size() == 2);
    CHECK_THAT(tp_only.lines[1],
               Contains(fmt::format(R"("client_id":"{}")", *client_order_id(o.id + "/exit0", 0))));
    CHECK_THAT(tp_only.lines[1],
               Contains(R"("action":"SELL","quantity":10,"pricetype":"MARKET","product":"CNC"})"));
    CHECK_THAT(tp_only.lines[1], Contains(R"("after":"exit")"));
    // Nothing sos closes itself (CNC, no stop, target or trail): the entry alone.
    o.tp.reset();
    Lines held;
    b.place(o, held);
    CHECK(held.lines.size() == 1);
}
