// The structure table, in its one place: the default legs sos-match fills in and sos-risk sizes
// from (spec/trading.md), the side each structure implies, and the strike offsets a leg names.
#include <catch2/catch.hpp>

#include "options/structures.hpp"

using namespace sos;
using options::default_legs;
using vocab::OptionRight;
using vocab::Side;

namespace {

std::string legs_text(const std::vector<event::StructureLeg>& legs) {
    std::string out;
    for (const auto& l : legs)
        out += std::string(vocab::name(l.action)) + " " + std::string(vocab::name(l.option_type)) + " " +
               l.offset + (l.expiry_offset ? "+" + std::to_string(l.expiry_offset) : "") + "; ";
    return out;
}

}  // namespace

TEST_CASE("every known structure has the default legs of the structure table") {
    CHECK(legs_text(default_legs("SHORT_STRADDLE", Side::Sell)) == "SELL CE ATM; SELL PE ATM; ");
    CHECK(legs_text(default_legs("SHORT_STRANGLE", Side::Sell)) == "SELL CE OTM1; SELL PE OTM1; ");
    CHECK(legs_text(default_legs("IRON_CONDOR", Side::Sell)) ==
          "BUY PE OTM2; SELL PE OTM1; SELL CE OTM1; BUY CE OTM2; ");
    CHECK(legs_text(default_legs("BULL_PUT_SPREAD", Side::Sell)) == "BUY PE OTM2; SELL PE OTM1; ");
    CHECK(legs_text(default_legs("BEAR_CALL_SPREAD", Side::Sell)) == "BUY CE OTM2; SELL CE OTM1; ");
    CHECK(legs_text(default_legs("JADE_LIZARD", Side::Sell)) == "SELL PE OTM1; SELL CE OTM1; BUY CE OTM3; ");
    CHECK(legs_text(default_legs("CALENDAR_DIAGONAL", Side::Buy)) == "SELL CE ATM; BUY CE ATM+1; ");
    for (auto name : options::structure_names()) {
        INFO(name);
        CHECK(options::is_structure(name));
        CHECK_FALSE(default_legs(name, options::structure_side(name)).empty());
    }
}

TEST_CASE("a risk reversal's side picks its mirror, and an unknown structure has no legs") {
    CHECK(legs_text(default_legs("RISK_REVERSAL", Side::Buy)) == "SELL PE OTM1; BUY CE OTM1; BUY PE OTM3; ");
    CHECK(legs_text(default_legs("RISK_REVERSAL", Side::Sell)) == "SELL CE OTM1; BUY PE OTM1; BUY CE OTM3; ");
    CHECK(default_legs("BUTTERFLY", Side::Buy).empty());
    CHECK_FALSE(options::is_structure("iron_condor"));  // names are the contract's, upper case
    CHECK(options::structure_side("IRON_CONDOR") == Side::Sell);
    CHECK(options::structure_side("RISK_REVERSAL") == Side::Buy);
}

TEST_CASE("a leg's offset is ATM, OTMk or ITMk with k from 1 to 99") {
    for (const char* ok : {"ATM", "OTM1", "ITM3", "OTM12", "ITM99"}) {
        INFO(ok);
        CHECK(options::is_offset(ok));
    }
    for (const char* bad : {"", "atm", "OTM", "OTM0", "OTM01", "ITM100", "OTM1A", "NTM1"}) {
        INFO(bad);
        CHECK_FALSE(options::is_offset(bad));
    }
}
