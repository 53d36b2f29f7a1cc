#include "strategy/structures.hpp"

#include <string>

namespace sos::strategy {

namespace {

Leg leg(const char* action, const char* type, const char* offset, int expiry = 0) {
    return Leg{action, type, offset, expiry};
}

}  // namespace

const std::vector<std::string_view>& structure_names() {
    static const std::vector<std::string_view> names = {
        "SHORT_STRADDLE",   "SHORT_STRANGLE", "IRON_CONDOR",   "BULL_PUT_SPREAD",
        "BEAR_CALL_SPREAD", "JADE_LIZARD",    "RISK_REVERSAL", "CALENDAR_DIAGONAL",
    };
    return names;
}

bool is_structure(std::string_view name) {
    for (auto n : structure_names())
        if (n == name) return true;
    return false;
}

Side structure_side(std::string_view s) {
    if (s == "RISK_REVERSAL" || s == "CALENDAR_DIAGONAL") return Side::Buy;
    return Side::Sell;
}

std::vector<Leg> default_legs(std::string_view s, Side side) {
    if (s == "SHORT_STRADDLE") return {leg("SELL", "CE", "ATM"), leg("SELL", "PE", "ATM")};
    if (s == "SHORT_STRANGLE") return {leg("SELL", "CE", "OTM1"), leg("SELL", "PE", "OTM1")};
    if (s == "IRON_CONDOR")
        return {leg("BUY", "PE", "OTM2"), leg("SELL", "PE", "OTM1"), leg("SELL", "CE", "OTM1"),
                leg("BUY", "CE", "OTM2")};
    if (s == "BULL_PUT_SPREAD") return {leg("BUY", "PE", "OTM2"), leg("SELL", "PE", "OTM1")};
    if (s == "BEAR_CALL_SPREAD") return {leg("BUY", "CE", "OTM2"), leg("SELL", "CE", "OTM1")};
    if (s == "JADE_LIZARD")
        return {leg("SELL", "PE", "OTM1"), leg("SELL", "CE", "OTM1"), leg("BUY", "CE", "OTM3")};
    if (s == "RISK_REVERSAL") {
        if (side == Side::Sell)
            return {leg("SELL", "CE", "OTM1"), leg("BUY", "PE", "OTM1"), leg("BUY", "CE", "OTM3")};
        return {leg("SELL", "PE", "OTM1"), leg("BUY", "CE", "OTM1"), leg("BUY", "PE", "OTM3")};
    }
    if (s == "CALENDAR_DIAGONAL") return {leg("SELL", "CE", "ATM", 0), leg("BUY", "CE", "ATM", 1)};
    return {};
}

bool is_offset(std::string_view s) {
    if (s == "ATM") return true;
    if (s.size() < 4 || (s.substr(0, 3) != "OTM" && s.substr(0, 3) != "ITM")) return false;
    std::string_view k = s.substr(3);
    if (k.size() > 2 || k[0] == '0') return false;
    for (char c : k)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace sos::strategy
