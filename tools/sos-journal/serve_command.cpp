// sos-journal serve: the live dashboard, served from the journal (lib/dashboard).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <stdexcept>

#include "brokers/brokers_file.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "config/json_config.hpp"
#include "dashboard/api.hpp"
#include "dashboard/server.hpp"
#include "dashboard/socket_control.hpp"
#include "dashboard/token.hpp"
#include "diag/log.hpp"
#include "pipeline/stop_signals.hpp"

namespace sos::tools::journal {

namespace {

namespace d = sos::dashboard;

struct ServeArgs {
    cli::CommonOptions common;
    std::string db;
    std::string run;
    std::string listen = "127.0.0.1:8080";
    bool allow_remote = false;
    std::string token_file;
    std::string web;
    std::string brokers;
    std::string control_socket;
    std::string pipeline_broker;
    std::string pipeline_feed;
    std::string session = "calendar";
    double poll_s = 0.1;
    sos::journal::StatusLimits limits;
};

// The page's files beside the binary: <prefix>/bin/sos-journal serves <prefix>/share/sos/dashboard,
// in the build tree as installed (the build copies them there, with the chart library).
std::string default_web_root() {
    char exe[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return {};
    const std::filesystem::path bin =
        std::filesystem::path(std::string(exe, static_cast<std::size_t>(n))).parent_path();
    return (bin.parent_path() / "share" / "sos" / "dashboard").string();
}

std::vector<std::string> broker_names(const std::string& option) {
    std::vector<std::string> names;
    if (option.empty() && std::getenv("SOS_BROKERS") == nullptr) return names;
    for (const auto& e : brokers::load_brokers_file(brokers::brokers_path(option)).entries)
        names.push_back(e.name);
    return names;
}

int run_serve(const ServeArgs& a) {
    cli::apply_logging(kTool, a.common);
    pipeline::StopSignals stop;
    try {
        const d::ListenAddress listen = d::parse_listen(a.listen);
        if (listen.port == 0) throw std::invalid_argument("--listen: give a port (1-65535)");
        if (!listen.loopback() && !a.allow_remote)
            throw std::invalid_argument(
                "--listen: " + a.listen +
                " is not a loopback address: add --allow-remote to serve beyond this machine "
                "(every request then needs the token)");
        d::Token token = d::load_token(a.token_file);
        d::ApiOptions o;
        o.db = a.db;
        o.run = a.run;
        o.calendar =
            a.session == "always" ? time::Calendar::always() : time::Calendar::from_option(a.common.calendar);
        o.limits = a.limits;
        o.brokers = broker_names(a.brokers);
        for (const auto& [option, name] : {std::pair{"--pipeline-broker", a.pipeline_broker},
                                           std::pair{"--pipeline-feed", a.pipeline_feed}})
            if (!name.empty() && std::find(o.brokers.begin(), o.brokers.end(), name) == o.brokers.end())
                throw std::invalid_argument(std::string(option) + ": " + name +
                                            " is not an entry of the brokers file (--brokers)");
        d::UnavailableControl unavailable;
        d::SocketControl wired({a.control_socket, a.pipeline_broker, a.pipeline_feed});
        d::ControlPort& control =
            a.control_socket.empty() ? static_cast<d::ControlPort&>(unavailable) : wired;
        d::Api api(std::move(o), d::AccessPolicy(std::move(token.secret), listen.loopback(), listen.port),
                   control);
        d::ChangeWatch watch(a.db);
        std::string web = a.web.empty() ? default_web_root() : a.web;
        if (!std::filesystem::exists(std::filesystem::path(web) / "index.html")) {
            if (!a.web.empty()) throw std::invalid_argument("--web: no index.html in " + web);
            diag::warn("no page in {}: serving the API and /metrics only", web);
            web.clear();
        }
        // Where to look and where the token is: what the operator needs to start, so it is said at
        // the default level (--log-level error silences it). Never the token itself.
        if (diag::enabled(diag::Level::Warn))
            diag::emit(diag::Level::Info,
                       fmt::format("serving {} on http://{}/ (token: {}; the page from {})", a.db, a.listen,
                                   token.origin, web.empty() ? "nowhere" : web));
        d::serve({listen, web, a.poll_s}, api, watch, [&] { return stop.requested(); });
    } catch (const config::ConfigError& e) {
        diag::error("{}", e.what());
        return cli::kExitConfig;
    } catch (const std::invalid_argument& e) {
        diag::error("{}", e.what());
        return cli::kExitUsage;
    } catch (const std::runtime_error& e) {
        diag::error("{}", e.what());
        return cli::kExitCantCreate;
    }
    return stop.signal_number() ? 128 + stop.signal_number() : cli::kExitOk;
}

}  // namespace

Command add_serve(CLI::App& app) {
    auto a = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand(
        "serve", "The live dashboard: a web page, JSON views and /metrics from the journal");
    cmd->add_option("--db", a->db, "Journal file (may be being written, or not there yet)")
        ->type_name("FILE")
        ->required();
    cmd->add_option("--run", a->run, "The run (default: the run created last)")->type_name("NAME");
    cmd->add_option("--listen", a->listen, "Address and port to listen on")
        ->type_name("HOST:PORT")
        ->capture_default_str();
    cmd->add_flag("--allow-remote", a->allow_remote,
                  "Allow a --listen address beyond loopback (every request then needs the token)");
    cmd->add_option(
           "--token-file", a->token_file,
           "The token, in an owner-only file (default: $SOS_DASHBOARD_TOKEN, else a new one written to "
           "$XDG_RUNTIME_DIR/sos-dashboard.token)")
        ->type_name("FILE");
    cmd->add_option("--web", a->web,
                    "The page's files (default: share/sos/dashboard beside the binary's bin/)")
        ->type_name("DIR");
    cmd->add_option("--brokers", a->brokers,
                    "Brokers file, for the order ticket's brokers (default: $SOS_BROKERS)")
        ->type_name("FILE");
    cmd->add_option("--control-socket", a->control_socket,
                    "sos-risk's control socket, where the page's actions and order ticket go; auto: the one "
                    "running sos-risk's in the auto directory (default: none, actions answer 501)")
        ->type_name("PATH|auto");
    cmd->add_option("--pipeline-broker", a->pipeline_broker,
                    "The brokers file's entry the pipeline executes on: the only execution broker a manual "
                    "order may name (default: none, manual orders refused)")
        ->type_name("NAME");
    cmd->add_option("--pipeline-feed", a->pipeline_feed,
                    "The brokers file's entry the pipeline feeds from: the only feed broker a manual order "
                    "may name (default: --pipeline-broker)")
        ->type_name("NAME");
    cmd->add_option("--poll", a->poll_s, "Seconds between checks of the journal for new rows")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.01, 10.0))
        ->capture_default_str();
    cmd->add_option("--stale-after", a->limits.stale_after_s, "As for status")
        ->type_name("SECONDS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--silent-after", a->limits.silent_after_s, "As for status")
        ->type_name("SECONDS")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--session", a->session,
                    "Session hours: calendar (--calendar) or always (24-hour markets, tests)")
        ->type_name("calendar|always")
        ->check(CLI::IsMember({"calendar", "always"}))
        ->capture_default_str();
    cli::add_common_options(*cmd, a->common, cli::kCalendar | cli::kLogLevel);
    return {cmd, [a] { return run_serve(*a); }};
}

}  // namespace sos::tools::journal
