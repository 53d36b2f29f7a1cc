// Dashboard actions sent to sos-risk's control socket (socket_control.hpp): the request each
// becomes, the socket it goes to, and the HTTP status its answer is given as.
#include "dashboard/socket_control.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "control/client.hpp"
#include "control/socket_path.hpp"
#include "money/paise.hpp"

namespace sos::dashboard {

namespace {

constexpr std::string_view kRisk = "sos-risk";

control::Verb verb_of(ControlCommand c) {
    switch (c) {
        case ControlCommand::Pause:
            return control::Verb::Pause;
        case ControlCommand::Resume:
            return control::Verb::Resume;
        case ControlCommand::Kill:
            return control::Verb::Kill;
        case ControlCommand::Reset:
            return control::Verb::Reset;
    }
    return control::Verb::Status;
}

// The socket for this action: the one given, or the one running sos-risk's in the auto directory.
// Throws control::SocketError(NotFound) when "auto" finds none or more than one.
std::string socket_path(const std::string& option) {
    if (option != "auto") return option;
    const auto found = control::find_sockets(kRisk);
    if (found.size() == 1) return found.front();
    throw control::SocketError(
        control::SocketError::Kind::NotFound,
        found.empty()
            ? fmt::format("no running sos-risk has a control socket in {} (start it with --control auto)",
                          control::auto_dir())
            : fmt::format("{} sos-risk control sockets in {}: give --control-socket PATH", found.size(),
                          control::auto_dir()));
}

// Why the ticket's broker choice cannot be honoured; empty when it can.
std::string broker_problem(const char* which, const std::string& chosen, const std::string& pipeline) {
    if (pipeline.empty())
        return "manual orders need to know the pipeline's brokers: start sos-journal serve with "
               "--pipeline-broker NAME";
    if (chosen == pipeline) return {};
    return fmt::format(
        "the pipeline's {} broker is {}: a manual order cannot use {} (a manual signal carries "
        "no broker)",
        which, pipeline, chosen);
}

}  // namespace

control::Command command_of(const ControlAction& action, const SocketControlOptions& pipeline) {
    control::Command c;
    if (action.command) {
        c.verb = verb_of(*action.command);
        c.scope = action.scope;
        return c;
    }
    if (!action.ticket) throw std::invalid_argument("neither a command nor a ticket");
    const OrderTicket& t = *action.ticket;
    // A manual SIGNAL carries no broker: sos-risk prices it from the feed it reads and sos-exec
    // routes it as strategy "manual". A ticket asking for another broker cannot be honoured.
    const std::string& feed = pipeline.feed_broker.empty() ? pipeline.exec_broker : pipeline.feed_broker;
    for (const std::string& problem : {broker_problem("execution", t.exec_broker, pipeline.exec_broker),
                                       broker_problem("feed", t.feed_broker, feed)})
        if (!problem.empty()) throw std::invalid_argument(problem);
    c.verb = control::Verb::Signal;
    c.signal.symbol = t.symbol;
    c.signal.side = t.side;
    c.signal.qty = t.qty;
    // The contract's prices are rupees: exact paise become the nearest double once, here.
    c.signal.stop = money::Paise{t.stop_paise}.rupees();
    c.signal.target = money::Paise{t.target_paise}.rupees();
    return c;
}

ControlReply SocketControl::send(const ControlAction& action) {
    control::Command command;
    try {
        command = command_of(action, options_);
    } catch (const std::invalid_argument& e) {
        return {422, e.what()};
    }
    try {
        const control::Answer a = control::send(socket_path(options_.socket), command, options_.timeout);
        if (a.ok) return {200, a.detail.empty() ? "done" : a.detail};
        return {409,
                fmt::format("sos-risk refused: {}{}{}", a.reason, a.detail.empty() ? "" : ": ", a.detail)};
    } catch (const control::SocketError& e) {
        return {e.kind == control::SocketError::Kind::Io ? 502 : 503, fmt::format("sos-risk: {}", e.what())};
    }
}

}  // namespace sos::dashboard
