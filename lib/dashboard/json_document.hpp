// A view's JSON as the server sends it: one compact line; text from the journal that is not
// valid UTF-8 is replaced, not thrown on.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace sos::dashboard {

inline std::string json_document(const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace sos::dashboard
