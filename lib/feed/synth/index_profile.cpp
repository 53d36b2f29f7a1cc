#include "feed/synth/index_profile.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "feed/synth/rng.hpp"

namespace sos::feed::synth {

namespace {

using namespace std::string_view_literals;

// NIFTY 50 members, roughly by weight; symbols with characters awkward on a command line
// (M&M, BAJAJ-AUTO) are left out.
constexpr std::array kNifty = {
    "RELIANCE"sv,   "HDFCBANK"sv,   "ICICIBANK"sv,  "INFY"sv,       "TCS"sv,        "ITC"sv,
    "LT"sv,         "BHARTIARTL"sv, "SBIN"sv,       "KOTAKBANK"sv,  "AXISBANK"sv,   "HINDUNILVR"sv,
    "BAJFINANCE"sv, "MARUTI"sv,     "SUNPHARMA"sv,  "HCLTECH"sv,    "TATAMOTORS"sv, "NTPC"sv,
    "TITAN"sv,      "ASIANPAINT"sv, "ULTRACEMCO"sv, "POWERGRID"sv,  "TATASTEEL"sv,  "BAJAJFINSV"sv,
    "ONGC"sv,       "NESTLEIND"sv,  "ADANIENT"sv,   "ADANIPORTS"sv, "COALINDIA"sv,  "WIPRO"sv,
    "JSWSTEEL"sv,   "HINDALCO"sv,   "GRASIM"sv,     "TECHM"sv,      "INDUSINDBK"sv, "DRREDDY"sv,
    "CIPLA"sv,      "SBILIFE"sv,    "HDFCLIFE"sv,   "BRITANNIA"sv,  "EICHERMOT"sv,  "TATACONSUM"sv,
    "APOLLOHOSP"sv, "DIVISLAB"sv,   "HEROMOTOCO"sv, "BPCL"sv,       "LTIM"sv,       "SHRIRAMFIN"sv,
};

constexpr std::array kBankNifty = {
    "HDFCBANK"sv, "ICICIBANK"sv, "SBIN"sv,       "KOTAKBANK"sv,  "AXISBANK"sv, "INDUSINDBK"sv, "BANKBARODA"sv,
    "PNB"sv,      "CANBK"sv,     "FEDERALBNK"sv, "IDFCFIRSTB"sv, "AUBANK"sv,   "BANDHANBNK"sv,
};

constexpr std::array kFinNifty = {
    "HDFCBANK"sv, "ICICIBANK"sv,  "BAJFINANCE"sv, "SBIN"sv,     "KOTAKBANK"sv,
    "AXISBANK"sv, "BAJAJFINSV"sv, "SBILIFE"sv,    "HDFCLIFE"sv, "SHRIRAMFIN"sv,
    "CHOLAFIN"sv, "PFC"sv,        "RECLTD"sv,     "ICICIGI"sv,  "MUTHOOTFIN"sv,
};

constexpr std::array kMidcpNifty = {
    "PERSISTENT"sv, "DIXON"sv,      "COFORGE"sv, "HDFCAMC"sv, "INDHOTEL"sv, "LUPIN"sv,    "AUROPHARMA"sv,
    "CUMMINSIND"sv, "FEDERALBNK"sv, "VOLTAS"sv,  "POLYCAB"sv, "MPHASIS"sv,  "ASHOKLEY"sv, "IDFCFIRSTB"sv,
};

struct KnownPrice {
    std::string_view name;
    double price;
};

// Early-2024 prices, kept under 3000 (the synthetic range) where the real one is higher.
constexpr std::array kPrices = {
    KnownPrice{"RELIANCE", 2580},   KnownPrice{"HDFCBANK", 1660},   KnownPrice{"ICICIBANK", 990},
    KnownPrice{"INFY", 1550},       KnownPrice{"TCS", 2950},        KnownPrice{"ITC", 465},
    KnownPrice{"LT", 2900},         KnownPrice{"BHARTIARTL", 1030}, KnownPrice{"SBIN", 640},
    KnownPrice{"KOTAKBANK", 1850},  KnownPrice{"AXISBANK", 1120},   KnownPrice{"HINDUNILVR", 2560},
    KnownPrice{"BAJFINANCE", 2850}, KnownPrice{"MARUTI", 2800},     KnownPrice{"SUNPHARMA", 1270},
    KnownPrice{"HCLTECH", 1450},    KnownPrice{"TATAMOTORS", 780},  KnownPrice{"NTPC", 305},
    KnownPrice{"TITAN", 2780},      KnownPrice{"ASIANPAINT", 2990}, KnownPrice{"ULTRACEMCO", 2950},
    KnownPrice{"POWERGRID", 225},   KnownPrice{"TATASTEEL", 138},   KnownPrice{"BAJAJFINSV", 1640},
    KnownPrice{"ONGC", 210},        KnownPrice{"NESTLEIND", 2480},  KnownPrice{"ADANIENT", 2900},
    KnownPrice{"ADANIPORTS", 1040}, KnownPrice{"COALINDIA", 365},   KnownPrice{"WIPRO", 465},
    KnownPrice{"JSWSTEEL", 840},    KnownPrice{"HINDALCO", 590},    KnownPrice{"GRASIM", 2080},
    KnownPrice{"TECHM", 1300},      KnownPrice{"INDUSINDBK", 1600}, KnownPrice{"DRREDDY", 2900},
    KnownPrice{"CIPLA", 1240},      KnownPrice{"SBILIFE", 1420},    KnownPrice{"HDFCLIFE", 640},
    KnownPrice{"BRITANNIA", 2950},  KnownPrice{"EICHERMOT", 2950},  KnownPrice{"TATACONSUM", 1090},
    KnownPrice{"APOLLOHOSP", 2950}, KnownPrice{"DIVISLAB", 2900},   KnownPrice{"HEROMOTOCO", 2950},
    KnownPrice{"BPCL", 450},        KnownPrice{"LTIM", 2950},       KnownPrice{"SHRIRAMFIN", 2150},
    KnownPrice{"BANKBARODA", 235},  KnownPrice{"PNB", 105},         KnownPrice{"CANBK", 440},
    KnownPrice{"FEDERALBNK", 155},  KnownPrice{"IDFCFIRSTB", 100},  KnownPrice{"AUBANK", 760},
    KnownPrice{"BANDHANBNK", 240},
};

}  // namespace

IndexProfile index_profile(std::string_view symbol) {
    IndexProfile p;
    p.symbol = std::string(symbol);
    if (auto rule = options::expiry_rule_for(symbol)) p.expiry = *rule;
    if (symbol == "NIFTY") {
        p.chain_oi = 1.0e8;
        p.level_lo = 21000;
        p.level_hi = 24000;
        p.daily_vol = 0.0055;
        p.minute_volume = 250000;
        p.strike_step = 50;
        p.lot_size = 65;
        p.iv_over_vix = 1.0;
        p.names = kNifty;
    } else if (symbol == "BANKNIFTY") {
        p.chain_oi = 3.0e7;
        p.level_lo = 45000;
        p.level_hi = 50000;
        p.daily_vol = 0.007;
        p.minute_volume = 120000;
        p.strike_step = 100;
        p.lot_size = 30;
        p.iv_over_vix = 1.15;
        p.names = kBankNifty;
    } else if (symbol == "FINNIFTY") {
        p.chain_oi = 1.0e7;
        p.level_lo = 20000;
        p.level_hi = 22500;
        p.daily_vol = 0.0062;
        p.minute_volume = 40000;
        p.strike_step = 50;
        p.lot_size = 65;
        p.iv_over_vix = 1.05;
        p.names = kFinNifty;
    } else if (symbol == "MIDCPNIFTY") {
        p.chain_oi = 1.0e7;
        p.level_lo = 10000;
        p.level_hi = 12500;
        p.daily_vol = 0.0075;
        p.minute_volume = 30000;
        p.strike_step = 25;
        p.lot_size = 140;
        p.iv_over_vix = 1.2;
        p.names = kMidcpNifty;
    }
    return p;
}

std::vector<std::string> constituent_names(const IndexProfile& index, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        if (static_cast<std::size_t>(i) < index.names.size())
            out.emplace_back(index.names[i]);
        else
            out.push_back(index.symbol + "EQ" + std::to_string(i + 1));
    }
    return out;
}

double reference_price(std::string_view stock) {
    for (const auto& k : kPrices)
        if (k.name == stock) return k.price;
    // Log-uniform over 100..3000, fixed by the name.
    double u = unit_interval(hash_mix(hash_name(stock)));
    return 100 * std::exp(u * std::log(30.0));
}

}  // namespace sos::feed::synth
