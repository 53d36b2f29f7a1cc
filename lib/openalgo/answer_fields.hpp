// Readers of the fields of OpenAlgo's REST answers (order book, trade book, position book) as
// nlohmann/json values. Brokers behind OpenAlgo write a number either as a number or as a
// string ("65", "-10", 65.0), and sometimes null: these read both and say when neither.
// Internal to lib/openalgo.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "money/paise.hpp"

namespace sos::openalgo::detail {

// The field as text: a string as it is, any other value as its JSON, "" when absent or null.
std::string text_of(const nlohmann::json& j, const char* key);

// The field as a number, written either way; nullopt when absent, not a number, or a string
// that is not one number from its first character to its last.
std::optional<double> number_of(const nlohmann::json& j, const char* key);

// The field as a price in exact paise; zero when absent, unreadable, or not a price (not
// finite, or a trillion rupees or more).
money::Paise price_of(const nlohmann::json& j, const char* key);

}  // namespace sos::openalgo::detail
