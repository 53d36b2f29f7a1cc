// Writes events in the contract's canonical form, one line each ending in '\n'. The only
// form sos tools write: seed forms read on input come out as the canonical messages.
#pragma once

#include <string>

#include "event/event.hpp"

namespace sos::event {

void encode(const Event& e, std::string& out);
std::string encode(const Event& e);

}  // namespace sos::event
