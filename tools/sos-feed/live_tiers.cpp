#include "live_tiers.hpp"

#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "net/url.hpp"
#include "yahoo/yahoo_names.hpp"

namespace sos::tools::feed {

void add_tier_options(CLI::App& cmd, LiveTierArgs& a) {
    cmd.add_option(
           "--yahoo-every", a.yahoo_every,
           "The yahoo tier: ask Yahoo Finance for each instrument's 1-minute chart this often while it is "
           "in use")
        ->type_name("S")
        ->check(CLI::Range(1.0, 3600.0))
        ->capture_default_str();
    cmd.add_option(
           "--yahoo-names", a.yahoo_names,
           "The yahoo tier: a file of Yahoo names laid over the shipped table (EXCHANGE:SYMBOL NAME a line)")
        ->type_name("FILE");
    cmd.add_option("--yahoo-url", a.yahoo_url,
                   "The yahoo tier: the chart server (default: Yahoo Finance's own)")
        ->type_name("URL");
    cmd.add_option(
           "--chain-source", a.chain_source,
           "Where option chains come from: openalgo (the active instance's /optionchain) or nse (NSE's "
           "public option chain)")
        ->check(CLI::IsMember({"openalgo", "nse"}))
        ->capture_default_str();
    cmd.add_option("--nse-expiries", a.nse_expiries, "--chain-source nse: chains of the nearest N expiries")
        ->check(CLI::Range(1, 8))
        ->capture_default_str();
    cmd.add_option("--nse-api", a.nse_api,
                   "--chain-source nse: v3 (one expiry a request, as NSE's page asks) or legacy (every "
                   "expiry at once)")
        ->check(CLI::IsMember({"v3", "legacy"}))
        ->capture_default_str();
    cmd.add_option("--nse-url", a.nse_url, "--chain-source nse: the server (default: NSE's own)")
        ->type_name("URL");
}

namespace {

bool web_url(const std::string& option, const std::string& text) {
    try {
        auto url = net::parse_url(text);
        if (url.scheme == net::Scheme::Http || url.scheme == net::Scheme::Https) return true;
        diag::error("{}: \"{}\": it must start with http:// or https://", option, text);
    } catch (const net::UrlError& e) {
        diag::error("{}: {}", option, e.what());
    }
    return false;
}

bool take_nse(const LiveTierArgs& a, sos::feed::live::LiveConfig& cfg) {
    if (a.chain_source != "nse") return true;
    sos::feed::live::NseChainOptions n;
    if (!a.nse_url.empty()) n.base_url = a.nse_url;
    if (!web_url("--nse-url", n.base_url)) return false;
    n.endpoint = a.nse_api == "legacy" ? nse::NseEndpoint::Legacy : nse::NseEndpoint::V3;
    n.expiries = a.nse_expiries;
    if (cfg.chain_every_s > 0) n.chain_every_s = cfg.chain_every_s;
    cfg.chain_every_s = 0;  // no chains asked of the instances
    cfg.nse = std::move(n);
    return true;
}

}  // namespace

std::optional<std::vector<std::string>> take_tiers(const std::vector<std::string>& feed,
                                                   const LiveTierArgs& a, sos::feed::live::LiveConfig& cfg,
                                                   int& status) {
    status = cli::kExitUsage;
    std::vector<std::string> brokers;
    for (std::size_t i = 0; i < feed.size(); ++i) {
        if (feed[i] != "yahoo") {
            brokers.push_back(feed[i]);
            continue;
        }
        if (i + 1 != feed.size()) {
            diag::error(
                "--feed: yahoo must be the last tier (it is polled, delayed and gives candles only): "
                "put it after every OpenAlgo instance");
            return std::nullopt;
        }
        sos::feed::live::YahooTierOptions y;
        if (!a.yahoo_url.empty()) y.base_url = a.yahoo_url;
        if (!web_url("--yahoo-url", y.base_url)) return std::nullopt;
        try {
            (void)yahoo::YahooNames::from_option(a.yahoo_names);
        } catch (const yahoo::NamesError& e) {
            diag::error("--yahoo-names: {}", e.what());
            status = cli::kExitConfig;
            return std::nullopt;
        }
        y.names_file = a.yahoo_names;
        y.every_s = a.yahoo_every;
        cfg.yahoo = std::move(y);
    }
    if (!take_nse(a, cfg)) return std::nullopt;
    return brokers;
}

}  // namespace sos::tools::feed
