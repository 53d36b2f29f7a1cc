#include "control/handler.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

#include "control/command.hpp"
#include "diag/log.hpp"

namespace sos::control {

std::string user_name(uid_t uid) {
    std::vector<char> buf(4096);
    struct passwd pw {};
    struct passwd* found = nullptr;
    if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found) return found->pw_name;
    return std::to_string(uid);
}

namespace {

Answer status(std::string_view tool, pipeline::Injector& injector) {
    Answer a;
    a.command = "status";
    const auto state = injector.state();
    if (!state) {
        a.reason = "NOT_RUNNING";
        a.detail = "the tool is not deciding lines (starting or ending)";
        return a;
    }
    a.ok = true;
    a.fields = "\"tool\":\"" + std::string(tool) + "\",\"pid\":" + std::to_string(::getpid()) +
               ",\"state\":{" + *state + "}";
    return a;
}

}  // namespace

Answer handle_request(std::string_view request, const Peer& peer, std::string_view tool,
                      pipeline::Injector& injector, time::Timestamp now, bool live) {
    Command c;
    try {
        c = parse_request(request);
    } catch (const CommandError& e) {
        return Answer{false, {}, "USAGE", e.what(), {}, {}};
    }
    if (c.verb == Verb::Status) return status(tool, injector);
    const event::Asker who{user_name(peer.uid), static_cast<std::int64_t>(peer.uid), now};
    const pipeline::Admission said = injector.inject([&](std::optional<time::Timestamp> stream_clock) {
        return stream_line(c, who, live || !stream_clock ? now : *stream_clock);
    });
    Answer a{said.ok, std::string(vocab::name(c.verb)), said.reason, said.detail, said.fields, {}};
    // The stream (and so the journal) has the line; stderr tells whoever watches the tool.
    const std::string& about = c.verb == Verb::Signal ? c.signal.symbol : c.scope;
    diag::info("control: {}{}{} asked by {} (uid {}, pid {}): {}", a.command, about.empty() ? "" : " ", about,
               who.name, peer.uid, peer.pid, a.ok ? "done" : a.reason + ": " + a.detail);
    return a;
}

}  // namespace sos::control
