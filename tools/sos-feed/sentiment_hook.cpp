#include "sentiment_hook.hpp"

#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "config/json_config.hpp"
#include "diag/log.hpp"

namespace sos::tools::feed {

void add_sentiment_args(CLI::App& cmd, SentimentArgs& a, bool optional) {
    if (optional) cmd.add_flag("!--no-sentiment", a.enabled, "Write no SENTIMENT_UPDATE after option chains");
    cmd.add_option("--sentiment-config", a.config, "Sentiment settings laid over the shipped ones (JSON)")
        ->type_name("FILE");
    cmd.add_option("--sentiment-state", a.state,
                   "Keep daily ATM IV and closes here across runs (IV rank, historical volatility)")
        ->type_name("FILE");
}

SentimentHook::SentimentHook(const SentimentArgs& a, const time::Calendar& calendar, std::string src)
    : engine_(sentiment::load_sentiment_config(a.config), calendar), writer_(engine_, a.state) {
    engine_.set_src(std::move(src));
}

std::unique_ptr<SentimentHook> make_sentiment_hook(const SentimentArgs& a, const time::Calendar& calendar,
                                                   std::string src, int& exit_code) {
    if (!a.enabled) return nullptr;
    try {
        return std::make_unique<SentimentHook>(a, calendar, std::move(src));
    } catch (const config::ConfigError& e) {
        diag::error("sentiment settings: {}", e.what());
    } catch (const sentiment::StateFileError& e) {
        diag::error("sentiment state: {}", e.what());
    }
    exit_code = cli::kExitConfig;
    return nullptr;
}

}  // namespace sos::tools::feed
