// Settling live orders from the broker's books: trade-book rows become fills once each (no
// trade id: a row is its order id, quantity, price and time), a restart's known fills are not
// written again, and an unanswered placement is recognised in the order book by what was sent,
// never by a row another order claimed.
#include <catch2/catch.hpp>

#include "broker/live/book_match.hpp"
#include "broker/live/fill_ledger.hpp"

using namespace sos;
using namespace sos::broker::live;

namespace {

openalgo::BookTrade trade(std::string id, std::int64_t qty, std::int64_t paise, std::string at) {
    return openalgo::BookTrade{std::move(id), qty, money::Paise{paise}, std::move(at)};
}

openalgo::PlaceOrder sent_market(std::int64_t qty = 65) {
    openalgo::PlaceOrder p;
    p.strategy = "S0123456789abcdef00";
    p.exchange = vocab::Exchange::Nfo;
    p.symbol = "NIFTY28AUG2524800CE";
    p.action = vocab::Side::Buy;
    p.quantity = qty;
    return p;
}

openalgo::BookOrder row(std::string id, const openalgo::PlaceOrder& p) {
    openalgo::BookOrder r;
    r.orderid = std::move(id);
    r.symbol = p.symbol;
    r.exchange = "NFO";
    r.action = p.action;
    r.quantity = p.quantity;
    r.pricetype = p.pricetype;
    r.status = vocab::OrderStatus::Open;
    return r;
}

}  // namespace

TEST_CASE("fill ledger: a row read again is not a new fill") {
    FillLedger l;
    const std::vector book{trade("1", 65, 10005, "22-Aug-2025 09:15:03")};
    CHECK(l.take_new(book).size() == 1);
    CHECK(l.take_new(book).empty());
    CHECK(l.filled("1") == 65);
}

TEST_CASE("fill ledger: two identical fills in one book are two fills") {
    FillLedger l;
    const auto t = trade("1", 65, 10005, "22-Aug-2025 09:15:03");
    CHECK(l.take_new({t}).size() == 1);
    CHECK(l.take_new({t, t}).size() == 1);  // the second one is new
    CHECK(l.filled("1") == 130);
}

TEST_CASE("fill ledger: partial fills arrive over polls, in any order") {
    FillLedger l;
    const auto a = trade("7", 65, 10000, "22-Aug-2025 09:15:03");
    const auto b = trade("7", 65, 10010, "22-Aug-2025 09:15:04");
    CHECK(l.take_new({a}).size() == 1);
    const auto fresh = l.take_new({b, a});
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].price == money::Paise{10010});
    CHECK(l.filled("7") == 130);
    CHECK(l.filled("8") == 0);
}

TEST_CASE("fill ledger: fills known before a restart are not written again") {
    FillLedger l;
    l.seed("7", 65);
    const auto a = trade("7", 65, 10000, "22-Aug-2025 09:15:03");
    const auto b = trade("7", 65, 10010, "22-Aug-2025 09:15:04");
    const auto fresh = l.take_new({a, b});
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].price == money::Paise{10010});
    CHECK(l.filled("7") == 130);
}

TEST_CASE("book match: an unanswered placement is found by what was sent") {
    const auto p = sent_market();
    std::set<std::string, std::less<>> claimed;
    CHECK(match_unknown(p, {row("1", p)}, claimed) == std::optional<std::string>("1"));
}

TEST_CASE("book match: a row another order claimed is never taken") {
    const auto p = sent_market();
    std::set<std::string, std::less<>> claimed{"1"};
    CHECK(match_unknown(p, {row("1", p), row("2", p)}, claimed) == std::optional<std::string>("2"));
    claimed.insert("2");
    CHECK_FALSE(match_unknown(p, {row("1", p), row("2", p)}, claimed));
}

TEST_CASE("book match: a different quantity, side, type or price is another order") {
    const auto p = sent_market();
    std::set<std::string, std::less<>> none;
    auto other = row("1", p);
    other.quantity = 130;
    CHECK_FALSE(match_unknown(p, {other}, none));
    other = row("1", p);
    other.action = vocab::Side::Sell;
    CHECK_FALSE(match_unknown(p, {other}, none));
    other = row("1", p);
    other.pricetype = vocab::OrderType::Limit;
    other.price = money::Paise{10000};
    CHECK_FALSE(match_unknown(p, {other}, none));
    other = row("1", p);
    other.exchange = "NSE";
    CHECK_FALSE(match_unknown(p, {other}, none));
}
