// What an OpenAlgo WebSocket client sends (shared/reference/openalgo.md §2.1), as the text of
// one frame each. Batch forms only: one subscribe carries every instrument. The API key is a
// parameter of authenticate and goes nowhere else: no function here logs or keeps it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "openalgo/frames.hpp"

namespace sos::openalgo {

// {"action":"authenticate","api_key":KEY}
std::string encode_authenticate(std::string_view api_key);
// {"action":"subscribe","symbols":[{symbol,exchange},..],"mode":N[,"depth":D][,"request_id":R]}
// The depth level is sent in Depth mode only; request_id only when not empty.
std::string encode_subscribe(std::span<const Instrument> instruments, Mode mode,
                             std::string_view request_id = {}, int depth = 5);
// {"action":"unsubscribe","symbols":[{symbol,exchange,mode},..]}: in the batch form the server
// reads the mode of each entry (a top-level mode is ignored, and the default is 2).
std::string encode_unsubscribe(std::span<const Instrument> instruments, Mode mode);
std::string encode_unsubscribe_all();
// {"action":"ping","timestamp":MS,"_pingId":ID}: an application heartbeat and RTT probe.
std::string encode_ping(std::int64_t client_ms, std::string_view ping_id);
std::string encode_subscribe_orders();

}  // namespace sos::openalgo
