// What an OpenAlgo WebSocket server sends (websocket_proxy/server.py, as
// shared/reference/openalgo.md §2 describes it), as typed values. The shapes follow the code,
// not OpenAlgo's older docs: there is no "instruments" list and error frames have no "type".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/market.hpp"
#include "time/timestamp.hpp"

namespace sos::openalgo {

// The subscription modes: 1 LTP, 2 Quote (the server's default), 3 Depth.
enum class Mode : std::uint8_t { Ltp = 1, Quote = 2, Depth = 3 };

std::string_view mode_label(Mode m);  // "LTP", "Quote", "Depth"
// A label in any case ("quote"), or the number as text ("2").
std::optional<Mode> parse_mode(std::string_view text);

struct Instrument {
    std::string symbol;
    std::string exchange;
    bool operator==(const Instrument&) const = default;
};

// One market_data frame's payload. Fields the adapter did not send are absent, never zero.
struct LiveTick {
    double ltp = 0;
    // The exchange's trade time, from epoch seconds or milliseconds (by magnitude: Zerodha sends
    // seconds, Angel milliseconds). Absent when the adapter sent none (or 0).
    std::optional<time::Timestamp> ltt;
    // data.timestamp: when the broker adapter received the tick (not the exchange's time).
    std::optional<time::Timestamp> adapter_time;
    event::OptNum volume;  // cumulative for the day
    event::OptNum oi;
    event::OptNum bid, ask, bid_qty, ask_qty;  // flat fields, or the best level of `depth`
    event::OptNum last_qty;                    // last_quantity (Zerodha) or last_trade_quantity (Angel)
};

struct MarketData {
    std::string symbol;
    std::string exchange;
    std::optional<Mode>
        mode;  // the mode this client subscribed at (a Depth tick reaches LTP subscribers too)
    std::string broker;
    LiveTick tick;
};

// The server's error codes (§2.2 "Errors"); Other keeps the text in ServerError::code_text.
enum class ErrorCode : std::uint8_t {
    AuthenticationError,
    NotAuthenticated,
    BrokerError,
    BrokerInitError,
    BrokerConnectionError,
    InvalidMode,
    InvalidParameters,
    InvalidAction,
    InvalidJson,
    ServerError,
    ProcessingError,
    BrokerListError,
    Other,
};
ErrorCode parse_error_code(std::string_view code);

// {"status":"error","code":..,"message":..}: a refusal or a broker fault, never fatal.
struct ServerError {
    ErrorCode code = ErrorCode::Other;
    std::string code_text;
    std::string message;
};

// The answer to authenticate. A failure arrives as an AUTHENTICATION_ERROR error frame (no
// type); it is decoded here, not as a ServerError, so a caller has one place to look.
struct AuthAck {
    bool ok = false;
    std::string broker;
    std::string user_id;
    std::string message;
};

enum class AckStatus : std::uint8_t { Success, Partial, Error };

struct SymbolStatus {
    std::string symbol;
    std::string exchange;
    bool ok = false;
    std::string message;       // the reason, when refused
    std::optional<Mode> mode;  // as granted
    std::optional<int> depth;  // the depth level the adapter really gives
};

struct SubscribeAck {
    AckStatus status = AckStatus::Error;
    std::string message;
    std::string request_id;  // echoed only if one was sent
    std::vector<SymbolStatus> symbols;
};

struct UnsubscribeAck {
    AckStatus status = AckStatus::Error;
    std::string message;
    std::string request_id;
    std::vector<Instrument> successful;
    std::vector<Instrument> failed;
};

// An order_update frame (after subscribe_orders). Words are kept as OpenAlgo writes them
// ("BUY", "MIS", "trigger pending"): the contract's enumerations are mapped where orders are
// handled. Updates may arrive twice (broker feed and postback): deduplicate on orderid,
// order_status and filled_quantity.
struct OrderUpdateFrame {
    std::string orderid;
    std::string symbol;
    std::string exchange;
    std::string action;
    std::string pricetype;
    std::string product;
    std::string order_status;
    std::string rejection_reason;
    std::string mode;  // "live" or "analyze"
    std::string broker;
    event::OptNum quantity, price, trigger_price, filled_quantity, pending_quantity, average_price;
};

struct Pong {
    std::optional<std::int64_t> server_ms;
    std::optional<std::int64_t> client_ms;
    std::string ping_id;  // as sent, string or number text
};

enum class FrameKind : std::uint8_t {
    MarketData,
    AuthAck,
    SubscribeAck,
    UnsubscribeAck,
    OrderUpdate,
    Pong,
    ServerError,
    OtherAck,  // subscribe_orders, unsubscribe_orders, broker_info, supported_brokers: nothing to act on
    Bad,
};

enum class BadReason : std::uint8_t { NotJson, NotObject, NoType, UnknownType, Missing, Invalid };

// A frame that could not be read: reported and skipped, never fatal.
struct BadFrame {
    BadReason reason = BadReason::NotJson;
    std::string type;    // the frame's type, when it had one
    std::string field;   // "data.ltp", "subscriptions[2].symbol"
    std::string detail;  // simdjson's error, the unknown type
    // "market_data: field 'data.ltp': missing", "not JSON: ...", "unknown type 'foo'"
    std::string message() const;
};

}  // namespace sos::openalgo
