// The live broker's bounded order queue (lib/orderqueue, on the instance's one BrokerLimiter):
// when entries cannot leave (the orders budget spent), an ORDER that no longer fits is refused
// whole, to the stream's face (ORDER_UPDATE REJECTED and REJECT QUEUE_FULL), with no intent
// written for it; those that fit wait and are neither refused nor lost. The instance is a
// closed loopback port: nothing is answered, and nothing here waits for an answer.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "broker/live/live_broker.hpp"

using namespace sos;
using namespace sos::broker::live;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct Events : broker::EventSink {
    std::vector<event::Event> events;
    void emit(const event::Event& e) override { events.push_back(e); }
    void emit_line(std::string_view, std::string_view) override {}
    std::vector<const event::Event*> of(event::Kind k) const {
        std::vector<const event::Event*> out;
        for (const auto& e : events)
            if (e.env.kind == k) out.push_back(&e);
        return out;
    }
};

broker::OrderRequest market(int n) {
    broker::OrderRequest o;
    o.id = "Q#" + std::to_string(n);
    o.symbol = o.underlying = "RELIANCE";
    o.qty = 1;
    o.type = vocab::OrderType::Market;
    return o;
}

struct QueueFixture {
    std::string dir;
    QueueFixture() {
        char d[] = "/tmp/sos-live-queue-XXXXXX";
        REQUIRE(::mkdtemp(d));
        dir = d;
    }
    ~QueueFixture() { fs::remove_all(dir); }

    // One placement a minute: the first ORDER leaves, the next ones wait.
    LiveOptions options(std::size_t capacity) const {
        LiveOptions o;
        o.broker_name = "kotak";
        o.rest = "http://127.0.0.1:9";
        o.key = brokers::Secret("sos-dummy-queue-key");
        o.state_path = dir + "/kotak.state";
        o.queue_capacity = capacity;
        o.limits.orders = {{1, std::chrono::minutes(1)}};
        return o;
    }
};

std::shared_ptr<instrument::Registry> registry() {
    auto r = std::make_shared<instrument::Registry>();
    r->set("RELIANCE", instrument::Instrument{1, 0, money::Paise{5}, vocab::Exchange::Nse});
    return r;
}

std::string state_text(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("a full order queue refuses the next ORDER whole and says so: none is lost") {
    QueueFixture f;
    LiveBroker b(f.options(2), registry());
    Events first, waiting, refused;
    b.place(market(1), first);  // takes the one token: sent
    b.place(market(2), waiting);
    b.place(market(3), waiting);  // two wait: the queue is full
    b.place(market(4), refused);

    CHECK(first.events.back().as<event::OrderUpdate>()->message.starts_with("SENT"));
    for (const auto* e : waiting.of(event::Kind::OrderUpdate))
        CHECK(e->as<event::OrderUpdate>()->status == vocab::OrderStatus::Pending);
    CHECK(waiting.of(event::Kind::Reject).empty());

    const auto updates = refused.of(event::Kind::OrderUpdate);
    REQUIRE(updates.size() == 1);
    const auto& u = *updates[0]->as<event::OrderUpdate>();
    CHECK(u.id == "Q#4");
    CHECK(u.status == vocab::OrderStatus::Rejected);
    CHECK_THAT(u.message, Contains("QUEUE_FULL: the order queue is full: 2 entry requests wait (at most 2)"));
    CHECK_THAT(u.message, Contains("broker's rate limit"));
    const auto rejects = refused.of(event::Kind::Reject);
    REQUIRE(rejects.size() == 1);
    const auto& r = *rejects[0]->as<event::Reject>();
    CHECK(r.stage == "exec");
    CHECK(r.ref == "Q#4");
    CHECK(r.reason == "QUEUE_FULL");
    CHECK(rejects[0]->env.mode == "live");

    // Nothing of the refused ORDER reached the state file; the waiting ones are there.
    const auto state = state_text(f.options(2).state_path);
    CHECK_THAT(state, Contains("\"Q#2\""));
    CHECK_THAT(state, Contains("\"Q#3\""));
    CHECK_THAT(state, !Contains("\"Q#4\""));
    CHECK_THAT(state, !Contains("sos-dummy-queue-key"));
}

TEST_CASE("an ORDER larger than the whole queue is refused saying so") {
    QueueFixture f;
    auto reg = registry();
    reg->set("NIFTY", instrument::Instrument{65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    LiveBroker b(f.options(1), reg);
    broker::OrderRequest o;
    o.id = "BIG#1";
    o.symbol = "NIFTY08JAN2421700CE";
    o.underlying = "NIFTY08JAN2421700CE";  // traded on itself: placed as it is
    o.qty = 65 * 40;                       // two freeze slices
    o.type = vocab::OrderType::Market;
    Events out;
    b.place(o, out);
    const auto rejects = out.of(event::Kind::Reject);
    REQUIRE(rejects.size() == 1);
    CHECK_THAT(rejects[0]->as<event::Reject>()->detail,
               Contains("this ORDER needs 2 requests, more than the order queue holds (1)"));
}
