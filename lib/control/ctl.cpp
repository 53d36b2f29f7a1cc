#include "control/ctl.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "control/client.hpp"
#include "diag/log.hpp"

namespace sos::control {

namespace {

// The socket to speak to, or an exit status (through `status`) when there is none to choose.
std::string choose_socket(const CtlOptions& o, int& status) {
    if (!o.socket.empty()) return o.socket;
    const auto found = find_sockets(o.tool);
    if (found.empty()) {
        diag::error("no control socket of {} in {} (is it running with --control?)", o.tool, auto_dir());
        status = cli::kExitNoInput;
        return {};
    }
    if (found.size() > 1) {
        std::string names;
        for (const auto& f : found)
            names += "\n  " + f;
        diag::error("{} runs more than once; choose one with --socket:{}", o.tool, names);
        status = cli::kExitUsage;
        return {};
    }
    return found.front();
}

// A status's state, one member a line, for a person.
void print_status(const Answer& a, std::FILE* out) {
    const auto j = nlohmann::json::parse(a.text, nullptr, false);
    fmt::print(out, "{} (pid {})\n", j.value("tool", std::string("?")), j.value("pid", 0));
    if (!j.contains("state") || !j["state"].is_object()) return;
    for (const auto& [k, v] : j["state"].items())
        fmt::print(out, "  {:<16} {}\n", k, v.is_string() ? v.get<std::string>() : v.dump());
}

}  // namespace

int run_ctl(const CtlOptions& o, std::FILE* out) {
    int status = cli::kExitOk;
    const std::string path = choose_socket(o, status);
    if (path.empty()) return status;
    Answer a;
    try {
        a = send(path, o.command, o.timeout);
    } catch (const SocketError& e) {
        diag::error("{}", e.what());
        switch (e.kind) {
            case SocketError::Kind::NotFound:
                return cli::kExitNoInput;
            case SocketError::Kind::Unsafe:
                return cli::kExitNoPerm;
            case SocketError::Kind::Io:
                break;
        }
        return cli::kExitIoError;
    }
    if (o.json) {
        fmt::print(out, "{}\n", a.text);
    } else if (a.ok && o.command.verb == Verb::Status) {
        print_status(a, out);
    } else if (a.ok) {
        fmt::print(out, "{}: {}\n", a.command, a.detail);
    }
    if (a.ok) return cli::kExitOk;
    diag::error("refused: {}: {}", a.reason, a.detail);
    return cli::kExitFailure;
}

}  // namespace sos::control
