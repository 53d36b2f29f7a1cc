// sos-ctl: speaks to a running tool's control socket: pause, resume, kill, reset, status, or a
// manual signal into sos-risk (issue 16's operator control; lib/control).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <string>

#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "control/ctl.hpp"
#include "diag/log.hpp"
#include "ndjson/fd_io.hpp"

namespace {

namespace cli = sos::cli;
namespace control = sos::control;
using Verb = sos::vocab::ControlVerb;
constexpr const char* kTool = "sos-ctl";

struct Args {
    control::CtlOptions ctl;
    double timeout = 10;
    std::string log_level = "warn";
    std::string side;
    double entry = 0, stop = 0, target = 0;
    std::int64_t qty = 0;
};

// A quantity or a price: a number above zero, said so when it is not.
const CLI::Validator kAboveZero(
    [](std::string& v) {
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        return end != v.c_str() && *end == '\0' && d > 0 ? std::string() : "must be above 0, not " + v;
    },
    "", "above zero");

// pause, resume, kill, reset: a CONTROL, optionally scoped, optionally for one tool.
CLI::App* switch_command(CLI::App& app, Args& a, Verb verb, const char* help) {
    auto* cmd = app.add_subcommand(std::string(sos::vocab::name(verb)), help);
    cmd->add_option("scope", a.ctl.command.scope, "An underlying or a strategy (default: everything)")
        ->type_name("SCOPE");
    cmd->add_option("--for", a.ctl.command.target, "The tool the CONTROL line is for (default: every one)")
        ->type_name("TOOL");
    cmd->callback([&a, verb] { a.ctl.command.verb = verb; });
    return cmd;
}

void signal_command(CLI::App& app, Args& a) {
    auto* cmd =
        app.add_subcommand("signal", "Inject a manual signal into sos-risk (every risk rule applies)");
    auto& s = a.ctl.command.signal;
    cmd->add_option("symbol", s.symbol, "The symbol to trade (OpenAlgo form)")
        ->required()
        ->type_name("SYMBOL");
    cmd->add_option("side", a.side, "BUY or SELL")
        ->required()
        ->type_name("SIDE")
        ->check(CLI::IsMember({"BUY", "SELL", "buy", "sell"}));
    cmd->add_option("--qty", a.qty, "At most this many units (sizing may allow fewer)")
        ->type_name("N")
        ->check(kAboveZero);
    cmd->add_option("--stop", a.stop, "Stop-loss price (the risk per unit sizing needs)")
        ->type_name("PRICE")
        ->check(kAboveZero);
    cmd->add_option("--target", a.target, "Take-profit price")->type_name("PRICE")->check(kAboveZero);
    cmd->add_option("--entry", a.entry, "Entry price (default: the last price sos-risk saw)")
        ->type_name("PRICE")
        ->check(kAboveZero);
    cmd->add_option("--strategy", s.strategy, "Strategy name for the rules and the journal")
        ->type_name("NAME")
        ->capture_default_str();
    cmd->add_option("--exchange", s.exchange, "Exchange (NSE, NFO, ...)")->type_name("EXCHANGE");
    cmd->callback([&a] {
        auto& sig = a.ctl.command.signal;
        a.ctl.command.verb = Verb::Signal;
        sig.side = *sos::vocab::parse_any_case<sos::vocab::Side>(a.side);
        if (a.qty > 0) sig.qty = a.qty;
        if (a.entry > 0) sig.entry = a.entry;
        if (a.stop > 0) sig.stop = a.stop;
        if (a.target > 0) sig.target = a.target;
    });
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{"sos-ctl: pause, resume, kill, reset or ask a running sos tool, or inject a manual signal",
                 kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    Args a;
    auto* by_socket =
        app.add_option("--socket", a.ctl.socket, "The tool's control socket")->type_name("PATH");
    app.add_option("--tool", a.ctl.tool, "The tool by name: its socket in the auto directory")
        ->type_name("NAME")
        ->excludes(by_socket);
    app.add_option("--timeout", a.timeout, "Seconds to wait for the answer")
        ->type_name("SECONDS")
        ->check(kAboveZero)
        ->capture_default_str();
    app.add_flag("--json", a.ctl.json, "Print the tool's answer as the JSON line it sent");
    app.add_option("--log-level", a.log_level, "Diagnostics to show: error, warn, info, debug")
        ->type_name("LEVEL")
        ->check(CLI::IsMember({"error", "warn", "warning", "info", "debug"}))
        ->capture_default_str();
    switch_command(app, a, Verb::Pause, "Refuse new entries (in a scope); exits still work");
    switch_command(app, a, Verb::Resume, "Take new entries again (in a scope); also closes breakers");
    switch_command(app, a, Verb::Kill, "Kill switch (for a scope): no new entries, and sos-exec flattens");
    switch_command(app, a, Verb::Reset, "Clear the kill switch and breakers (a pause stays)");
    app.add_subcommand("status", "Print the tool's state (paused, kill switch, breakers, ...)")
        ->callback([&a] { a.ctl.command.verb = Verb::Status; });
    signal_command(app, a);
    app.require_subcommand(1, 1);
    return cli::run_tool(app, argc, argv, [&] {
        cli::CommonOptions logging;
        logging.log_level = a.log_level;
        cli::apply_logging(kTool, logging);
        if (a.ctl.socket.empty() && a.ctl.tool.empty())
            throw CLI::ValidationError("--socket", "say which tool: --socket PATH or --tool NAME");
        a.ctl.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout * 1000));
        return control::run_ctl(a.ctl);
    });
}
