// The status lines a live source writes (ALERT, HEALTH) carry fields of their own beside the
// contract's (an ALERT's source and reason, each source's state in a HEALTH line): the
// encoder's line with those members added at its end.
#pragma once

#include <string>
#include <string_view>

#include "event/event.hpp"

namespace sos::feed {

// `extra`: the text of a JSON object ("{\"source\":\"zerodha\"}"); "{}" adds nothing.
std::string encode_with_fields(const event::Event& e, std::string_view extra);

}  // namespace sos::feed
