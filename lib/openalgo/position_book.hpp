// OpenAlgo's /positionbook read into typed rows (shared/reference/openalgo.md §1.4): one row per
// symbol, exchange and product, every value a string in the docs (read leniently: a string or a
// number). Closed positions stay listed with quantity 0; the reader keeps them (the caller
// decides what a flat row means).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "money/paise.hpp"
#include "vocab/product.hpp"

namespace sos::openalgo {

inline constexpr std::string_view kPositionBookPath = "/api/v1/positionbook";

struct BookPosition {
    std::string symbol;
    std::string exchange;
    vocab::Product product = vocab::Product::Mis;
    std::int64_t quantity = 0;  // signed: negative is short
    money::Paise average_price;
    money::Paise pnl;  // the broker's P&L of the row for the day
};

// The rows, or nothing when the answer is not a success (`why` says what it was instead). A
// row without a symbol, an exchange, a product sos knows or a whole quantity is skipped.
std::optional<std::vector<BookPosition>> read_positionbook(int http_status, std::string_view body,
                                                           std::string& why);

}  // namespace sos::openalgo
