// placeorder bodies: only the documented fields, the prices each pricetype needs and no other,
// exact decimals from paise, the key first (and only where it is asked for).
#include <catch2/catch.hpp>

#include "openalgo/order_requests.hpp"

using namespace sos;
using openalgo::PlaceOrder;

namespace {

PlaceOrder order(vocab::OrderType t) {
    PlaceOrder o;
    o.strategy = "S0123456789abcdef00";
    o.exchange = vocab::Exchange::Nfo;
    o.symbol = "NIFTY08JAN2421700CE";
    o.action = vocab::Side::Buy;
    o.quantity = 65;
    o.pricetype = t;
    o.product = vocab::Product::Mis;
    if (vocab::needs_limit_price(t)) o.price = money::Paise{12305};
    if (vocab::needs_trigger_price(t)) o.trigger_price = money::Paise{12000};
    return o;
}

}  // namespace

TEST_CASE("placeorder MARKET carries neither price") {
    const auto o = order(vocab::OrderType::Market);
    CHECK_FALSE(openalgo::placeorder_problem(o));
    CHECK(openalgo::encode_placeorder("k", o) ==
          R"({"apikey":"k","strategy":"S0123456789abcdef00","exchange":"NFO","symbol":"NIFTY08JAN2421700CE",)"
          R"("action":"BUY","quantity":65,"pricetype":"MARKET","product":"MIS"})");
}

TEST_CASE("placeorder LIMIT, SL and SL-M carry the prices their type needs, exactly") {
    CHECK(openalgo::encode_placeorder("k", order(vocab::OrderType::Limit))
              .ends_with(R"("pricetype":"LIMIT","product":"MIS","price":123.05})"));
    CHECK(openalgo::encode_placeorder("k", order(vocab::OrderType::Sl))
              .ends_with(R"("pricetype":"SL","product":"MIS","price":123.05,"trigger_price":120.00})"));
    CHECK(openalgo::encode_placeorder("k", order(vocab::OrderType::SlM))
              .ends_with(R"("pricetype":"SL-M","product":"MIS","trigger_price":120.00})"));
}

TEST_CASE("placeorder problems: missing or stray prices, no quantity") {
    auto o = order(vocab::OrderType::Limit);
    o.price.reset();
    CHECK(openalgo::placeorder_problem(o) == "LIMIT needs price");
    o = order(vocab::OrderType::Market);
    o.trigger_price = money::Paise{100};
    CHECK(openalgo::placeorder_problem(o) == "MARKET carries no trigger_price");
    o = order(vocab::OrderType::SlM);
    o.trigger_price.reset();
    CHECK(openalgo::placeorder_problem(o) == "SL-M needs trigger_price");
    o = order(vocab::OrderType::Market);
    o.quantity = 0;
    CHECK(openalgo::placeorder_problem(o) == "quantity must be above zero");
    o = order(vocab::OrderType::Sl);
    o.price = money::Paise{-5};
    CHECK(openalgo::placeorder_problem(o) == "prices are not negative");
}

TEST_CASE("placeorder fields without the key") {
    std::string out;
    event::JsonWriter w(out);
    openalgo::write_placeorder_fields(w, order(vocab::OrderType::Market));
    w.finish_line();
    CHECK(out.find("apikey") == std::string::npos);
    CHECK(out.starts_with(R"({"strategy":"S0123456789abcdef00",)"));
}
