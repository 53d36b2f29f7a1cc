// Trades in the journal: money stored exactly in paise, the executor's mode, and the trades
// view that links a signal to its order and an order to its fills and exits.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "journal/trades.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;

namespace {

std::string fill(const std::string& order, const std::string& symbol, const char* side, int qty,
                 const std::string& price, const std::string& fees, long ts, const char* extra = "") {
    return fmt::format(
        R"({{"type":"FILL","timestamp":{},"symbol":"{}","order_id":"{}","side":"{}","qty":{},"price":{},"fees":{},"mode":"paper"{}}})",
        ts, symbol, order, side, qty, price, fees, extra);
}

std::string order(const std::string& id, const std::string& signal, const std::string& symbol,
                  const char* side, int qty, long ts, const char* strategy = "S") {
    return fmt::format(
        R"({{"type":"ORDER","timestamp":{},"symbol":"{}","id":"{}","signal_id":"{}","side":"{}","qty":{},"order_type":"SL","trigger_price":100,"sl":98,"tp":104,"product":"MIS","strategy":"{}"}})",
        ts, symbol, id, signal, side, qty, strategy);
}

std::string signal(const std::string& id, const char* pattern, const std::string& symbol, long ts) {
    return fmt::format(
        R"({{"type":"SIGNAL","timestamp":{},"symbol":"{}","id":"{}","pattern_id":"{}","side":"BUY","tf":"1m","candle_ts":{},"entry":100,"sl":97.5,"tp":105,"risk":2.5,"tp_mult":2,"quantity_mod":1,"regime":"BULLISH"}})",
        ts, symbol, id, pattern, ts - 60);
}

std::string exit_line(const std::string& order, const std::string& symbol, const char* reason,
                      const std::string& price, int qty, const std::string& pnl, long ts) {
    return fmt::format(
        R"({{"type":"EXIT","timestamp":{},"symbol":"{}","order_id":"{}","reason":"{}","price":{},"qty":{},"pnl":{},"mode":"paper"}})",
        ts, symbol, order, reason, price, qty, pnl);
}

constexpr long kT = 1704686400;  // 2024-01-08 09:30 IST

}  // namespace

TEST_CASE("fill prices fees and P&L are stored as exact paise") {
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"));
        append(*store, fill("o1", "NIFTY", "BUY", 65, "21700.05", "23.61", kT));
        // A thousand fees of ten paise: a sum of floating-point rupees would not be 100.00.
        for (int i = 0; i < 1000; ++i)
            append(*store, fill("o2", "X", "BUY", 1, "0.1", "0.1", kT + 1));
        append(*store, exit_line("o1", "NIFTY", "TP", "21710.05", 65, "603.39", kT + 2));
        append(
            *store,
            R"({"type":"POSITION","timestamp":1704686403,"symbol":"NIFTY","qty":3,"avg_price":100.3333333,"realized_pnl":-0.07,"unrealized_pnl":1234567.89,"mode":"live"})");
    }
    Reader r(dir.file("j.db"));
    REQUIRE(r.count("SELECT price_paise FROM fills WHERE order_id = 'o1'") == 2170005);
    REQUIRE(r.count("SELECT fees_paise FROM fills WHERE order_id = 'o1'") == 2361);
    REQUIRE(r.count("SELECT sum(fees_paise) FROM fills WHERE order_id = 'o2'") == 10000);
    REQUIRE(r.text("SELECT typeof(fees_paise) FROM fills LIMIT 1") == "integer");
    REQUIRE(r.count("SELECT pnl_paise FROM exits") == 60339);
    REQUIRE(r.count("SELECT price_paise FROM exits") == 2171005);
    // An average price is not a whole number of paise: rounded to the nearest, exact in raw.
    REQUIRE(r.count("SELECT avg_price_paise FROM positions") == 10033);
    REQUIRE(r.count("SELECT realized_pnl_paise FROM positions") == -7);
    REQUIRE(r.count("SELECT unrealized_pnl_paise FROM positions") == 123456789);
    REQUIRE(r.text("SELECT mode FROM positions") == "live");
    REQUIRE(r.count("SELECT count(*) FROM fills WHERE mode = 'paper'") == 1001);
}

TEST_CASE("fields the journal does not know stay in the raw line") {
    TempDir dir;
    const std::string line = fill("o1", "NIFTY", "BUY", 65, "100", "1", kT, R"(,"broker_trade_id":"T-77")");
    { append(*make_store(dir.file("j.db")), line); }
    Reader r(dir.file("j.db"));
    REQUIRE(r.text("SELECT line FROM raw") == line);
    REQUIRE(r.count("SELECT count(*) FROM fills WHERE raw_id = (SELECT id FROM raw)") == 1);
}

TEST_CASE("the trades view links a signal to its order and the order to its fills and exits") {
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"));
        append(*store, signal("sig-1", "ORB", "NIFTY", kT));
        append(*store, order("o1", "sig-1", "NIFTY", "BUY", 50, kT));
        append(*store, fill("o1", "NIFTY", "BUY", 50, "100.05", "10.5", kT + 60));
        append(*store, fill("o1", "NIFTY", "SELL", 50, "104", "11.25", kT + 960));
        append(*store, exit_line("o1", "NIFTY", "TP", "104", 50, "175.75", kT + 960));
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const auto trades = load_trades(db, 1);
    REQUIRE(trades.size() == 1);
    const Trade& t = trades[0];
    REQUIRE(t.order_id == "o1");
    REQUIRE(t.signal_id == "sig-1");
    REQUIRE(t.strategy == "ORB");  // the signal's pattern_id, not the order's "S"
    REQUIRE(t.side == "BUY");
    REQUIRE(t.mode == "paper");
    REQUIRE(t.qty == 50);
    REQUIRE(t.closed);
    // (104.00 - 100.05) x 50 = 197.50 gross; less 10.50 and 11.25 of fees.
    REQUIRE(t.gross_paise == 19750);
    REQUIRE(t.fees_paise == 2175);
    REQUIRE(t.pnl_paise == 17575);
    REQUIRE(t.reported_pnl_paise == 17575);
    // R = |100 - 97.5| x 50 = 125.00 from the signal.
    REQUIRE(t.risk_paise == 12500);
    REQUIRE(t.r_multiple() == Approx(1.406));
    REQUIRE(*t.exit_ts - t.entry_ts == 900);
    REQUIRE(t.exit_reasons == "TP");
    Statement s = db.prepare("SELECT entry_price, exit_price, hold_s FROM trades");
    REQUIRE(s.step());
    REQUIRE(s.column_real(0) == Approx(100.05));
    REQUIRE(s.column_real(1) == Approx(104.0));
    REQUIRE(s.column_real(2) == 900);
}

TEST_CASE("partial fills and the legs of a structure make one trade") {
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"));
        append(*store, order("p1", "none", "INFY", "SELL", 30, kT, "FADE"));
        append(*store, fill("p1", "INFY", "SELL", 10, "1500.10", "1", kT + 60));
        append(*store, fill("p1", "INFY", "SELL", 20, "1500.25", "2", kT + 120));
        append(*store, fill("p1", "INFY", "BUY", 30, "1490", "3", kT + 600));
        // A two-leg structure under one order id: SELL the CE, BUY the further CE.
        append(*store, order("st1", "none", "NIFTY", "SELL", 65, kT, "SPREAD"));
        append(*store, fill("st1", "NIFTY24JAN22000CE", "BUY", 65, "50", "5", kT + 60));
        append(*store, fill("st1", "NIFTY24JAN21900CE", "SELL", 65, "90", "5", kT + 60));
        append(*store, fill("st1", "NIFTY24JAN22000CE", "SELL", 65, "40", "5", kT + 900));
        append(*store, fill("st1", "NIFTY24JAN21900CE", "BUY", 65, "70", "5", kT + 900));
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const auto trades = load_trades(db, 1);
    REQUIRE(trades.size() == 2);
    const Trade& p = trades[0].order_id == "p1" ? trades[0] : trades[1];
    const Trade& st = trades[0].order_id == "p1" ? trades[1] : trades[0];
    REQUIRE(p.strategy == "FADE");  // no signal: the order's strategy
    REQUIRE(p.side == "SELL");
    REQUIRE(p.qty == 30);
    // Sold 10 @ 1500.10 and 20 @ 1500.25 = 45006.00, bought back 30 @ 1490 = 44700.00.
    REQUIRE(p.gross_paise == 30600);
    REQUIRE(p.pnl_paise == 30000);
    REQUIRE(st.legs == 2);
    REQUIRE(st.closed);
    // Long leg: (40 - 50) x 65 = -650; short leg: (90 - 70) x 65 = +1300.
    REQUIRE(st.gross_paise == 65000);
    REQUIRE(st.fees_paise == 2000);
    REQUIRE(st.pnl_paise == 63000);
}

TEST_CASE("an open trade has no P&L and history is never a trade") {
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"));
        append(*store, order("o1", "s", "NIFTY", "BUY", 10, kT));
        append(*store, fill("o1", "NIFTY", "BUY", 10, "100", "1", kT + 60));
        append(*store, fill("o1", "NIFTY", "SELL", 4, "101", "1", kT + 120));  // partly closed
        append(*store, fill("old", "NIFTY", "BUY", 10, "100", "1", kT, R"(,"hist":true)"));
        append(*store, fill("old", "NIFTY", "SELL", 10, "110", "1", kT + 1, R"(,"hist":true)"));
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const auto trades = load_trades(db, 1);
    REQUIRE(trades.size() == 1);
    REQUIRE_FALSE(trades[0].closed);
    REQUIRE_FALSE(trades[0].pnl_paise);
    REQUIRE_FALSE(trades[0].exit_ts);
    REQUIRE(trades[0].fees_paise == 200);
}

TEST_CASE("an EXIT whose pnl differs from its fills is kept beside the journal's figure") {
    TempDir dir;
    {
        auto store = make_store(dir.file("j.db"));
        append(*store, fill("o1", "NIFTY", "BUY", 10, "100", "0", kT));
        append(*store, fill("o1", "NIFTY", "SELL", 10, "101", "0", kT + 60));
        append(*store, exit_line("o1", "NIFTY", "TP", "101", 10, "9.99", kT + 60));
    }
    auto db = open_journal(dir.file("j.db"), Access::Read);
    const auto trades = load_trades(db, 1);
    REQUIRE(trades.at(0).pnl_paise == 1000);
    REQUIRE(trades.at(0).reported_pnl_paise == 999);
    REQUIRE(trades.at(0).strategy == "?");
}
