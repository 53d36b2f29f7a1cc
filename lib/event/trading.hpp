// Decisions and trading messages: regimes, signals, orders and their outcomes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event/market.hpp"
#include "event/operations.hpp"
#include "time/timestamp.hpp"
#include "vocab/exit_reason.hpp"
#include "vocab/instrument_kind.hpp"
#include "vocab/order_status.hpp"
#include "vocab/order_type.hpp"
#include "vocab/product.hpp"
#include "vocab/side.hpp"

namespace sos::event {

struct RegimeUpdate {
    vocab::Regime regime = vocab::Regime::Sideways;
    OptNum score;
    std::vector<std::string> flags;
    bool changed = false;
    std::string inputs_json;  // the figures the regime model used, kept as written
};

struct StructureLeg {
    vocab::Side action = vocab::Side::Buy;
    vocab::OptionRight option_type = vocab::OptionRight::Call;
    std::string offset;  // ATM, OTM2, ITM1
    int expiry_offset = 0;
};

// The execution figures a SIGNAL carries; a match-stage REJECT carries the same.
struct SignalFields {
    std::string pattern_id;
    std::string kind = "pattern";     // pattern | options
    std::optional<vocab::Side> side;  // required on a SIGNAL
    std::optional<time::Timeframe> tf;
    std::optional<time::Timestamp> candle_ts;
    OptNum entry, sl, tp, risk, tp_mult, quantity_mod;
    std::optional<vocab::Regime> regime;  // null while no regime had arrived
    std::vector<std::pair<std::string, OptNum>> vars;
    OptNum score;
    std::optional<std::string> structure;
    std::vector<StructureLeg> legs;
    OptNum trail;  // trailing distance on the underlying, when the strategy's regime asks for one
};

struct Signal {
    std::string id;
    SignalFields f;
    // A manual signal (sos-ctl signal): the quantity asked for, a cap that sizing still lowers,
    // and who asked.
    std::optional<std::int64_t> qty;
    Asker asked;
};

struct OrderLeg {
    std::string symbol;
    vocab::Side action = vocab::Side::Buy;
    std::optional<vocab::OptionRight> option_type;
    std::string offset;
    int expiry_offset = 0;
    std::int64_t qty = 0;
};

struct Order {
    std::string id;
    std::string signal_id;
    std::optional<time::Timeframe> tf;
    std::optional<vocab::Side> side;  // required unless the order is legs
    std::int64_t qty = 0;
    vocab::OrderType order_type = vocab::OrderType::Market;
    OptNum price, trigger_price, sl, tp;
    vocab::Product product = vocab::Product::Mis;
    std::string strategy;
    std::string route;
    std::vector<OrderLeg> legs;
    // sos extensions: the symbol whose candles trigger the entry and exits (an index signal
    // traded as its ATM option triggers on the index), the direction on it, and the
    // trailing distance (absent: no trailing).
    std::string underlying;
    std::optional<vocab::Side> signal_side;
    OptNum trail;
    std::string sizing_json;  // what each sizing step did, as sos-risk wrote it
};

struct Reject {
    std::string stage;  // match | risk | exec
    std::string ref;
    std::string reason;
    std::string detail;
    bool has_signal_fields = false;
    SignalFields f;
};

struct OrderUpdate {
    std::string id;
    std::string broker_order_id;
    vocab::OrderStatus status = vocab::OrderStatus::Pending;
    std::int64_t filled_qty = 0;
    OptNum avg_price;
    std::string message;
};

struct Fill {
    std::string order_id;
    vocab::Side side = vocab::Side::Buy;
    std::int64_t qty = 0;
    double price = 0;
    OptNum fees;
};

struct Exit {
    std::string order_id;
    vocab::ExitReason reason = vocab::ExitReason::Sl;
    double price = 0;
    std::int64_t qty = 0;
    double pnl = 0;
};

struct Position {
    std::int64_t qty = 0;  // signed
    double avg_price = 0;
    double realized_pnl = 0;
    double unrealized_pnl = 0;
};

}  // namespace sos::event
