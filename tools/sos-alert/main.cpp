// sos-alert: passes the stream through unchanged and tells a person about its ALERT lines and
// confirmed trades, through Telegram, a webhook or a command, without ever holding the stream.
#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "alerts/alert_filter.hpp"
#include "alerts/command_hook.hpp"
#include "alerts/credentials.hpp"
#include "alerts/telegram.hpp"
#include "alerts/webhook.hpp"
#include "cli/common_options.hpp"
#include "cli/tool_run.hpp"
#include "ndjson/fd_io.hpp"
#include "net/url.hpp"
#include "time/calendar.hpp"

namespace {

namespace cli = sos::cli;
namespace alerts = sos::alerts;
using std::chrono::milliseconds;
constexpr const char* kTool = "sos-alert";

struct Args {
    cli::CommonOptions common;
    bool telegram = false;
    std::string telegram_file;
    std::string telegram_url = std::string(alerts::kTelegramUrl);
    std::string webhook;
    std::string command;
    alerts::AlertLevel min_level = alerts::AlertLevel::Info;
    alerts::TradeMode trades = alerts::TradeMode::All;
    double cooldown_s = 60;
    std::size_t queue = 256;
    double timeout_s = 10;
    double give_up_after_s = 600;
    double drain_s = 5;
};

milliseconds ms(double seconds) {
    return milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

// The URLs, checked before anything starts (their clients start threads, which must come after
// the runner blocks the stop signals).
void check_urls(const Args& a) {
    try {
        if (a.telegram) {
            const auto u = sos::net::parse_url(a.telegram_url);
            if (u.scheme != sos::net::Scheme::Http && u.scheme != sos::net::Scheme::Https)
                throw sos::net::UrlError(u.origin() + ": it must start with http:// or https://");
        }
    } catch (const sos::net::UrlError& e) {
        throw CLI::ValidationError("--telegram-url", e.what());
    }
    try {
        if (!a.webhook.empty()) alerts::WebhookTransport::check_url(a.webhook);
    } catch (const sos::net::UrlError& e) {
        throw CLI::ValidationError("--webhook", e.what());  // its words never show the URL's path
    }
}

std::vector<std::unique_ptr<alerts::Transport>> transports(
    const Args& a, std::optional<alerts::TelegramCredentials> telegram) {
    std::vector<std::unique_ptr<alerts::Transport>> list;
    try {
        if (telegram)
            list.push_back(std::make_unique<alerts::TelegramTransport>(
                alerts::TelegramOptions{.url = a.telegram_url,
                                        .token = std::move(telegram->token),
                                        .chat_id = std::move(telegram->chat_id),
                                        .timeout = ms(a.timeout_s)}));
        if (!a.webhook.empty())
            list.push_back(std::make_unique<alerts::WebhookTransport>(
                alerts::WebhookOptions{.url = a.webhook, .timeout = ms(a.timeout_s)}));
    } catch (const sos::net::UrlError& e) {
        throw CLI::ValidationError(telegram ? "--telegram-url" : "--webhook", e.what());
    }
    if (!a.command.empty())
        list.push_back(std::make_unique<alerts::CommandTransport>(
            alerts::CommandOptions{.command = a.command, .timeout = ms(a.timeout_s)}));
    return list;
}

int run(Args& a) {
    cli::apply_logging(kTool, a.common);
    if (!a.telegram && a.webhook.empty() && a.command.empty())
        throw CLI::ValidationError("name a way out: --telegram, --webhook URL or --command CMD");
    if (!a.telegram && (!a.telegram_file.empty() || a.telegram_url != alerts::kTelegramUrl))
        throw CLI::ValidationError("--telegram-file and --telegram-url go with --telegram");
    check_urls(a);
    const auto calendar = sos::time::Calendar::from_option(a.common.calendar);
    std::optional<alerts::TelegramCredentials> telegram;
    if (a.telegram) telegram = alerts::telegram_credentials(a.telegram_file);

    cli::ToolRun run(a.common);  // before any thread: they inherit its blocked stop signals
    std::vector<std::unique_ptr<alerts::Sender>> senders;
    std::uint64_t seed = 1;
    for (auto& t : transports(a, std::move(telegram)))
        senders.push_back(std::make_unique<alerts::Sender>(
            std::move(t), alerts::SenderOptions{
                              .capacity = a.queue, .give_up_after = ms(a.give_up_after_s), .seed = seed++}));
    alerts::AlertFilter filter(
        {.selection = {.min_level = a.min_level, .cooldown_s = a.cooldown_s, .trades = a.trades},
         .zone = calendar.zone(),
         .drain = ms(a.drain_s)},
        std::move(senders));
    return run.filter(filter);
}

template <class E>
std::map<std::string, E> words() {
    std::map<std::string, E> m;
    for (E e : sos::vocab::all<E>())
        m.emplace(std::string(sos::vocab::name(e)), e);
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    sos::ndjson::ignore_sigpipe();
    CLI::App app{
        "sos-alert: passes the stream through and tells a person its ALERT lines and confirmed trades "
        "(Telegram, a webhook, a command), never holding the stream",
        kTool};
    app.set_version_flag("--version", cli::version_string(kTool));
    Args a;
    app.add_flag("--telegram", a.telegram,
                 "Send each notice to a Telegram chat (token and chat id from $SOS_TELEGRAM_TOKEN and "
                 "$SOS_TELEGRAM_CHAT_ID, or --telegram-file)");
    app.add_option("--telegram-file", a.telegram_file,
                   "An owner-only file of SOS_TELEGRAM_TOKEN=... and SOS_TELEGRAM_CHAT_ID=... lines")
        ->type_name("FILE");
    app.add_option("--telegram-url", a.telegram_url, "The Bot API's address")
        ->capture_default_str()
        ->type_name("URL");
    app.add_option("--webhook", a.webhook, "POST each notice's line, as JSON, to this URL")->type_name("URL");
    app.add_option("--command", a.command, "Run CMD (/bin/sh -c) for each notice, its line on standard input")
        ->type_name("CMD");
    app.add_option("--min-level", a.min_level, "Tell ALERT lines of this level and above")
        ->transform(CLI::CheckedTransformer(words<alerts::AlertLevel>(), CLI::ignore_case))
        ->default_str("info")
        ->type_name("info|warn|crit");
    app.add_option("--trades", a.trades,
                   "Which FILL and EXIT lines to tell: none, live (a live account's only) or all (paper too)")
        ->transform(CLI::CheckedTransformer(words<alerts::TradeMode>(), CLI::ignore_case))
        ->default_str("all")
        ->type_name("none|live|all");
    app.add_option("--cooldown", a.cooldown_s,
                   "Seconds of event time after an alert during which alerts of the same code are held back "
                   "(0: none)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 86400.0))
        ->type_name("S");
    app.add_option("--queue", a.queue,
                   "Notices each way out holds while it is slow or down; then the oldest go")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000))
        ->type_name("N");
    app.add_option("--timeout", a.timeout_s, "Seconds one attempt (a request, a command) may take")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 600.0))
        ->type_name("S");
    app.add_option("--give-up-after", a.give_up_after_s,
                   "Seconds a notice is tried (with back-off) before it is given up")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 86400.0))
        ->type_name("S");
    app.add_option("--drain", a.drain_s, "Seconds at the end to deliver what is still queued")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0))
        ->type_name("S");
    cli::add_common_options(app, a.common,
                            cli::kInput | cli::kOutput | cli::kFilters | cli::kStrict | cli::kCalendar |
                                cli::kLogLevel | cli::kHealth | cli::kControl);
    return cli::run_tool(app, argc, argv, [&] { return run(a); });
}
