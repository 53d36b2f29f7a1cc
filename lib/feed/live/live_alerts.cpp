// What sos-feed live says about its sources: ALERT lines for every change of a tier's health
// or of the active tier, and a HEALTH line every --health-every seconds. Both carry fields of
// their own beside the contract's (source, reason; each source's state, last tick ages,
// reconnects, late ticks), so the lines are written whole here rather than by the encoder alone.
#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "feed/health_identity.hpp"
#include "feed/live/live_source.hpp"
#include "feed/status_line.hpp"

namespace sos::feed::live {

void LiveSource::alert(std::string_view level, std::string_view code, std::string message,
                       time::Timestamp now, std::string_view source, std::string_view reason,
                       std::string_view symbol) {
    event::Event e;
    e.env.kind = event::Kind::Alert;
    e.env.timestamp = now;
    e.env.symbol.assign(symbol);
    auto& a = e.body.emplace<event::Alert>();
    a.level.assign(level);
    a.code.assign(code);
    a.message = std::move(message);
    mask_keys(a.message);
    a.tool = "sos-feed";
    nlohmann::json extra = {{"source", source}, {"reason", reason}};
    std::string raw = encode_with_fields(e, extra.dump());
    out_.push_back(Outgoing{std::move(e), std::move(raw)});
}

void LiveSource::alert_for(const sos::live::TierEvent& e) {
    using K = sos::live::TierEventKind;
    const auto words = sos::live::alert_words(e.kind);
    const std::string& name = selector_.name(e.tier);
    const std::string_view why = sos::live::reason_text(e.reason);
    const std::string from = e.from ? selector_.name(*e.from) : std::string();
    const std::string detail = e.detail.empty() ? std::string() : ": " + e.detail;
    std::string message;
    switch (e.kind) {
        case K::Up:
            message = fmt::format("{}: {}", name, why);
            break;
        case K::Down:
            message = fmt::format("{}: down, {}{}", name, why, detail);
            break;
        case K::Stalled:
            message = fmt::format("{}: connected but silent{}", name, detail);
            break;
        case K::Failover:
            message = fmt::format("feed moved from {} to {}: {} {}", from, name, from, why);
            break;
        case K::Failback:
            message = fmt::format("feed back on {} (from {}): healthy for {:.0f} s", name, from,
                                  cfg_.failback_after_s);
            break;
        case K::NoTierLeft:
            message = fmt::format("no feed left: {} {}; no candles until a source is back", name, why);
            break;
        case K::Activated:
            message = fmt::format("feed on {}", name);
            break;
    }
    alert(words.level, words.code, std::move(message), e.at, name, why);
}

void LiveSource::health(time::Timestamp now) {
    event::Event e;
    e.env.kind = event::Kind::Health;
    e.env.timestamp = now;
    auto& h = e.body.emplace<event::Health>();
    h.tool = "sos-feed";
    h.pid = static_cast<std::int64_t>(::getpid());
    h.uptime_s = static_cast<double>(now.ns - started_.ns) / 1e9;
    h.in = static_cast<std::int64_t>(frames_in_);
    h.out = static_cast<std::int64_t>(candles_out_);
    h.bad = static_cast<std::int64_t>(problems_);
    nlohmann::json sources = nlohmann::json::array();
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
        const WsTier& t = *tiers_[i];
        nlohmann::json ages = nlohmann::json::object();
        const auto& w = t.watchdog();
        for (std::size_t id = 0; id < w.size(); ++id) {
            auto age = w.age_s(id, now);
            ages[w.symbol(id)] = age ? nlohmann::json(std::round(*age * 10) / 10) : nlohmann::json(nullptr);
        }
        sources.push_back({{"name", t.name()},
                           {"state", sos::live::state_text(selector_.state(i))},
                           {"connection", phase_name(t.phase())},
                           {"reconnects", t.reconnects()},
                           {"frames", t.frames()},
                           {"bad_frames", t.bad_frames()},
                           {"last_tick_age_s", std::move(ages)}});
    }
    if (poll_) {
        const std::size_t i = tiers_.size();
        sources.push_back({{"name", selector_.name(i)},
                           {"state", sos::live::state_text(selector_.state(i))},
                           {"connection", poll_->polling() ? "polling" : "idle"},
                           {"polls", poll_->polls()},
                           {"failures", poll_->failures()}});
    }
    yahoo_health(sources, now);
    const auto& c = candles_.counts();
    auto active = selector_.active();
    nlohmann::json extra = {
        {"feed", active ? nlohmann::json(selector_.name(*active)) : nlohmann::json(nullptr)},
        {"sources", std::move(sources)},
        {"switches", selector_.switches()},
        {"late", c.late},
        {"held", c.held},
        {"from_history", c.from_history},
        {"gave_up", c.gave_up}};
    nse_health(extra);
    add_identity(extra);
    std::string raw = encode_with_fields(e, extra.dump());
    out_.push_back(Outgoing{std::move(e), std::move(raw)});
}

}  // namespace sos::feed::live
