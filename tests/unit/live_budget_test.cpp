// An instance's budgets come from its entry in the brokers file: sos-exec --live, opened as the
// tool opens it (choose_mode, open_openalgo_brokers) on a brokers file whose "limits" lower the
// orders budget to 2 a second, sends four ORDERs two and two, a second apart, to a loopback
// instance; the same file without "limits" (OpenAlgo's 10 a second) sends them at once.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "broker/live/exec_mode.hpp"
#include "broker/live/open_brokers.hpp"
#include "fake_rest_server.hpp"

using namespace sos;
using namespace sos::broker::live;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// When each ORDER's request was handed to the HTTP client (its SENT update, written in the
// same poll that took its token).
struct SentTimes : broker::EventSink {
    std::map<std::string, Clock::time_point> sent;
    void emit(const event::Event& e) override {
        if (e.env.kind != event::Kind::OrderUpdate) return;
        const auto* u = e.as<event::OrderUpdate>();
        if (u->message.starts_with("SENT")) sent.emplace(u->id, Clock::now());
    }
    void emit_line(std::string_view, std::string_view) override {}
};

broker::OrderRequest market(int n) {
    broker::OrderRequest o;
    o.id = "B#" + std::to_string(n);
    o.symbol = o.underlying = "RELIANCE";
    o.qty = 1;
    o.type = vocab::OrderType::Market;
    return o;
}

struct BudgetFixture {
    std::string dir;
    BudgetFixture() {
        char d[] = "/tmp/sos-live-budget-XXXXXX";
        REQUIRE(::mkdtemp(d));
        dir = d;
        ::setenv("SOS_KEY_BUDGET_TEST", "sos-dummy-budget-key", 1);
    }
    ~BudgetFixture() { fs::remove_all(dir); }

    // Four ORDERs through a live executor on `server`, its entry's extra fields `extra`; polls
    // until all four are sent and have reached the server (at most 10 s): the executor is
    // closed on return, which would abandon a request its HTTP thread had not sent yet.
    SentTimes run(const testing::FakeRestServer& server, const std::string& extra) const {
        const auto url = server.url();
        const auto reached = server.count("/api/v1/placeorder") + 4;
        const auto brokers = dir + "/brokers.json";
        std::ofstream(brokers) << R"({"brokers": {"kotak": {"rest": ")" << url
                               << R"(", "ws": "ws://127.0.0.1:8765", "api_key_env": "SOS_KEY_BUDGET_TEST",
                                  "live": true)"
                               << extra << "}}}";
        fs::remove_all(dir + "/state");
        fs::create_directories(dir + "/state");
        ModeOptions m;
        m.broker = "kotak";
        m.brokers = brokers;
        m.live = true;
        m.state = dir + "/state/{broker}.state";
        const auto choice = choose_mode(m);
        REQUIRE(choice.mode == ExecMode::Live);
        LiveSettings s;
        s.state = m.state;
        s.lock_dir = dir;
        auto reg = std::make_shared<instrument::Registry>();
        reg->set("RELIANCE", instrument::Instrument{1, 0, money::Paise{5}, vocab::Exchange::Nse});
        auto b = open_openalgo_brokers(choice, s, reg);
        SentTimes out;
        b->reconcile({}, out);
        for (int i = 1; i <= 4; ++i)
            b->place(market(i), out);
        const auto deadline = Clock::now() + 10s;
        while ((out.sent.size() < 4 || server.count("/api/v1/placeorder") < reached) &&
               Clock::now() < deadline) {
            std::this_thread::sleep_for(5ms);
            b->poll(out);
        }
        return out;
    }
};

}  // namespace

TEST_CASE("the brokers file's limits pace the live broker's orders") {
    BudgetFixture f;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());

    const auto paced = f.run(server, R"(, "limits": {"orders": ["2/s", "100/min"]})");
    REQUIRE(paced.sent.size() == 4);
    const auto first = paced.sent.at("B#1");
    // Two at once, then two a second later: never three in one second.
    CHECK(paced.sent.at("B#2") - first < 500ms);
    CHECK(paced.sent.at("B#3") - first >= 950ms);
    CHECK(paced.sent.at("B#4") - first >= 950ms);
    CHECK(server.count("/api/v1/placeorder") == 4);

    // The same run without "limits": OpenAlgo's 10 a second lets all four go at once.
    const auto unpaced = f.run(server, "");
    REQUIRE(unpaced.sent.size() == 4);
    CHECK(unpaced.sent.at("B#4") - unpaced.sent.at("B#1") < 500ms);
}
