// The dashboard's one way to act on a running pipeline: control actions and manual orders handed
// to the operator-control path (lib/control: a Unix socket per tool), never a protocol of its own.
// SocketControl (socket_control.hpp) is that path; without a socket given (sos-journal serve
// --control-socket), UnavailableControl answers every action 501 "control not available", and
// the page says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "vocab/side.hpp"

namespace sos::dashboard {

enum class ControlCommand : std::uint8_t { Pause, Resume, Kill, Reset };

// The /scalping-unified ticket in sos terms: a manual signal that sos-risk checks like any other.
struct OrderTicket {
    std::string symbol;
    vocab::Side side = vocab::Side::Buy;
    std::int64_t qty = 0;
    std::int64_t stop_paise = 0;
    std::int64_t target_paise = 0;
    std::string feed_broker;  // names in the brokers file
    std::string exec_broker;
};

struct ControlAction {
    std::optional<ControlCommand> command;  // set for pause, resume, kill, reset
    std::optional<OrderTicket> ticket;      // set for a manual order
    std::string scope;                      // a kill's or pause's scope; empty: everything
    std::string who;                        // for the journal: "dashboard@<peer address>"
};

struct ControlReply {
    int status = 200;  // HTTP status the page is answered with
    std::string message;
};

class ControlPort {
public:
    virtual ~ControlPort() = default;
    virtual ControlReply send(const ControlAction& action) = 0;
};

class UnavailableControl : public ControlPort {
public:
    ControlReply send(const ControlAction&) override {
        return {501, "control not available: start sos-journal serve with --control-socket PATH|auto"};
    }
};

}  // namespace sos::dashboard

namespace sos::vocab {
template <>
struct Names<dashboard::ControlCommand> {
    static constexpr std::array<std::string_view, 4> table = {"pause", "resume", "kill", "reset"};
};
}  // namespace sos::vocab
