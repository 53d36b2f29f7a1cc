// Readers of the fields of OpenAlgo's REST answers (order book, trade book, position book) as
// nlohmann/json values. Brokers behind OpenAlgo write a number either as a number or as a
// string ("65", "-10", 65.0), and sometimes null: these read both and say when neither.
// Internal to lib/openalgo.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The body as JSON; a value that is discarded (not an object) when it is not JSON.
nlohmann::json parse_body(std::string_view body);

// Whether the answer says "status": "success".
bool success(const nlohmann::json& j);

// An answer that is not a success, for a message: "HTTP 403: Invalid openalgo apikey".
std::string describe(int http, const nlohmann::json& j);

// A book whose "data" is a list of rows (the trade book, the position book): each row read by
// `row` (rows it cannot read left out), none when "data" is null or absent (nothing today).
// nullopt with `why` set when the answer is not a success or "data" is not a list.
template <class Row, class ReadRow>
std::optional<std::vector<Row>> read_row_list(int http, std::string_view body, const char* book, ReadRow row,
                                              std::string& why) {
    const auto j = parse_body(body);
    if (http != 200 || !success(j)) {
        why = describe(http, j);
        return std::nullopt;
    }
    const auto data = j.find("data");
    std::vector<Row> rows;
    if (data == j.end() || data->is_null()) return rows;
    if (!data->is_array()) {
        why = std::string(book) + ": data is not a list";
        return std::nullopt;
    }
    for (const auto& r : *data)
        if (auto one = row(r)) rows.push_back(std::move(*one));
    return rows;
}

}  // namespace sos::openalgo::detail
