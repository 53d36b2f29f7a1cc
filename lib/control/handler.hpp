// What a tool does with one control request: a status is the filter's state; pause, resume,
// kill, reset and signal become a stream line, stamped with who asked (the peer's uid, checked
// by the server, and its user name) and when, and decided by the filter in order with its
// input (pipeline/injector.hpp). The answer says what the filter did.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "control/answer.hpp"
#include "pipeline/injector.hpp"
#include "time/timestamp.hpp"

namespace sos::control {

struct Peer {
    uid_t uid = 0;
    pid_t pid = 0;
};

// The user's name for `uid` (the number as text when it has none).
std::string user_name(uid_t uid);

// `now` is the wall clock. `live`: the stream's time is the wall clock, and the operator's line
// is stamped with it; otherwise (a replay) with the latest time of the stream, so that what
// the line sets off downstream (a flattening) happens in the stream's time.
Answer handle_request(std::string_view request, const Peer& peer, std::string_view tool,
                      pipeline::Injector& injector, time::Timestamp now, bool live = true);

}  // namespace sos::control
