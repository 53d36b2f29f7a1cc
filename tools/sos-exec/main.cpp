// sos-exec: executes the ORDER lines of the stream through a broker (the paper broker: fills
// simulated from the stream's candles and option chains) and writes what happened.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <optional>

#include "broker/exec_filter.hpp"
#include "broker/live/accept_broker.hpp"
#include "broker/live/exec_mode.hpp"
#include "broker/live/open_brokers.hpp"
#include "broker/paper/paper_broker.hpp"
#include "broker/paper/paper_config_file.hpp"
#include "brokers/api_key.hpp"
#include "cli/common_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/print_text.hpp"
#include "cli/tool_run.hpp"
#include "diag/log.hpp"
#include "instrument/registry_file.hpp"
#include "lockfile/lock_error.hpp"
#include "money/fee_file.hpp"
#include "ndjson/fd_io.hpp"
#include "pipeline/feedback.hpp"
#include "pipeline/waker.hpp"
#include "time/calendar.hpp"

namespace {

namespace cli = sos::cli;
constexpr const char* kTool = "sos-exec";

struct Args {
    cli::CommonOptions common;
    sos::broker::live::ModeOptions mode;
    std::string config;
    std::string fees;
    std::string instruments;
    std::string feedback;
    bool print_defaults = false;
    std::string lock_dir;
    int order_timeout_ms = 10000;
    int book_every_ms = 1000;
    std::size_t order_queue = 50;
    std::string leg_failed = "unwind";
    // sos-exec reconcile --accept-broker
    CLI::App* reconcile = nullptr;
    bool accept_broker = false;
    sos::broker::live::ModeOptions accept;
    std::string accept_lock_dir;
};

namespace live = sos::broker::live;

// Refused before anything is read: the status says whether the command line (64) or the
// brokers file (78) lacks the yes.
live::ModeChoice chosen_mode(const live::ModeOptions& m) {
    auto choice = live::choose_mode(m);
    if (choice.refusal_status == cli::kExitUsage) throw CLI::ValidationError(choice.refusal);
    if (choice.refusal_status != 0) throw sos::config::ConfigError(choice.refusal);
    return choice;
}

// Keys, then each instance's lock, then the state files (open_brokers.hpp). Another live
// executor on an account: 75 (EX_TEMPFAIL), naming it; a lock folder that cannot be used: 73.
std::unique_ptr<sos::broker::Broker> openalgo_brokers(
    const Args& a, const live::ModeChoice& choice, const sos::broker::PaperConfig& paper,
    std::shared_ptr<const sos::instrument::Registry> instruments, sos::pipeline::Waker& waker, int& refused) {
    live::LiveSettings s;
    s.calendar = paper.calendar;  // the session's square-off, as the paper broker's
    s.square_off_seconds = paper.square_off_seconds;
    s.state = a.mode.state;
    s.lock_dir = a.lock_dir;
    s.entry_valid_bars = paper.entry_valid_bars;
    s.order_timeout = std::chrono::milliseconds(a.order_timeout_ms);
    s.book_every = std::chrono::milliseconds(a.book_every_ms);
    s.queue_capacity = a.order_queue;
    s.leg_failed =
        sos::vocab::parse<sos::vocab::LegFailure>(a.leg_failed).value_or(sos::vocab::LegFailure::Unwind);
    s.wake = waker.hook();  // an answer or a frame is written at once, not at the next tick
    try {
        return live::open_openalgo_brokers(choice, s, std::move(instruments));
    } catch (const sos::lockfile::LockHeld& e) {
        sos::diag::error("{}", e.what());
        refused = cli::kExitTempFail;
    } catch (const sos::lockfile::LockError& e) {
        sos::diag::error("{}", e.what());
        refused = cli::kExitCantCreate;
    }
    return nullptr;
}

// sos-exec reconcile --accept-broker: the broker's positions recorded as sos's in the state file.
int accept_broker(const Args& a) {
    if (!a.accept_broker)
        throw CLI::ValidationError("sos-exec reconcile: say --accept-broker (the one action)");
    auto m = a.accept;
    m.live = true;  // an account that trades live: its entry must say "live": true
    const auto choice = chosen_mode(m);
    live::AcceptOptions o;
    o.broker_name = choice.entry().name;
    o.rest = choice.entry().rest;
    o.key = sos::brokers::read_api_key(*choice.file, choice.entry());
    o.state_path = live::state_path_for(m.state, o.broker_name);
    o.lock_dir = a.accept_lock_dir;
    const auto r = live::accept_broker_positions(o);
    std::fputs(r.lines.c_str(), stdout);
    std::fprintf(stderr, "%s reconcile: %s\n", kTool, r.message.c_str());
    return r.status;
}

int run(const Args& a) {
    cli::apply_logging(kTool, a.common);
    if (a.print_defaults)
        return cli::print_text({sos::broker::shipped_exec_config(), sos::money::shipped_fee_schedule(),
                                sos::instrument::shipped_instruments()});
    if (a.reconcile->parsed()) return accept_broker(a);
    const auto choice = chosen_mode(a.mode);
    const auto calendar = sos::time::Calendar::from_option(a.common.calendar);
    // Every setting and every fee table is checked before the first line is read.
    auto paper = sos::broker::load_paper_config(a.config, a.fees, calendar);
    // One registry: the lot check and the paper broker's ticks read the same instance.
    auto instruments =
        std::make_shared<sos::instrument::Registry>(sos::instrument::load_registry(a.instruments));
    paper.instruments = instruments;

    cli::ToolRun run(a.common);
    // Before the broker: its network threads wake the stage through it until they are joined.
    sos::pipeline::Waker waker;
    std::optional<sos::pipeline::FeedbackSender> sender;
    if (!a.feedback.empty()) sender.emplace(a.feedback);
    std::unique_ptr<sos::broker::Broker> broker;
    int refused = 0;
    if (choice.mode == live::ExecMode::Paper)
        broker = std::make_unique<sos::broker::PaperBroker>(std::move(paper));
    else
        broker = openalgo_brokers(a, choice, paper, instruments, waker, refused);
    if (!broker) return refused;
    run.wake_with(waker);  // the paper broker never wakes it: a replay stays deterministic
    sos::broker::ExecFilter filter(std::move(broker), sender ? &*sender : nullptr, instruments);
    // The broker's own clock: what arrives with no input line is written on this tick.
    return run.filter(filter, filter.broker().poll_interval());
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{
        "sos-exec: executes ORDER lines (on paper, or through an OpenAlgo broker) and writes ORDER_UPDATE, "
        "FILL, EXIT and POSITION lines",
        kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    Args a;
    app.add_option("--broker", a.mode.broker,
                   "Which broker executes: paper (simulated from the stream), or an entry of the brokers "
                   "file (with --live, or --dry-run)")
        ->capture_default_str()
        ->type_name("NAME");
    app.add_option("--brokers", a.mode.brokers,
                   "The brokers file naming each OpenAlgo instance (default: $SOS_BROKERS)")
        ->type_name("FILE");
    app.add_flag(
        "--live", a.mode.live,
        "Send real orders to --broker NAME (its entry in the brokers file must also say \"live\": true)");
    app.add_flag("--dry-run", a.mode.dry_run,
                 "Write each request --broker NAME would be sent (REQUEST lines, key masked); send nothing");
    app.add_option("--routes", a.mode.routes,
                   "Send each ORDER to the broker this routes file chooses (by symbol, strategy, or a "
                   "default), instead of all to --broker (with --live or --dry-run)")
        ->type_name("FILE");
    app.add_option("--state", a.mode.state,
                   "The live state file: each order's intent, synced before its request leaves; with "
                   "several brokers, {broker} in it is each broker's name")
        ->type_name("FILE");
    app.add_option("--lock-dir", a.lock_dir,
                   "Live: the folder of the per-account locks (one live executor per account; default: "
                   "$XDG_RUNTIME_DIR/sos, else /tmp/sos-UID)")
        ->type_name("DIR");
    app.add_option("--order-queue", a.order_queue,
                   "Live: entry requests that may wait for the rate budget; an ORDER that does not fit is "
                   "refused (REJECT QUEUE_FULL)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000))
        ->type_name("N");
    app.add_option("--order-timeout", a.order_timeout_ms,
                   "Live: milliseconds a placement's answer is waited for; past it the order is UNKNOWN "
                   "until the order book settles it (never resent)")
        ->capture_default_str()
        ->check(CLI::Range(100, 120000))
        ->type_name("MS");
    app.add_option("--leg-failed", a.leg_failed,
                   "Live: a structure one of whose legs failed while others filled is unwound (the legs "
                   "that filled closed at MARKET, short legs first) or left as it stands with ALERT "
                   "STRUCTURE_LEG_FAILED")
        ->capture_default_str()
        ->check(CLI::IsMember({"unwind", "alert"}))
        ->type_name("unwind|alert");
    app.add_option("--book-every", a.book_every_ms,
                   "Live: milliseconds between reads of the order book and trade book while an order is "
                   "not settled")
        ->capture_default_str()
        ->check(CLI::Range(100, 60000))
        ->type_name("MS");
    app.add_option("--config", a.config,
                   "Paper settings laid over the shipped ones (JSON; see --print-defaults)")
        ->type_name("FILE");
    app.add_option("--fees", a.fees, "Charges laid over the shipped schedule (JSON; see --print-defaults)")
        ->type_name("FILE");
    app.add_option("--instruments", a.instruments,
                   "Instrument registry laid over the shipped one: orders are held to its lots, fills to "
                   "its ticks (JSON; give sos-risk the same file)")
        ->type_name("FILE");
    app.add_option("--feedback", a.feedback,
                   "Send what happens back to sos-risk at this Unix socket (sos-risk --feedback PATH)")
        ->type_name("PATH");
    a.reconcile = app.add_subcommand(
        "reconcile",
        "After ALERT RECONCILE_MISMATCH: accept the broker's positions into the state file, so the "
        "next start of sos-exec --live adopts them and trades again");
    a.reconcile->add_flag("--accept-broker", a.accept_broker,
                          "Read the broker's position book now and record it as what sos holds");
    a.reconcile->add_option("--brokers", a.accept.brokers, "The brokers file (default: $SOS_BROKERS)")
        ->type_name("FILE");
    a.reconcile->add_option("--broker", a.accept.broker, "The entry of the brokers file")
        ->required()
        ->type_name("NAME");
    a.reconcile
        ->add_option("--state", a.accept.state,
                     "The live state file of that account ({broker} in it is the entry's name)")
        ->required()
        ->type_name("FILE");
    a.reconcile
        ->add_option("--lock-dir", a.accept_lock_dir,
                     "The folder of the per-account locks, as sos-exec --live was given it (an "
                     "executor trading the account now refuses the acceptance: 75)")
        ->type_name("DIR");
    cli::add_print_defaults(app, a.print_defaults,
                            "data/exec.json, then data/fees.json, then data/instruments.json");
    cli::add_common_options(app, a.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar |
                                cli::kLogLevel | cli::kHealth | cli::kControl);
    return cli::run_tool(app, argc, argv, [&] {
        a.common.live_control = a.mode.live;  // --live trades: its control socket is on by default
        return run(a);
    });
}
