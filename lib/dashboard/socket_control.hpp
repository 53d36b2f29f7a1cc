// The dashboard's control port wired to operator control (lib/control): every action goes to
// sos-risk's control socket, as sos-ctl's would. Pause, resume, kill and reset become sos-risk's
// CONTROL line (a kill flows on to sos-exec, which flattens); the order ticket becomes a manual
// SIGNAL that sos-risk checks and sizes like any other. The socket is the one given, or with
// "auto" the one running sos-risk's socket in the auto directory (found anew for each action,
// so a restarted pipeline is found again).
#pragma once

#include <chrono>
#include <string>

#include "control/command.hpp"
#include "dashboard/control_port.hpp"

namespace sos::dashboard {

struct SocketControlOptions {
    std::string socket;       // a path, or "auto": the one sos-risk socket in control::auto_dir()
    std::string exec_broker;  // the broker the pipeline executes on; empty: unknown (tickets refused)
    std::string feed_broker;  // the broker it feeds from; empty: the same as exec_broker
    std::chrono::milliseconds timeout{5000};
};

class SocketControl : public ControlPort {
public:
    explicit SocketControl(SocketControlOptions o) : options_(std::move(o)) {}
    ControlReply send(const ControlAction& action) override;

private:
    SocketControlOptions options_;
};

// The control request an action becomes (the ticket's exact paise become the contract's rupees
// here, once). Throws std::invalid_argument when the ticket names a feed or an execution
// broker other than the pipeline's (a manual signal carries no broker: sos-risk prices it from
// the feed it reads, sos-exec routes it as strategy "manual").
control::Command command_of(const ControlAction& action, const SocketControlOptions& pipeline);

}  // namespace sos::dashboard
