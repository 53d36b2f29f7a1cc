// The client side of a control socket, for sos-ctl and the dashboard: one request, one answer.
//
//   control::Command c;  c.verb = vocab::ControlVerb::Pause;  c.scope = "NIFTY";
//   control::Answer a = control::send("/run/user/1000/sos/sos-risk.4242.sock", c);
//   if (!a.ok) ... a.reason, a.detail
//
// The socket is checked before it is spoken to (socket_path.hpp: the user's own, owner-only,
// in an owner-only directory): a request may move money, so it goes to no other.
#pragma once

#include <chrono>
#include <string>

#include "control/answer.hpp"
#include "control/command.hpp"
#include "control/socket_path.hpp"

namespace sos::control {

// Throws SocketError: NotFound (nothing at `path`, or nobody listening), Unsafe (distrust()
// said why), Io (refused, timed out, cut short, an answer that is not one).
Answer send(const std::string& path, const Command& command,
            std::chrono::milliseconds timeout = std::chrono::seconds(10));
// The same with the request's text as it goes on the socket (request_text()).
Answer send_text(const std::string& path, const std::string& request,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sos::control
