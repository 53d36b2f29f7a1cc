#include "dashboard/http.hpp"

#include <nlohmann/json.hpp>

namespace sos::dashboard {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> Request::arg(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

Response error_response(int status, std::string_view message) {
    nlohmann::json j{{"error", std::string(message)}};
    return {status, "application/json",
            j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

Response json_response(std::string body) {
    return {200, "application/json", std::move(body)};
}

std::map<std::string, std::string> parse_query(std::string_view text) {
    std::map<std::string, std::string> out;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos)
            out[decode(pair)] = "";
        else
            out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
    }
    return out;
}

}  // namespace sos::dashboard
