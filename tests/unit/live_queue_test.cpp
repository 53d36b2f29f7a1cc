// The live broker's bounded order queue (lib/orderqueue, on the instance's one BrokerLimiter):
// when entries cannot leave (the orders budget spent), an ORDER that no longer fits is refused
// whole, to the stream's face (ORDER_UPDATE REJECTED and REJECT QUEUE_FULL), with no intent
// written for it; those that fit wait and are neither refused nor lost. The instance is a
// loopback server with an empty account (fake_rest_server.hpp), so the start's reconciliation
// opens the way; ORDERs that come before it wait in the queue's room.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "broker/live/live_broker.hpp"
#include "fake_rest_server.hpp"

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

    // One placement a minute: the first ORDER leaves, the next ones wait. `rest` defaults to a
    // closed port: nothing answers, the start's reconciliation never ends.
    LiveOptions options(std::size_t capacity, std::string rest = "http://127.0.0.1:9") const {
        LiveOptions o;
        o.broker_name = "kotak";
        o.rest = std::move(rest);
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

bool sent(const Events& out, const std::string& id) {
    for (const auto* e : out.of(event::Kind::OrderUpdate))
        if (const auto* u = e->as<event::OrderUpdate>(); u->id == id && u->message.starts_with("SENT"))
            return true;
    return false;
}

// The start: `first` is held while the books are read, and sent once they agree (an empty
// account, an empty state file). Polls for at most 20 s.
bool open_with(LiveBroker& b, const broker::OrderRequest& first, Events& out) {
    b.reconcile({}, out);
    b.place(first, out);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!sent(out, first.id) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        b.poll(out);
    }
    return sent(out, first.id);
}

}  // namespace

TEST_CASE("a full order queue refuses the next ORDER whole and says so: none is lost") {
    QueueFixture f;
    testing::FakeRestServer server(testing::FakeRestServer::empty_account());
    LiveBroker b(f.options(2, server.url()), registry());
    Events first, waiting, refused;
    REQUIRE(open_with(b, market(1), first));  // takes the one token: sent
    b.place(market(2), waiting);
    b.place(market(3), waiting);  // two wait: the queue is full
    b.place(market(4), refused);

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

TEST_CASE("ORDERs held for the start's reconciliation share the queue's room: past it, QUEUE_FULL") {
    QueueFixture f;
    LiveBroker b(f.options(2), registry());  // nothing answers: the books are never read
    Events held, refused;
    b.reconcile({}, held);
    b.place(market(1), held);
    b.place(market(2), held);
    b.place(market(3), refused);
    for (const auto* e : held.of(event::Kind::OrderUpdate)) {
        CHECK(e->as<event::OrderUpdate>()->status == vocab::OrderStatus::Pending);
        CHECK_THAT(e->as<event::OrderUpdate>()->message, Contains("held"));
    }
    CHECK(held.of(event::Kind::OrderUpdate).size() == 2);
    const auto rejects = refused.of(event::Kind::Reject);
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0]->as<event::Reject>()->reason == "QUEUE_FULL");
    CHECK_THAT(rejects[0]->as<event::Reject>()->detail,
               Contains("2 entry requests wait (at most 2) and this ORDER needs 1; they wait for the "
                        "start's reconciliation"));
    // Nothing of any of them is in the state file yet: held ORDERs are not intents.
    CHECK_THAT(state_text(f.options(2).state_path), !Contains("Q#"));
}
