// sos-exec's filter on NDJSON: pass-through, orders placed once, history rebuilding the book
// silently, kills flattening, reconciliation after the history, the broker's own clock.
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "broker/exec_filter.hpp"
#include "broker/paper/paper_broker.hpp"
#include "diag/bad_input.hpp"
#include "ndjson/output.hpp"
#include "pipeline/line_processor.hpp"
#include "pipeline/stage.hpp"

using namespace sos;

namespace {

const time::Calendar& cal() {
    static const auto c = time::Calendar::nse_default();
    return c;
}

// 2024-01-08 09:15 IST plus `m` minutes, in seconds.
long ts(int m) {
    return 1704685500 + m * 60;
}

std::string candle(int m, double o, double h, double l, double c, bool hist = false) {
    return fmt::format(
        R"({{"type":"CANDLE","timestamp":{},"symbol":"RELIANCE","tf":"1m","o":{},"h":{},"l":{},"c":{},"v":100{}}})",
        ts(m), o, h, l, c, hist ? R"(,"hist":true)" : "");
}

std::string order(const std::string& id, int m, double trigger, double sl, double tp, bool hist = false) {
    return fmt::format(
        R"({{"type":"ORDER","timestamp":{},"symbol":"RELIANCE","src":"sos-risk","id":"{}","signal_id":"s-{}","tf":"1m","side":"BUY","qty":10,"order_type":"SL-M","price":null,"trigger_price":{},"product":"MIS","sl":{},"tp":{},"strategy":"T"{}}})",
        ts(m), id, id, trigger, sl, tp, hist ? R"(,"hist":true)" : "");
}

struct Exec {
    broker::PaperConfig cfg;
    std::unique_ptr<broker::ExecFilter> filter;
    diag::BadInput bad;
    std::unique_ptr<pipeline::LineProcessor> proc;
    ndjson::StringSink sink;
    std::unique_ptr<ndjson::Output> out;
    std::uint64_t n = 0;

    explicit Exec(instrument::Registry instruments = {}) {
        // As sos-exec: one registry for the lot check and the broker's ticks.
        const auto shared = std::make_shared<instrument::Registry>(std::move(instruments));
        cfg.calendar = &cal();
        cfg.slippage_ticks = 0;
        cfg.instruments = shared;
        filter =
            std::make_unique<broker::ExecFilter>(std::make_unique<broker::PaperBroker>(cfg), nullptr, shared);
        proc = std::make_unique<pipeline::LineProcessor>(*filter, bad);
        out = std::make_unique<ndjson::Output>(sink);
    }
    void run(const std::vector<std::string>& lines) {
        for (const auto& l : lines)
            REQUIRE(proc->process(l, ++n, *out));
        out->flush();
    }
    // The lines sos-exec wrote (not the ones it passed through).
    std::vector<std::string> written() const {
        std::vector<std::string> v;
        std::size_t p = 0;
        while (p < sink.text.size()) {
            auto nl = sink.text.find('\n', p);
            auto l = sink.text.substr(p, nl - p);
            p = nl + 1;
            if (l.find(R"("src":"sos-exec")") != std::string::npos &&
                l.find(R"("hist":true)") == std::string::npos)
                v.push_back(l);
        }
        return v;
    }
};

// As a journal replay marks history: every line gets "hist":true.
std::string as_hist(std::string l) {
    l.insert(l.size() - 1, R"(,"hist":true)");
    return l;
}

}  // namespace

TEST_CASE("every line passes through unchanged and an order fills on a later candle") {
    Exec x;
    const std::vector<std::string> in = {candle(4, 99, 99.5, 98, 99), order("o1", 5, 100, 95, 110),
                                         candle(5, 99, 100.5, 98.8, 100.2),
                                         candle(6, 100.2, 111, 100, 110.5)};
    x.run(in);
    for (const auto& l : in)
        REQUIRE(x.sink.text.find(l + "\n") != std::string::npos);
    auto w = x.written();
    REQUIRE(w.size() >= 4);
    bool filled = false, exited = false;
    for (const auto& l : w) {
        REQUIRE(l.find(R"("mode":"paper")") != std::string::npos);
        filled |= l.find(R"("type":"FILL")") != std::string::npos;
        exited |= l.find(R"("type":"EXIT")") != std::string::npos &&
                  l.find(R"("reason":"TP")") != std::string::npos;
    }
    REQUIRE(filled);
    REQUIRE(exited);
}

TEST_CASE("an order id seen twice is placed once") {
    Exec x;
    x.run({order("o1", 5, 100, 95, 110), order("o1", 5, 100, 95, 110), candle(5, 99, 100.5, 98.8, 100.2)});
    int fills = 0;
    for (const auto& l : x.written())
        fills += l.find(R"("type":"FILL")") != std::string::npos;
    REQUIRE(fills == 1);
}

TEST_CASE("history rebuilds the book silently and the run continues as if never stopped") {
    const std::vector<std::string> before = {candle(4, 99, 99.5, 98, 99), order("o1", 5, 100, 95, 110),
                                             candle(5, 99, 99.8, 98.8, 99.5),  // not triggered yet
                                             order("o2", 6, 101, 96, 120), candle(6, 99.5, 101.5, 99, 101)};
    const std::vector<std::string> after = {candle(7, 101, 104, 100.5, 103.5),
                                            candle(8, 103.5, 112, 103, 111), candle(9, 111, 125, 110, 124)};
    Exec whole;
    whole.run(before);
    const auto first_part = whole.written();
    whole.sink.text.clear();
    whole.run(after);
    const auto expected = whole.written();
    REQUIRE(!expected.empty());

    // The restart: what the journal holds (the input and sos-exec's own lines) comes back as
    // history, then the rest of the stream.
    Exec restarted;
    std::vector<std::string> history;
    for (const auto& l : before)
        history.push_back(as_hist(l));
    for (const auto& l : first_part)
        history.push_back(as_hist(l));
    restarted.run(history);
    REQUIRE(restarted.written().empty());  // nothing placed, filled or exited again
    restarted.sink.text.clear();
    restarted.run(after);
    REQUIRE(restarted.written() == expected);
}

TEST_CASE("a kill for sos-exec closes positions at the next open; one for another tool does nothing") {
    Exec x;
    x.run({order("o1", 5, 100, 95, 110), candle(5, 99, 100.5, 98.8, 100.2),
           fmt::format(R"({{"type":"CONTROL","timestamp":{},"command":"kill","target":"sos-match"}})", ts(6)),
           candle(6, 100.2, 100.6, 100, 100.4),
           fmt::format(R"({{"type":"CONTROL","timestamp":{},"command":"kill","target":"sos-exec"}})", ts(7)),
           candle(7, 100.3, 100.9, 100.1, 100.5)});
    int exits = 0;
    for (const auto& l : x.written())
        if (l.find(R"("type":"EXIT")") != std::string::npos) {
            ++exits;
            REQUIRE(l.find(R"("reason":"KILL")") != std::string::npos);
            REQUIRE(l.find(R"("price":100.3)") != std::string::npos);
        }
    REQUIRE(exits == 1);
}

TEST_CASE("an ORDER the broker cannot read is rejected by an update, not dropped") {
    Exec x;
    x.run({fmt::format(
        R"({{"type":"ORDER","timestamp":{},"symbol":"NIFTY","src":"sos-risk","id":"bad","signal_id":"s","side":"SELL","qty":65,"order_type":"MARKET","product":"MIS","strategy":"T","legs":[{{"symbol":"","action":"SELL","qty":65}}]}})",
        ts(5))});
    auto w = x.written();
    REQUIRE(w.size() == 1);
    REQUIRE(w[0].find(R"("status":"REJECTED")") != std::string::npos);
    REQUIRE(w[0].find("leg") != std::string::npos);
}

namespace {
std::string nifty_chain(int m, bool hist = false) {
    return fmt::format(
        R"({{"type":"OPTION_CHAIN","timestamp":{},"symbol":"NIFTY","expiry":"2024-01-11","spot":21710,"lot_size":65,"strikes":[{{"strike":21700,"ce":{{"ltp":86.4,"oi":100000}},"pe":{{"ltp":75.9,"oi":120000}}}}]{}}})",
        ts(m), hist ? R"(,"hist":true)" : "");
}
std::string option_order(const std::string& id, int m, int qty, bool hist = false) {
    return fmt::format(
        R"({{"type":"ORDER","timestamp":{},"symbol":"NIFTY11JAN2421700CE","src":"sos-risk","id":"{}","signal_id":"s-{}","tf":"1m","side":"BUY","qty":{},"order_type":"SL-M","trigger_price":21720,"product":"MIS","sl":21690,"tp":21780,"strategy":"T","underlying":"NIFTY","signal_side":"BUY"{}}})",
        ts(m), id, id, qty, hist ? R"(,"hist":true)" : "");
}
}  // namespace

TEST_CASE("an ORDER with a price below zero is a bad line, never filled") {
    Exec x;
    x.run({candle(4, 99, 99.5, 98, 99), order("o1", 5, -5, -6, -3), order("o2", 5, 100, -95, 110),
           order("o3", 5, 100, 95, 0), candle(5, 99, 100.5, 98.8, 100.2), candle(6, 100.2, 111, 100, 110.5)});
    REQUIRE(x.bad.count() == 3);
    REQUIRE(x.written().empty());
    REQUIRE(x.sink.text.find(R"("type":"ORDER")") == std::string::npos);  // not passed on either
}

TEST_CASE("a quantity that is not whole lots of the chain's lot size is rejected by an update") {
    Exec x;
    x.run({nifty_chain(4), option_order("o1", 5, 100), option_order("o2", 5, 130)});
    auto w = x.written();
    REQUIRE(w.size() == 2);
    REQUIRE(w[0].find(R"("id":"o1")") != std::string::npos);
    REQUIRE(w[0].find(R"("status":"REJECTED")") != std::string::npos);
    REQUIRE(w[0].find("quantity 100 of NIFTY11JAN2421700CE is not a whole number of lots of 65") !=
            std::string::npos);
    REQUIRE(w[1].find(R"("id":"o2")") != std::string::npos);
    REQUIRE(w[1].find(R"("status":"TRIGGER_PENDING")") != std::string::npos);
    // A structure's legs are held to the same rule.
    x.sink.text.clear();
    x.run({fmt::format(
        R"({{"type":"ORDER","timestamp":{},"symbol":"NIFTY","src":"sos-risk","id":"o3","signal_id":"s","order_type":"MARKET","product":"MIS","strategy":"T","legs":[{{"symbol":"NIFTY11JAN2421800CE","action":"BUY","qty":65}},{{"symbol":"NIFTY11JAN2421700CE","action":"SELL","qty":64}}]}})",
        ts(6))});
    w = x.written();
    REQUIRE(w.size() == 1);
    REQUIRE(w[0].find("quantity 64 of NIFTY11JAN2421700CE") != std::string::npos);
    // Without a chain, the lot is not known here: the order goes to the broker.
    Exec unknown;
    unknown.run({option_order("o1", 5, 100)});
    REQUIRE(unknown.written().at(0).find(R"("status":"TRIGGER_PENDING")") != std::string::npos);
}

TEST_CASE("the instrument registry's lot holds orders without a chain, and wins over a chain's") {
    instrument::Registry reg;
    reg.set("NIFTY", instrument::Instrument{65, 1800, money::Paise{5}, vocab::Exchange::NseIndex});
    reg.set_equity_default(instrument::Instrument{1, 0, money::Paise{5}, vocab::Exchange::Nse});
    Exec x(reg);
    x.run({option_order("o1", 5, 100), option_order("o2", 5, 130), order("o3", 5, 100, 95, 110)});
    auto w = x.written();
    REQUIRE(w.size() == 3);
    CHECK(w[0].find("quantity 100 of NIFTY11JAN2421700CE is not a whole number of lots of 65") !=
          std::string::npos);
    CHECK(w[1].find(R"("status":"TRIGGER_PENDING")") != std::string::npos);
    CHECK(w[2].find(R"("status":"TRIGGER_PENDING")") != std::string::npos);  // a stock: lots of one share
    // A chain still carrying the old lot of 75: the configured 65 stands, as in sos-risk.
    Exec old_chain(reg);
    old_chain.run(
        {fmt::format(
             R"({{"type":"OPTION_CHAIN","timestamp":{},"symbol":"NIFTY","expiry":"2024-01-11","spot":21710,"lot_size":75,"strikes":[{{"strike":21700,"ce":{{"ltp":86.4,"oi":100000}},"pe":{{"ltp":75.9,"oi":120000}}}}]}})",
             ts(4)),
         option_order("o1", 5, 75), option_order("o2", 5, 130)});
    w = old_chain.written();
    REQUIRE(w.size() == 2);
    CHECK(w[0].find("not a whole number of lots of 65") != std::string::npos);
    CHECK(w[1].find(R"("status":"TRIGGER_PENDING")") != std::string::npos);
}

TEST_CASE("the lot check learns a chain's lot into the registry it was given, not a copy") {
    // sos-exec gives its lot check and its paper broker one registry.
    const auto shared = std::make_shared<instrument::Registry>();
    broker::PaperConfig cfg;
    cfg.calendar = &cal();
    cfg.instruments = shared;
    broker::ExecFilter filter(std::make_unique<broker::PaperBroker>(cfg), nullptr, shared);
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    REQUIRE_FALSE(shared->find("NIFTY11JAN2421700CE"));
    REQUIRE(proc.process(nifty_chain(4), 1, out));
    REQUIRE(shared->find("NIFTY11JAN2421700CE"));
    CHECK(shared->find("NIFTY11JAN2421700CE")->lot_size == 65);
}

TEST_CASE("an order refused for its lots is not rebuilt from history") {
    Exec x;
    x.run({nifty_chain(4, true), option_order("o1", 5, 100, true), option_order("o1", 5, 100)});
    REQUIRE(x.written().empty());  // placed (refused) before: never again
    REQUIRE(dynamic_cast<broker::PaperBroker&>(x.filter->broker()).working_orders() == 0);
}

TEST_CASE("a restart whose history's fills disagree with the book rebuilt from it says so, once") {
    Exec x;
    // The history was cut: it keeps sos-exec's FILL but lost the ORDER and the candles.
    const std::string fill = fmt::format(
        R"({{"type":"FILL","timestamp":{},"symbol":"RELIANCE","order_id":"o1","side":"BUY","qty":10,"price":100,"src":"sos-exec","mode":"paper","hist":true}})",
        ts(6));
    x.run({fill});
    REQUIRE(x.written().empty());  // still history: nothing said yet
    x.run({candle(7, 101, 104, 100.5, 103.5), candle(8, 103.5, 104, 103, 103.5)});
    const auto w = x.written();
    REQUIRE(w.size() == 1);
    REQUIRE(w[0].find(R"("type":"ALERT")") != std::string::npos);
    REQUIRE(w[0].find(R"("code":"RECONCILE")") != std::string::npos);
    REQUIRE(w[0].find("the history's fills leave 10 open, the paper book rebuilt from its orders and market "
                      "data holds 0") != std::string::npos);
    REQUIRE(w[0].find(fmt::format(R"("timestamp":{})", ts(6))) != std::string::npos);  // the history's end
}

namespace {

// A broker with a life of its own: what "arrives" (from the test's thread, as a live broker's
// network thread would deliver it) is written only when the broker is polled.
class ClockBroker : public broker::Broker {
public:
    std::string_view mode() const override { return "live"; }
    void place(const broker::OrderRequest&, broker::EventSink&) override {}
    void on_market(const event::Event&, broker::EventSink&) override {}
    void flatten(std::string_view, time::Timestamp, broker::EventSink&) override {}
    void restore(const event::Event&) override { ++restored; }
    void reconcile(time::Timestamp at, broker::EventSink&) override {
        ++reconciles;
        restored_before_reconcile = restored;
        reconciled_at = at;
    }
    void poll(broker::EventSink& out) override {
        std::vector<event::Event> ready;
        {
            std::lock_guard lock(mu_);
            ready.swap(arrived_);
        }
        for (const auto& e : ready)
            out.emit(e);
    }
    std::chrono::milliseconds poll_interval() const override { return std::chrono::milliseconds(5); }

    void arrive(const event::Event& e) {
        std::lock_guard lock(mu_);
        arrived_.push_back(e);
    }
    int restored = 0, reconciles = 0, restored_before_reconcile = -1;
    time::Timestamp reconciled_at;

private:
    std::mutex mu_;
    std::vector<event::Event> arrived_;
};

event::Event live_fill() {
    event::Event e;
    e.env.kind = event::Kind::Fill;
    e.env.timestamp = time::Timestamp::from_seconds(ts(3));
    e.env.symbol = "RELIANCE";
    e.env.src = "sos-exec";
    e.env.mode = "live";
    auto& f = e.body.emplace<event::Fill>();
    f.order_id = "o1";
    f.qty = 10;
    f.price = 2507.05;
    return e;
}

}  // namespace

TEST_CASE("a fill that arrives with no input line is written while input stays quiet") {
    auto owned = std::make_unique<ClockBroker>();
    auto& fake = *owned;
    broker::ExecFilter filter(std::move(owned));
    int in[2], out[2];
    REQUIRE(::pipe(in) == 0);
    REQUIRE(::pipe(out) == 0);
    pipeline::StageConfig cfg;
    cfg.in_fd = in[0];
    cfg.out_fd = out[1];
    cfg.tick = filter.broker().poll_interval();  // as sos-exec runs it
    std::thread stage([&] { pipeline::run_filter(cfg, filter); });
    // No line is ever written; the input stays open. The exchange fills the order.
    fake.arrive(live_fill());
    std::string got;
    char buf[4096];
    bool in_time = true;
    while (in_time && got.find('\n') == std::string::npos) {
        // Bounded: a broker never polled would leave this test waiting, not failing.
        pollfd ready{out[0], POLLIN, 0};
        in_time = ::poll(&ready, 1, 5000) == 1;
        const ssize_t n = in_time ? ::read(out[0], buf, sizeof buf) : 0;
        in_time = n > 0;
        if (in_time) got.append(buf, static_cast<std::size_t>(n));
    }
    ::close(in[1]);
    stage.join();
    ::close(in[0]);
    ::close(out[1]);
    ::close(out[0]);
    REQUIRE(in_time);
    REQUIRE_THAT(got, Catch::StartsWith(R"({"type":"FILL",)"));
    REQUIRE_THAT(got, Catch::Contains(R"("order_id":"o1")"));
    REQUIRE_THAT(got, Catch::Contains(R"("price":2507.05)"));
}

TEST_CASE("what arrives while lines keep coming goes out after the line it arrived during") {
    auto owned = std::make_unique<ClockBroker>();
    auto& fake = *owned;
    broker::ExecFilter filter(std::move(owned));
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    REQUIRE(proc.process(candle(4, 99, 99.5, 98, 99), 1, out));
    fake.arrive(live_fill());
    REQUIRE(proc.process(candle(5, 99, 99.5, 98, 99), 2, out));
    out.flush();
    const auto second = sink.text.find(candle(5, 99, 99.5, 98, 99));
    const auto fill = sink.text.find(R"("type":"FILL")");
    REQUIRE(fill != std::string::npos);
    REQUIRE(second < fill);
}

TEST_CASE("the broker is asked what is true once, after the history and before the first live line") {
    auto owned = std::make_unique<ClockBroker>();
    auto& fake = *owned;
    broker::ExecFilter filter(std::move(owned));
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    std::uint64_t n = 0;
    for (int m = 1; m <= 3; ++m)
        REQUIRE(proc.process(as_hist(candle(m, 99, 99.5, 98, 99)), ++n, out));
    REQUIRE(fake.reconciles == 0);
    for (int m = 4; m <= 5; ++m)
        REQUIRE(proc.process(candle(m, 99, 99.5, 98, 99), ++n, out));
    REQUIRE(fake.reconciles == 1);
    REQUIRE(fake.restored_before_reconcile == 3);  // restore rebuilt first; reconcile then asked
    REQUIRE(fake.reconciled_at == time::Timestamp::from_seconds(ts(3)));  // the history's end
    filter.on_end(out);
    REQUIRE(fake.reconciles == 1);

    // A run that is all history is reconciled at its end.
    auto owned2 = std::make_unique<ClockBroker>();
    auto& only_history = *owned2;
    broker::ExecFilter filter2(std::move(owned2));
    pipeline::LineProcessor proc2(filter2, bad);
    REQUIRE(proc2.process(as_hist(candle(1, 99, 99.5, 98, 99)), 1, out));
    REQUIRE(only_history.reconciles == 0);
    filter2.on_end(out);
    REQUIRE(only_history.reconciles == 1);
    REQUIRE(only_history.reconciled_at == time::Timestamp::from_seconds(ts(1)));
}
