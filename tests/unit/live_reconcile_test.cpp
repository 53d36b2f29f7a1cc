// Reconciliation at start: the comparison of the broker's positions with sos's (pure, over typed
// rows), what sos knows (the state file first, the journal's history for keys it has no record
// of), the exits allowed while entries are refused, and the state file's acceptance record.
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "broker/live/accept_broker.hpp"
#include "broker/live/client_order_id.hpp"
#include "broker/live/history_positions.hpp"
#include "broker/live/reconcile.hpp"
#include "broker/live/routed_broker.hpp"
#include "broker/live/state_file.hpp"
#include "lockfile/account_lock.hpp"

using namespace sos;
using namespace sos::broker::live;
namespace fs = std::filesystem;

namespace {

const PositionKey kSbin{"SBIN", "NSE", vocab::Product::Mis};
const PositionKey kInfy{"INFY", "NSE", vocab::Product::Mis};
const PositionKey kSbinCnc{"SBIN", "NSE", vocab::Product::Cnc};

struct TempDir {
    std::string path;
    TempDir() {
        char dir[] = "/tmp/sos-live-reconcile-XXXXXX";
        REQUIRE(::mkdtemp(dir));
        path = dir;
    }
    ~TempDir() { fs::remove_all(path); }
    std::string file(const char* name) const { return path + "/" + name; }
};

StoredOrder intent(const std::string& order_id, vocab::Side side, std::int64_t qty) {
    StoredOrder o;
    o.client_id = *client_order_id(order_id, 0);
    o.order_id = order_id;
    o.request.strategy = o.client_id;
    o.request.exchange = vocab::Exchange::Nse;
    o.request.symbol = "SBIN";
    o.request.action = side;
    o.request.quantity = qty;
    return o;
}

}  // namespace

TEST_CASE("reconcile: positions that agree are adopted, flat on both sides is nothing") {
    const Holdings broker{{kSbin, 10}, {kInfy, -5}};
    const auto checks = compare_positions(broker, broker);
    REQUIRE(checks.size() == 2);
    CHECK(all_agree(checks));
    CHECK(compare_positions({}, {}).empty());
    CHECK(all_agree(compare_positions({}, {})));
}

TEST_CASE("reconcile: a position only the broker holds, only sos holds, or of another size is a mismatch") {
    const Holdings broker{{kSbin, 10}, {kInfy, 5}};
    const Holdings sos{{kInfy, 3}, {kSbinCnc, 7}};
    const auto checks = compare_positions(broker, sos);
    REQUIRE(checks.size() == 3);
    CHECK_FALSE(all_agree(checks));
    // Key order: symbol, exchange, then product (MIS before CNC).
    CHECK(checks[0].key == kInfy);
    CHECK(checks[0].verdict == PositionVerdict::QtyDiffers);
    CHECK(checks[0].broker_qty == 5);
    CHECK(checks[0].sos_qty == 3);
    CHECK(checks[1].key == kSbin);
    CHECK(checks[1].verdict == PositionVerdict::BrokerOnly);
    CHECK(checks[2].key == kSbinCnc);
    CHECK(checks[2].verdict == PositionVerdict::SosOnly);
    CHECK(describe(checks[1]) == "SBIN NSE MIS: broker +10, sos 0 (a position sos does not know)");
    CHECK(describe(checks[2]) == "SBIN NSE CNC: broker 0, sos +7 (sos holds it, the broker has nothing)");
    CHECK(describe_mismatches(checks).find("; ") != std::string::npos);
}

TEST_CASE("reconcile: a long and a short of one size are not the same position") {
    const auto checks = compare_positions({{kSbin, 10}}, {{kSbin, -10}});
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].verdict == PositionVerdict::QtyDiffers);
}

TEST_CASE("reconcile: the state file speaks for its keys, the journal's history for the others") {
    const Holdings state{{kSbin, 10}};
    const std::set<PositionKey> state_keys{kSbin, kSbinCnc};  // SBIN CNC: ordered, and flat again
    const Holdings history{{kSbin, 4}, {kSbinCnc, 2}, {kInfy, -5}};
    const auto known = known_positions(state, state_keys, history);
    CHECK(held(known, kSbin) == 10);
    CHECK(held(known, kSbinCnc) == 0);
    CHECK(held(known, kInfy) == -5);
}

TEST_CASE("reconcile: while entries are refused, only an order that reduces a known position goes") {
    const Holdings sos{{kSbin, 10}, {kInfy, -5}};
    CHECK(reduces_known(sos, kSbin, vocab::Side::Sell, 10));
    CHECK(reduces_known(sos, kSbin, vocab::Side::Sell, 4));
    CHECK_FALSE(reduces_known(sos, kSbin, vocab::Side::Sell, 11));  // reverses: a new short
    CHECK_FALSE(reduces_known(sos, kSbin, vocab::Side::Buy, 1));    // adds
    CHECK(reduces_known(sos, kInfy, vocab::Side::Buy, 5));
    CHECK_FALSE(reduces_known(sos, kSbinCnc, vocab::Side::Sell, 1));  // nothing known there
}

TEST_CASE("reconcile: the journal's history counts live fills of the orders it showed") {
    HistoryPositions h;
    h.order("ORB:SBIN#1", kSbin);
    h.fill("ORB:SBIN#1", vocab::Side::Buy, 10);
    h.fill("ORB:SBIN#1", vocab::Side::Sell, 4);
    h.fill("unknown", vocab::Side::Buy, 99);  // an order the history never showed
    CHECK(h.positions() == Holdings{{kSbin, 6}});
    h.fill("ORB:SBIN#1", vocab::Side::Sell, 6);
    CHECK(h.positions().empty());
    // A structure's fills count towards each leg's own option, not its ORDER's first leg.
    const PositionKey ce{"NIFTY26AUG2524850CE", "NFO", vocab::Product::Mis};
    const PositionKey pe{"NIFTY26AUG2524750PE", "NFO", vocab::Product::Mis};
    h.order("IC#1", ce);
    h.fill("IC#1", vocab::Side::Sell, 65, "NIFTY26AUG2524850CE");
    h.fill("IC#1", vocab::Side::Sell, 65, "NIFTY26AUG2524750PE");
    CHECK(h.positions() == Holdings{{ce, -65}, {pe, -65}});
}

TEST_CASE("state file: positions from fills, and an acceptance that counts only later fills") {
    TempDir d;
    const auto path = d.file("acct.state");
    {
        StateFile s(path);
        auto buy = intent("B1", vocab::Side::Buy, 10);
        s.append_intent(buy);
        s.append_state(buy.client_id, LiveState::Filled, "1001", 10);
        auto sell = intent("S1", vocab::Side::Sell, 10);
        s.append_intent(sell);
        s.append_state(sell.client_id, LiveState::PartiallyFilled, "1002", 4);
        CHECK(s.positions() == Holdings{{kSbin, 6}});
        CHECK_FALSE(s.has_acceptance());
        // The operator accepts what the broker holds: SBIN +6 and INFY +5 (bought by hand).
        s.append_accept({{kSbin, 6}, {kInfy, 5}});
        CHECK(s.positions() == Holdings{{kSbin, 6}, {kInfy, 5}});
        // The rest of the sell fills after the acceptance: it counts.
        s.append_state(sell.client_id, LiveState::Filled, "1002", 10);
        CHECK(s.positions() == Holdings{{kInfy, 5}});
    }
    StateFile again(path);  // read back: the same
    CHECK(again.has_acceptance());
    CHECK(again.positions() == Holdings{{kInfy, 5}});
    CHECK(again.position_keys() == std::set<PositionKey>{kSbin, kInfy});
}

TEST_CASE("reconcile --accept-broker: refused while an order is unsettled, before asking anyone") {
    TempDir d;
    const auto path = d.file("acct.state");
    {
        StateFile s(path);
        s.append_intent(intent("B1", vocab::Side::Buy, 10));  // its request may have left
    }
    AcceptOptions o;
    o.broker_name = "zerodha";
    o.rest = "http://127.0.0.1:9";  // never asked
    o.key = brokers::Secret("sos-dummy-key-unit-42");
    o.state_path = path;
    o.lock_dir = d.path;
    const auto r = accept_broker_positions(o);
    CHECK(r.status == kExitTempFail);
    CHECK(r.lines.empty());
    CHECK(r.message.find("not settled") != std::string::npos);
    CHECK(r.message.find("sos-dummy-key-unit-42") == std::string::npos);
    CHECK_FALSE(StateFile(path).has_acceptance());
}

TEST_CASE("reconcile --accept-broker: a broker that does not answer accepts nothing") {
    TempDir d;
    const auto path = d.file("acct.state");
    AcceptOptions o;
    o.broker_name = "zerodha";
    o.rest = "http://127.0.0.1:9";  // the discard port: nothing listens
    o.key = brokers::Secret("sos-dummy-key-unit-42");
    o.state_path = path;
    o.lock_dir = d.path;
    o.timeout = std::chrono::milliseconds(2000);
    const auto r = accept_broker_positions(o);
    CHECK(r.status == kExitUnavailable);
    CHECK(r.message.find("nothing accepted") != std::string::npos);
    CHECK(r.message.find("sos-dummy-key-unit-42") == std::string::npos);
    CHECK_FALSE(StateFile(path).has_acceptance());
}

TEST_CASE("reconcile --accept-broker: refused while a live executor holds the account's lock") {
    TempDir d;
    const auto path = d.file("acct.state");
    // The executor's lock, here in this process; the acceptance opens its own and is refused.
    auto lock = lockfile::AccountLock::acquire({"zerodha", "http://localhost:9/"}, d.path);
    AcceptOptions o;
    o.broker_name = "zerodha";
    o.rest = "http://127.0.0.1:9";  // the same instance, spelt otherwise; never asked
    o.key = brokers::Secret("sos-dummy-key-unit-42");
    o.state_path = path;
    o.lock_dir = d.path;
    const auto r = accept_broker_positions(o);
    CHECK(r.status == kExitTempFail);
    CHECK(r.message.find("CONTROL resume") != std::string::npos);
    CHECK(r.message.find("sos-dummy-key-unit-42") == std::string::npos);
    CHECK_FALSE(fs::exists(path));  // the state file was not even opened
}

namespace {

// A routed broker's child that writes down what reaches it.
struct Recorder : broker::Broker {
    std::string name;
    std::vector<std::string>* log;
    Recorder(std::string n, std::vector<std::string>* l) : name(std::move(n)), log(l) {}
    std::string_view mode() const override { return "live"; }
    void place(const broker::OrderRequest& o, broker::EventSink&) override {
        log->push_back(name + " place " + o.id);
    }
    void on_market(const event::Event&, broker::EventSink&) override {}
    void flatten(std::string_view, time::Timestamp, broker::EventSink&) override {}
    void restore(const event::Event& e) override {
        const auto* o = e.as<event::Order>();
        const auto* f = e.as<event::Fill>();
        log->push_back(name + " restore " + (o ? "ORDER " + o->id : f ? "FILL " + f->order_id : "other"));
    }
    void control(const event::Control& c, time::Timestamp, broker::EventSink&) override {
        log->push_back(name + " control " + c.command);
    }
    void reconcile(time::Timestamp, broker::EventSink&) override { log->push_back(name + " reconcile"); }
    void poll(broker::EventSink&) override {}
};

struct Quiet : broker::EventSink {
    void emit(const event::Event&) override {}
    void emit_line(std::string_view, std::string_view) override {}
};

event::Event hist_order(const std::string& id, const std::string& symbol) {
    event::Event e;
    e.env.kind = event::Kind::Order;
    e.env.symbol = symbol;
    e.env.hist = true;
    auto& o = e.body.emplace<event::Order>();
    o.id = id;
    o.side = vocab::Side::Buy;
    o.qty = 1;
    return e;
}

event::Event hist_fill(const std::string& order_id) {
    event::Event e;
    e.env.kind = event::Kind::Fill;
    e.env.mode = "live";
    e.env.hist = true;
    e.body.emplace<event::Fill>().order_id = order_id;
    return e;
}

}  // namespace

TEST_CASE("routed brokers each reconcile their own: history goes where its ORDER is routed") {
    std::vector<std::string> log;
    std::vector<HeldBroker> held;
    held.push_back({"zerodha", std::make_unique<Recorder>("zerodha", &log)});
    held.push_back({"kotak", std::make_unique<Recorder>("kotak", &log)});
    routing::Rule sbin;
    sbin.symbols = routing::NameSet({"SBIN"});
    sbin.broker = "zerodha";
    RoutedBroker b(routing::Routing({sbin}, "kotak", {"zerodha", "kotak"}), std::move(held));
    b.restore(hist_order("A", "SBIN"));
    b.restore(hist_order("B", "INFY"));
    b.restore(hist_fill("A"));
    b.restore(hist_fill("B"));
    b.restore(hist_fill("never-ordered"));  // nobody's
    Quiet q;
    b.reconcile({}, q);
    CHECK(log == std::vector<std::string>{"zerodha restore ORDER A", "kotak restore ORDER B",
                                          "zerodha restore FILL A", "kotak restore FILL B",
                                          "zerodha reconcile", "kotak reconcile"});

    // An acceptance (CONTROL resume) goes to the broker its scope names, else to every one.
    log.clear();
    event::Control resume{"resume", "sos-exec", "kotak"};
    b.control(resume, {}, q);
    resume.scope.clear();
    b.control(resume, {}, q);
    CHECK(log ==
          std::vector<std::string>{"kotak control resume", "zerodha control resume", "kotak control resume"});
}
