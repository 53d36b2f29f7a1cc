// The loop of sos-feed live: connections serviced, news turned into tier decisions, ticks of
// the active tier into candles, time into closed bars and /history requests. Alerts and
// HEALTH lines are in live_alerts.cpp, /history in live_history.cpp.
#include "feed/live/live_source.hpp"

#include <fmt/format.h>

#include <chrono>

#include "diag/log.hpp"
#include "feed/wall_clock.hpp"

namespace sos::feed::live {

namespace {

std::vector<std::string> names_of(const LiveConfig& cfg) {
    std::vector<std::string> names;
    for (const auto& t : cfg.tiers)
        names.push_back(t.name);
    if (cfg.poll_every_s > 0 && !cfg.tiers.empty()) names.push_back("rest");
    if (cfg.yahoo) names.push_back("yahoo");
    return names;
}

sos::live::LiveCandleOptions candle_options(const LiveConfig& cfg) {
    sos::live::LiveCandleOptions o;
    o.tfs = cfg.tfs;
    o.grace_s = cfg.grace_s;
    return o;
}

}  // namespace

std::optional<openalgo::Instrument> parse_instrument(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    if (text.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
    return openalgo::Instrument{std::string(text.substr(colon + 1)), std::string(text.substr(0, colon))};
}

std::optional<std::string> mode_problem(openalgo::Mode mode,
                                        const std::vector<openalgo::Instrument>& instruments) {
    if (mode != openalgo::Mode::Ltp) return std::nullopt;
    for (const auto& i : instruments) {
        if (i.exchange == "NSE_INDEX" || i.exchange == "BSE_INDEX") continue;
        return fmt::format(
            "--mode ltp: its frames carry no volume, so {}:{}'s candles would have none; "
            "use quote (the default) or depth, or ltp for indices only",
            i.exchange, i.symbol);
    }
    return std::nullopt;
}

LiveSource::LiveSource(LiveConfig config, const time::Calendar& calendar)
    : cfg_(std::move(config)),
      calendar_(calendar),
      selector_(names_of(cfg_), cfg_.failback_after_s,
                cfg_.poll_every_s > 0 && !cfg_.tiers.empty() ? sos::live::TierSelector::LastTier::OnDemand
                                                             : sos::live::TierSelector::LastTier::AlwaysOn),
      candles_(candle_options(cfg_), calendar) {
    const auto hours =
        cfg_.session_always ? sos::live::SessionHours::always() : sos::live::SessionHours::of(calendar);
    const std::uint64_t seed = cfg_.seed ? cfg_.seed : static_cast<std::uint64_t>(wall_now().ns);
    for (std::size_t i = 0; i < cfg_.tiers.size(); ++i) {
        const TierConfig& t = cfg_.tiers[i];
        WsTierOptions o;
        o.name = t.name;
        o.url = t.ws;
        o.key = t.key;
        o.instruments = cfg_.instruments;
        o.mode = cfg_.mode;
        o.stall = {cfg_.stall_after_s, cfg_.instrument_stale_s};
        o.backoff = cfg_.backoff;
        o.seed = seed + i;
        tiers_.push_back(std::make_unique<WsTier>(i, service_, std::move(o), hours));
        net::HttpOptions h;
        h.base_url = t.rest;
        rest_.push_back(std::make_unique<net::HttpClient>(std::move(h)));
        limits_.emplace_back(t.limits);
        ws_src_.push_back("openalgo-ws:" + t.name);
        rest_src_.push_back("openalgo-rest:" + t.name);
    }
    if (cfg_.history > 0) warm_ = Warm::Due;
    if (cfg_.poll_every_s > 0 && !cfg_.tiers.empty()) poll_.emplace(cfg_.instruments, cfg_.poll_every_s);
    if (cfg_.yahoo) {
        cfg_.yahoo->seed = seed + cfg_.tiers.size();
        yahoo_ = std::make_unique<YahooTier>(*cfg_.yahoo, cfg_.instruments, calendar_);
        for (const auto& why : yahoo_->refusals())
            diag::warn("yahoo: {}: not asked of Yahoo Finance", why);
    }
    if (cfg_.nse) {
        nse_ = std::make_unique<NseChains>(*cfg_.nse, cfg_.instruments);
        for (const auto& why : nse_->refusals())
            diag::warn("nse: {}: no option chain asked", why);
    }
    if (cfg_.chain_every_s > 0)
        for (const auto& i : cfg_.instruments)
            if (i.exchange == "NSE_INDEX" || i.exchange == "BSE_INDEX")
                chains_.push_back(
                    ChainWatch{i.symbol, i.exchange, i.exchange == "BSE_INDEX" ? "BFO" : "NFO"});
}

LiveSource::~LiveSource() = default;

Source::Pull LiveSource::next(FeedItem& item) {
    if (out_.empty() && !ended_) service(wall_now());
    if (out_.empty()) return ended_ ? Pull::End : Pull::Idle;
    item.events.clear();
    item.raw.clear();
    item.raw_type.clear();
    item.origin = {};
    item.line = 0;
    item.refused.clear();
    Outgoing& o = out_.front();
    item.events.add() = std::move(o.event);
    if (!o.raw.empty()) {
        item.raw = std::move(o.raw);
        item.raw_type = event::type_name(item.events[0].env.kind);
    }
    out_.pop_front();
    return Pull::Ready;
}

void LiveSource::wait_on(pipeline::WaitSet& waits) {
    using Clock = pipeline::WaitSet::Clock;
    for (const auto& t : tiers_)
        waits.add(t->ready_fd());
    for (const auto& r : rest_)
        waits.add(r->ready_fd());
    if (yahoo_) waits.add(yahoo_->ready_fd());
    if (nse_) waits.add(nse_->ready_fd());
    // Bars close, watchdogs look and history is asked for by the clock: look again soon.
    const auto now = wall_now();
    std::int64_t wait_ns = ns_of(0.25);
    for (const auto& t : tiers_)
        if (auto at = t->next_timer())
            wait_ns = std::min(wait_ns, std::max<std::int64_t>(0, at->ns - now.ns));
    waits.until(Clock::now() + std::chrono::nanoseconds(wait_ns));
}

void LiveSource::service(time::Timestamp now) {
    if (!started_yet_) {
        started_yet_ = true;
        started_ = now;
        if (cfg_.health_every_s > 0) next_health_ = time::Timestamp{now.ns + ns_of(cfg_.health_every_s)};
        if (cfg_.duration_s > 0) end_at_ = time::Timestamp{now.ns + ns_of(cfg_.duration_s)};
        for (auto& t : tiers_)
            t->start(now);
    }
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
        news_.clear();
        tiers_[i]->service(now, *this, news_);
        take_news(i, news_, now);
    }
    selector_.check(now, tier_events_);
    take_tier_events(now);
    take_history_answers(now);
    service_yahoo(now);
    candles_.advance(now);
    ask_warm_start(now);
    if (warm_ == Warm::Asked) send_warm();
    ask_history(now);
    ask_chains(now);
    service_nse(now);
    poll_quotes(now);
    if (warm_ == Warm::Asked && (warm_pending_ == 0 || now >= warm_deadline_)) release_warm();
    if (warm_ == Warm::Off || warm_ == Warm::Done) take_candles();
    if (now >= next_health_) {
        health(now);
        next_health_ = time::Timestamp{now.ns + ns_of(cfg_.health_every_s)};
    }
    if (now >= end_at_) finish(now);
}

void LiveSource::on_market_data(std::size_t tier, const openalgo::MarketData& md, time::Timestamp now) {
    ++frames_in_;
    if (selector_.active() != tier) return;  // a standby tier's ticks only prove it alive
    sos::live::LiveTickIn in;
    in.symbol = md.symbol;
    in.exchange = md.exchange;
    in.src = ws_src_[tier];
    in.ltt = md.tick.ltt;
    in.ltp = md.tick.ltp;
    in.volume = md.tick.volume;
    in.oi = md.tick.oi;
    candles_.add_tick(in, now);
}

void LiveSource::take_news(std::size_t tier, std::vector<TierNews>& news, time::Timestamp now) {
    const std::string& name = tiers_[tier]->name();
    for (TierNews& n : news) {
        switch (n.kind) {
            case TierNews::Kind::Up:
                selector_.up(tier, now, tier_events_);
                break;
            case TierNews::Kind::Down:
                selector_.down(tier, n.reason, n.detail, now, tier_events_);
                break;
            case TierNews::Kind::Stalled:
                selector_.stalled(tier, n.silent_s, now, tier_events_);
                break;
            case TierNews::Kind::Stale:
                alert("warn", "FEED_STALE",
                      fmt::format("{}: {} silent for {:.0f} s", name, n.symbol, n.silent_s), now, name,
                      "instrument silent", n.symbol);
                break;
            case TierNews::Kind::Fresh:
                break;
            case TierNews::Kind::Gap:
                if (selector_.active() == tier) candles_.mark_gap();
                break;
            case TierNews::Kind::Problem:
                note(name, n.detail);
                break;
        }
        take_tier_events(now);
    }
}

void LiveSource::take_tier_events(time::Timestamp) {
    using K = sos::live::TierEventKind;
    for (const auto& e : tier_events_) {
        // The polling tier works only while it is needed: when no tier is left, or it is active.
        if (poll_) {
            const auto active = selector_.active();
            if (e.kind == K::NoTierLeft || active == poll_index() || (active && active == yahoo_index()))
                poll_->start();
            else if (active)
                poll_->stop();
        }
        // A switch of the active tier is where ticks may have been missed.
        if (e.kind == K::Failover || e.kind == K::Failback || e.kind == K::NoTierLeft ||
            e.kind == K::Activated)
            candles_.mark_gap();
        alert_for(e);
    }
    tier_events_.clear();
}

void LiveSource::take_candles() {
    auto& ready = candles_.ready();
    for (auto& c : ready) {
        ++candles_out_;
        out_.push_back(Outgoing{std::move(c), {}});
    }
    ready.clear();
    auto& notes = candles_.notes();
    for (const auto& n : notes) {
        switch (n.kind) {
            case sos::live::NoteKind::LateTick:
                ++late_reported_;
                diag::warn("late tick for {} at {}: its bar was already written; not folded in", n.symbol,
                           time::to_epoch_string(n.t));
                break;
            case sos::live::NoteKind::FutureTick:
                diag::warn(
                    "tick for {} dated {} is ahead of this machine's clock; refused (is the clock right?)",
                    n.symbol, time::to_epoch_string(n.t));
                break;
            case sos::live::NoteKind::VolumeWentBack:
                diag::warn("{}: the day's cumulative volume went back at {}; bar volume held", n.symbol,
                           time::to_epoch_string(n.t));
                break;
            case sos::live::NoteKind::HistoryGaveUp:
                diag::warn(
                    "{} {} bar at {}: no /history in time; written from the ticks seen, flagged partial",
                    n.symbol, n.tf ? time::to_string(*n.tf) : std::string(), time::to_epoch_string(n.t));
                break;
        }
    }
    notes.clear();
}

void LiveSource::finish(time::Timestamp now) {
    if (warm_ == Warm::Asked) release_warm();
    warm_ = Warm::Done;
    candles_.finish(now);
    take_candles();
    health(now);
    ended_ = true;
}

bool LiveSource::stop_now() {
    if (ended_) return false;
    finish(wall_now());
    return true;
}

void LiveSource::note(std::string_view tier, std::string_view detail) {
    ++problems_;
    std::string text(detail);
    mask_keys(text);
    diag::warn("{}: {}", tier, text);
}

void LiveSource::mask_keys(std::string& text) const {
    for (const auto& t : cfg_.tiers)
        t.key.mask_in(text);
}

}  // namespace sos::feed::live
