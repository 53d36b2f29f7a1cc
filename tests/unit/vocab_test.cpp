// The trading vocabulary: every enum's one name table reads back what it writes, in the
// contract's spelling, and refuses what it does not know.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "vocab/exchange.hpp"
#include "vocab/exit_reason.hpp"
#include "vocab/instrument_kind.hpp"
#include "vocab/order_status.hpp"
#include "vocab/order_type.hpp"
#include "vocab/product.hpp"
#include "vocab/regime.hpp"
#include "vocab/side.hpp"

using namespace sos::vocab;

namespace {

// Every value's name parses back to the value; the names are distinct, upper case as the
// contract writes them, and in the table's order.
template <class E>
void round_trips(std::initializer_list<std::string_view> contract_names) {
    REQUIRE(kCount<E> == contract_names.size());
    std::set<std::string_view> seen;
    std::size_t i = 0;
    for (auto want : contract_names) {
        const E e = static_cast<E>(i++);
        CHECK(name(e) == want);
        CHECK(parse<E>(want) == e);
        CHECK(parse_any_case<E>(want) == e);
        seen.insert(name(e));
    }
    CHECK(seen.size() == kCount<E>);
    std::size_t n = 0;
    for (E e : all<E>())
        CHECK(static_cast<std::size_t>(e) == n++);
}

template <class E>
void refuses(std::initializer_list<std::string_view> unknown) {
    for (auto u : unknown) {
        INFO(u);
        CHECK_FALSE(parse<E>(u));
    }
}

}  // namespace

TEST_CASE("every side name reads back, and an unknown side is refused") {
    round_trips<Side>({"BUY", "SELL"});
    refuses<Side>({"", "buy", "B", "BUY ", "SHORT", "LONG"});
    CHECK(parse_any_case<Side>("buy") == Side::Buy);
    CHECK(opposite(Side::Buy) == Side::Sell);
    CHECK(sign(Side::Sell) == -1);
    CHECK(not_one_of<Side>("BYU") == "'BYU' is not one of BUY, SELL");
}

TEST_CASE("every order type name reads back, SL-M with its dash, and an unknown type is refused") {
    round_trips<OrderType>({"MARKET", "LIMIT", "SL", "SL-M"});
    refuses<OrderType>({"", "SLM", "SL_M", "STOP", "market ", "MKT"});
    CHECK(is_stop(OrderType::SlM));
    CHECK(is_stop(OrderType::Sl));
    CHECK_FALSE(is_stop(OrderType::Limit));
    CHECK(needs_limit_price(OrderType::Sl));
    CHECK_FALSE(needs_limit_price(OrderType::SlM));
    CHECK(needs_trigger_price(OrderType::SlM));
    CHECK_FALSE(needs_trigger_price(OrderType::Market));
}

TEST_CASE("every product name reads back, and an unknown product is refused") {
    round_trips<Product>({"MIS", "NRML", "CNC"});
    refuses<Product>({"", "BO", "CO", "INTRADAY"});
    CHECK(intraday(Product::Mis));
    CHECK_FALSE(intraday(Product::Nrml));
}

TEST_CASE("every order status name reads back, and an unknown status is refused") {
    round_trips<OrderStatus>(
        {"PENDING", "OPEN", "TRIGGER_PENDING", "COMPLETE", "CANCELLED", "REJECTED", "UNKNOWN"});
    refuses<OrderStatus>({"", "trigger pending", "FILLED", "CANCELED", "EXPIRED"});
    CHECK(is_final(OrderStatus::Complete));
    CHECK_FALSE(is_final(OrderStatus::Unknown));
    CHECK_FALSE(is_final(OrderStatus::TriggerPending));
}

TEST_CASE("every exit reason name reads back, and an unknown reason is refused") {
    round_trips<ExitReason>({"SL", "TP", "TRAIL", "EOD", "KILL", "MANUAL"});
    refuses<ExitReason>({"", "STOP", "TARGET", "TIME"});
}

TEST_CASE("the seven regimes read back in their order from most bearish to most bullish") {
    round_trips<Regime>({"COMPLETE_BEARISH", "BEARISH", "SIDEWAYS_BEARISH", "SIDEWAYS", "SIDEWAYS_BULLISH",
                         "BULLISH", "COMPLETE_BULLISH"});
    refuses<Regime>({"", "CONGESTION", "BULL", "SIDEWAYS-BULLISH", "COMPLETE BULLISH"});
    CHECK(kRegimeCount == 7);
    CHECK(parse_any_case<Regime>("sideways_bullish") == Regime::SidewaysBullish);
    CHECK_FALSE(parse_any_case<Regime>("sideways bullish"));
    CHECK(ordinal(Regime::CompleteBearish) == -3);
    CHECK(ordinal(Regime::CompleteBullish) == 3);
    CHECK(bullish_half(Regime::SidewaysBullish));
    CHECK_FALSE(bullish_half(Regime::Sideways));
    CHECK(bearish_half(Regime::SidewaysBearish));
}

TEST_CASE("every exchange name reads back, and an index's derivatives trade on its F&O segment") {
    round_trips<Exchange>({"NSE", "NFO", "CDS", "BSE", "BFO", "BCD", "MCX", "NCDEX", "NCO", "NSE_INDEX",
                           "BSE_INDEX", "MCX_INDEX", "GLOBAL_INDEX", "CRYPTO"});
    refuses<Exchange>({"", "nse ", "NSEINDEX", "NYSE"});
    CHECK(derivatives_exchange(Exchange::NseIndex) == Exchange::Nfo);
    CHECK(derivatives_exchange(Exchange::Nse) == Exchange::Nfo);
    CHECK(derivatives_exchange(Exchange::BseIndex) == Exchange::Bfo);
    CHECK(derivatives_exchange(Exchange::Mcx) == Exchange::Mcx);
}

TEST_CASE("an option's right reads back as CE or PE") {
    round_trips<OptionRight>({"CE", "PE"});
    refuses<OptionRight>({"", "C", "CALL", "ce "});
}
