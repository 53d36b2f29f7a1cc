// --chain-every S: an OPTION_CHAIN for each index instrument (NSE_INDEX on NFO, BSE_INDEX on
// BFO) every S seconds, from the active instance's REST: the nearest expiry from /expiry
// (asked once per exchange day: expiries move with holidays, and assuming a weekday is the
// mistake the reference warns of), then /optionchain with --chain-strikes strikes each side of
// the money. The chain is stamped with the exchange clock when asked, so the sentiment
// sos-feed computes after each chain works on live chains unchanged. Nothing is asked before
// the first tick (the exchange's date is not known before it).
#include <fmt/format.h>

#include "diag/log.hpp"
#include "feed/live/live_source.hpp"
#include "openalgo/rest_events.hpp"
#include "openalgo/rest_requests.hpp"

namespace sos::feed::live {

std::optional<std::uint64_t> LiveSource::submit_rest(std::size_t tier, std::string_view path,
                                                     std::string body) {
    if (!limits_[tier].try_acquire(path, ratelimit::Clock::now()).granted) return std::nullopt;
    net::HttpRequest req;
    req.path = std::string(path);
    req.body = std::move(body);
    req.idempotent = true;
    req.timeout = std::chrono::milliseconds(15000);
    return rest_[tier]->submit(std::move(req));
}

void LiveSource::ask_chains(time::Timestamp now) {
    if (chains_.empty() || !candles_.has_clock() || rest_.empty()) return;
    const time::Timestamp exch = candles_.exchange_now(now);
    const time::Date today = calendar_.local_date(exch);
    const std::size_t tier = history_tier();
    const std::string_view key = cfg_.tiers[tier].key.reveal();
    for (std::size_t i = 0; i < chains_.size(); ++i) {
        ChainWatch& c = chains_[i];
        if (c.in_flight || now < c.next) continue;
        HistoryAsk ask{c.underlying, c.exchange, tier, exch, std::nullopt, HistoryAsk::What::Chain};
        std::optional<std::uint64_t> id;
        if (!c.expiry || c.expiry_asked_on != today || *c.expiry < today) {
            ask.what = HistoryAsk::What::Expiry;
            id = submit_rest(tier, openalgo::kExpiryPath,
                             openalgo::encode_expiry(key, c.underlying, c.fno_exchange,
                                                     openalgo::InstrumentType::Options));
            if (id) c.expiry_asked_on = today;
        } else {
            openalgo::OptionChainRequest r{c.underlying, c.exchange, *c.expiry, cfg_.chain_strikes, {}, {}};
            id = submit_rest(tier, openalgo::kOptionChainPath, openalgo::encode_optionchain(key, r));
            if (id) c.next = time::Timestamp{now.ns + static_cast<std::int64_t>(cfg_.chain_every_s * 1e9)};
        }
        if (!id) continue;  // over budget or held by a 429: asked again on a later pass
        c.in_flight = true;
        history_asks_[*id] = std::move(ask);
    }
}

void LiveSource::take_chain_answer(const HistoryAsk& ask, const net::HttpResult& r, time::Timestamp now) {
    ChainWatch* c = nullptr;
    for (auto& w : chains_)
        if (w.underlying == ask.symbol && w.exchange == ask.exchange) c = &w;
    if (!c) return;
    c->in_flight = false;
    const std::string& name = cfg_.tiers[ask.tier].name;
    const bool expiry = ask.what == HistoryAsk::What::Expiry;
    const std::string_view what = expiry ? "/expiry" : "/optionchain";
    if (r.outcome != net::HttpOutcome::Answered) {
        note(name, r.error);
        if (expiry) c->expiry_asked_on.reset();
        return;
    }
    auto hold = [&](const openalgo::RestError& e) {
        if (e.retry_after_s)
            limits_[ask.tier].retry_after(
                expiry ? openalgo::kExpiryPath : openalgo::kOptionChainPath, ratelimit::Clock::now(),
                std::chrono::milliseconds(static_cast<std::int64_t>(*e.retry_after_s * 1000)));
        note(name, fmt::format("{} for {}: {}", what, ask.symbol, e.describe()));
    };
    if (expiry) {
        auto dates = openalgo::parse_expiry(r.status, r.body);
        if (!dates.ok()) {
            c->expiry_asked_on.reset();
            hold(dates.error);
            return;
        }
        const time::Date today = calendar_.local_date(ask.closed_by);
        c->expiry.reset();
        for (const auto& d : *dates.value)
            if (!(d < today)) {
                c->expiry = d;
                break;
            }
        if (!c->expiry) note(name, fmt::format("/expiry for {}: no expiry on or after today", ask.symbol));
        return;
    }
    auto chain = openalgo::parse_optionchain(r.status, r.body);
    if (!chain.ok()) {
        hold(chain.error);
        return;
    }
    auto e = openalgo::option_chain_event(*chain.value, ask.exchange, ask.closed_by, rest_src_[ask.tier]);
    if (!e) {
        note(name, fmt::format("/optionchain for {}: no expiry or underlying price; skipped", ask.symbol));
        return;
    }
    (void)now;
    out_.push_back(Outgoing{std::move(*e), {}});
}

}  // namespace sos::feed::live
