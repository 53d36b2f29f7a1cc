#include "options/structures.hpp"

#include <string>

namespace sos::options {

namespace {

constexpr auto B = vocab::Side::Buy, S = vocab::Side::Sell;
constexpr auto CE = vocab::OptionRight::Call, PE = vocab::OptionRight::Put;

event::StructureLeg leg(vocab::Side action, vocab::OptionRight type, const char* offset, int expiry = 0) {
    return event::StructureLeg{action, type, offset, expiry};
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

vocab::Side structure_side(std::string_view s) {
    if (s == "RISK_REVERSAL" || s == "CALENDAR_DIAGONAL") return vocab::Side::Buy;
    return vocab::Side::Sell;
}

std::vector<event::StructureLeg> default_legs(std::string_view s, vocab::Side side) {
    if (s == "SHORT_STRADDLE") return {leg(S, CE, "ATM"), leg(S, PE, "ATM")};
    if (s == "SHORT_STRANGLE") return {leg(S, CE, "OTM1"), leg(S, PE, "OTM1")};
    if (s == "IRON_CONDOR")
        return {leg(B, PE, "OTM2"), leg(S, PE, "OTM1"), leg(S, CE, "OTM1"), leg(B, CE, "OTM2")};
    if (s == "BULL_PUT_SPREAD") return {leg(B, PE, "OTM2"), leg(S, PE, "OTM1")};
    if (s == "BEAR_CALL_SPREAD") return {leg(B, CE, "OTM2"), leg(S, CE, "OTM1")};
    if (s == "JADE_LIZARD") return {leg(S, PE, "OTM1"), leg(S, CE, "OTM1"), leg(B, CE, "OTM3")};
    if (s == "RISK_REVERSAL") {
        if (side == vocab::Side::Sell) return {leg(S, CE, "OTM1"), leg(B, PE, "OTM1"), leg(B, CE, "OTM3")};
        return {leg(S, PE, "OTM1"), leg(B, CE, "OTM1"), leg(B, PE, "OTM3")};
    }
    if (s == "CALENDAR_DIAGONAL") return {leg(S, CE, "ATM", 0), leg(B, CE, "ATM", 1)};
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

}  // namespace sos::options
