#include "openalgo/answer_fields.hpp"

#include <charconv>
#include <cmath>

namespace sos::openalgo::detail {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

std::optional<double> number_of(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (!it->is_string()) return std::nullopt;
    const auto& s = it->get_ref<const std::string&>();
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

money::Paise price_of(const json& j, const char* key) {
    // Beyond a trillion rupees a number is no price (and its paise would not fit in 64 bits).
    constexpr double kBeyondAnyPrice = 1e12;
    const auto v = number_of(j, key);
    return v && std::fabs(*v) < kBeyondAnyPrice ? money::Paise::from_rupees(*v) : money::Paise{};
}

json parse_body(std::string_view body) {
    return json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
}

bool success(const json& j) {
    return j.is_object() && text_of(j, "status") == "success";
}

std::string describe(int http, const json& j) {
    const auto msg = j.is_object() ? text_of(j, "message") : std::string{};
    return "HTTP " + std::to_string(http) + (msg.empty() ? std::string{} : ": " + msg);
}

}  // namespace sos::openalgo::detail
