// OpenAlgo's answers to the order endpoints and the books a live broker polls, read into
// typed rows (shared/reference/openalgo.md §0.4-§0.7, §1.2-§1.4). No HTTP here: the caller
// passes the status and the body. Numbers are read leniently (the order book's quantity is a
// string, the trade book's a number), prices into exact paise.
//
// What an answer to placeorder means for the order (the reference's rules, and sos's where it
// is silent, docs/decisions.md):
//   200 success with orderid   Accepted: acknowledged, NOT filled
//   200 success, no orderid    Unsure: semi-auto mode queued it for approval; the book settles it
//   429                        RateLimited: Flask-Limiter refused before the broker saw it
//   4xx (and 200 "error")      Refused: validation, key, or the broker's refusal
//   5xx, or a body unreadable  Unsure: the broker may have taken it; the book settles it
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "money/paise.hpp"
#include "time/timestamp.hpp"
#include "vocab/order_status.hpp"
#include "vocab/order_type.hpp"
#include "vocab/side.hpp"

namespace sos::openalgo {

enum class PlaceVerdict : std::uint8_t { Accepted, RateLimited, Refused, Unsure };

struct PlaceAnswer {
    PlaceVerdict verdict = PlaceVerdict::Unsure;
    std::string orderid;                      // Accepted
    std::string message;                      // OpenAlgo's words (may echo a key: mask before use)
    std::chrono::milliseconds retry_after{};  // RateLimited (OpenAlgo's body; 60 s when absent)
};
PlaceAnswer read_place_answer(int http_status, std::string_view body);

// A row of /orderbook's data.orders[].
struct BookOrder {
    std::string orderid;
    std::string symbol;
    std::string exchange;
    vocab::Side action = vocab::Side::Buy;
    std::int64_t quantity = 0;
    vocab::OrderType pricetype = vocab::OrderType::Market;
    money::Paise price, trigger_price;
    vocab::OrderStatus status = vocab::OrderStatus::Unknown;  // Unknown: a word sos does not know
};

// A row of /tradebook's data[]: one fill. OpenAlgo gives no trade id.
struct BookTrade {
    std::string orderid;
    std::int64_t quantity = 0;
    money::Paise price;     // average_price: the fill's price
    std::string timestamp;  // as the broker wrote it ("22-Aug-2025 09:15:03", IST)
};

// The rows, or nothing when the answer is not a success (`why` says what it was instead).
std::optional<std::vector<BookOrder>> read_orderbook(int http_status, std::string_view body,
                                                     std::string& why);
std::optional<std::vector<BookTrade>> read_tradebook(int http_status, std::string_view body,
                                                     std::string& why);

// OpenAlgo's order_status word ("open", "trigger pending", "complete", ...), any case.
vocab::OrderStatus order_status_from_word(std::string_view word);

// "22-Aug-2025 09:15:03" in India's time; nothing when it does not read.
std::optional<time::Timestamp> read_book_time(std::string_view text);

// The cancelorder body (its three fields: apikey, strategy, orderid).
inline constexpr std::string_view kCancelOrderPath = "/api/v1/cancelorder";
inline constexpr std::string_view kOrderBookPath = "/api/v1/orderbook";
inline constexpr std::string_view kTradeBookPath = "/api/v1/tradebook";
std::string encode_cancelorder(std::string_view api_key, std::string_view strategy, std::string_view orderid);
// The books take the key alone.
std::string encode_key_only(std::string_view api_key);

}  // namespace sos::openalgo
