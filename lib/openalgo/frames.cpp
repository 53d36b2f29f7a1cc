#include "openalgo/frames.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace sos::openalgo {

std::string_view mode_label(Mode m) {
    switch (m) {
        case Mode::Ltp:
            return "LTP";
        case Mode::Quote:
            return "Quote";
        case Mode::Depth:
            return "Depth";
    }
    return "Quote";
}

namespace {
bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}
}  // namespace

std::optional<Mode> parse_mode(std::string_view text) {
    if (text == "1" || equal_ignoring_case(text, "ltp")) return Mode::Ltp;
    if (text == "2" || equal_ignoring_case(text, "quote")) return Mode::Quote;
    if (text == "3" || equal_ignoring_case(text, "depth")) return Mode::Depth;
    return std::nullopt;
}

ErrorCode parse_error_code(std::string_view code) {
    static constexpr std::array<std::pair<std::string_view, ErrorCode>, 12> kCodes = {{
        {"AUTHENTICATION_ERROR", ErrorCode::AuthenticationError},
        {"NOT_AUTHENTICATED", ErrorCode::NotAuthenticated},
        {"BROKER_ERROR", ErrorCode::BrokerError},
        {"BROKER_INIT_ERROR", ErrorCode::BrokerInitError},
        {"BROKER_CONNECTION_ERROR", ErrorCode::BrokerConnectionError},
        {"INVALID_MODE", ErrorCode::InvalidMode},
        {"INVALID_PARAMETERS", ErrorCode::InvalidParameters},
        {"INVALID_ACTION", ErrorCode::InvalidAction},
        {"INVALID_JSON", ErrorCode::InvalidJson},
        {"SERVER_ERROR", ErrorCode::ServerError},
        {"PROCESSING_ERROR", ErrorCode::ProcessingError},
        {"BROKER_LIST_ERROR", ErrorCode::BrokerListError},
    }};
    for (const auto& [text, value] : kCodes)
        if (text == code) return value;
    return ErrorCode::Other;
}

std::string BadFrame::message() const {
    switch (reason) {
        case BadReason::NotJson:
            return detail.empty() ? "not JSON" : "not JSON: " + detail;
        case BadReason::NotObject:
            return "not a JSON object";
        case BadReason::NoType:
            return "no type, and not an error frame";
        case BadReason::UnknownType:
            return "unknown type '" + type + "'";
        case BadReason::Missing:
            return (type.empty() ? std::string() : type + ": ") + "field '" + field + "': missing";
        case BadReason::Invalid:
            return (type.empty() ? std::string() : type + ": ") + "field '" + field +
                   "': " + (detail.empty() ? "invalid" : detail);
    }
    return "bad frame";
}

}  // namespace sos::openalgo
