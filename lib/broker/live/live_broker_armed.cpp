// The live broker's entries armed on their underlying (armed_entries.hpp, docs/decisions.md
// "Entries triggered on their underlying, live"): ARMED in the state file from the start, judged
// on the underlying's candles as the paper broker judges a stop entry, and only then a request:
// ARMED -> INTENT (synced) -> queued -> SENT. Slice 0 of an option goes by optionsorder (ATM
// when it goes); the other slices wait for the option it placed and go by placeorder on it.
#include <fmt/format.h>

#include "broker/live/client_order_id.hpp"
#include "broker/live/live_broker.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

namespace {

Evidence of(EvidenceKind k) {
    return Evidence{k, {}, 0};
}

std::string_view through(vocab::Side side) {
    return side == vocab::Side::Buy ? "at or above" : "at or below";
}

}  // namespace

std::string LiveBroker::armed_message(const LiveOrder& o) const {
    const auto& a = *o.armed;
    const auto bars = a.tf.seconds > 0
                          ? (a.until.ns - a.from.ns) / (std::int64_t{a.tf.seconds} * time::kNanosPerSecond)
                          : 0;
    return fmt::format(
        "ARMED: watching {} for a trade {} {} ({} candle(s) of {}s), then {} at MARKET; synced to the state "
        "file, nothing sent",
        a.on.underlying, through(a.on.side), a.on.level.to_string(), bars, a.tf.seconds,
        by_options(o) ? "optionsorder (ATM)" : "placeorder");
}

bool LiveBroker::by_options(const LiveOrder& o) const {
    return o.role == OrderRole::Entry && o.slice == 0 && o.armed &&
           options_order_for(o.body, o.armed->on.underlying, *instruments_).has_value();
}

// Slice 0 of each ORDER decides (its candles); a later slice follows it (fire_followers). The
// expiry withdraws every slice not yet sent. Nothing fires while the start's reconciliation is
// not done or found a mismatch (an armed entry is a new entry): a crossing then is kept, and
// fires once the reconciliation agrees or the operator accepts the broker's positions, unless
// its expiry, a kill or a pause came first (fire_crossed). It is kept in memory only: a restart
// meanwhile re-arms the entry, which waits for a new crossing.
void LiveBroker::watch_armed(const event::Event& e, EventSink& out) {
    const auto& k = *e.as<event::Candle>();
    for (auto& [id, o] : orders_) {
        if (o.progress.state != LiveState::Armed || !o.armed) continue;
        const auto verdict = judge(*o.armed, e.env.symbol, e.time(), k);
        if (verdict == ArmedVerdict::Expire) {
            withdraw(o, vocab::WithdrawReason::Expired, out);
            continue;
        }
        if (verdict != ArmedVerdict::Fire || o.slice != 0 || o.crossed) continue;
        if (auto p = trades_.find(o.order_id); p != trades_.end() && p->second.exiting)
            continue;  // withdrawn
        auto message =
            fmt::format("TRIGGERED: {} traded {} {} ({} {}); the order goes at MARKET{}",
                        o.armed->on.underlying, through(o.armed->on.side), o.armed->on.level.to_string(),
                        o.armed->on.side == vocab::Side::Buy ? "high" : "low",
                        reached(*o.armed, k).to_string(), by_options(o) ? " by optionsorder (ATM now)" : "");
        if (gate_ == Gate::Open) {
            fire(o, std::move(message), out);
            continue;
        }
        say(o, "ARMED: " + message + ", once the start's reconciliation with the broker agrees", out);
        o.crossed = std::move(message);
    }
    fire_followers(out);
}

void LiveBroker::fire_crossed(EventSink& out) {
    if (gate_ != Gate::Open) return;
    for (auto& [id, o] : orders_) {
        if (o.progress.state != LiveState::Armed || !o.crossed) continue;
        const auto p = trades_.find(o.order_id);
        if (p == trades_.end() || !p->second.exiting)
            fire(o, *o.crossed + " (after the start's reconciliation)", out);
    }
    fire_followers(out);
}

// ARMED -> INTENT, synced, then queued as an entry. A full queue withdraws it (never sent).
void LiveBroker::fire(LiveOrder& o, std::string message, EventSink& out) {
    if (apply(o.progress, of(EvidenceKind::Triggered)) != Applied::Moved) return;
    record(o);
    say(o, std::move(message), out);
    if (auto refusal = pacer_.offer_entry({queued_place(o)}, ratelimit::Clock::now())) {
        say(o, fmt::format("{}: {}", refusal->reason, refusal->detail), out);
        withdraw(o, vocab::WithdrawReason::QueueFull, out);
    }
}

// A later slice of a triggered ORDER: on the option slice 0 placed (once its answer or the
// order book named it), on the planned symbol when slice 0 ended without one (refused); at once
// when slice 0 is not an optionsorder.
void LiveBroker::fire_followers(EventSink& out) {
    for (auto& [id, o] : orders_) {
        if (o.progress.state != LiveState::Armed || o.slice == 0 || gate_ != Gate::Open) continue;
        const auto first = orders_.find(*client_order_id(o.order_id, 0));
        if (first == orders_.end() || first->second.progress.state == LiveState::Armed) continue;
        const auto& lead = first->second;
        if (lead.progress.state == LiveState::Withdrawn) continue;  // withdrawn with it
        if (by_options(lead) && !lead.resolved && !is_final(lead.progress.state)) continue;
        std::string how = "with slice 0";
        if (lead.resolved) {
            o.body.symbol = lead.body.symbol;
            o.resolved = true;
            how = fmt::format("with slice 0, on the option it placed ({})", lead.body.symbol);
        }
        fire(o, fmt::format("TRIGGERED {}: placeorder at MARKET", how), out);
    }
}

// The option OpenAlgo placed for an optionsorder: the order trades it from now on (recorded with
// the order's next state). One of another series than the signal's is alerted, and still
// tracked: it is what the broker holds.
void LiveBroker::resolve(LiveOrder& o, const std::string& symbol, EventSink& out) {
    if (!same_series(o.body.symbol, symbol))
        alert(
            "OPTION_MISMATCH",
            fmt::format("{} ({}): optionsorder placed {}, not of the signal's series ({}); tracked as placed",
                        o.order_id, o.client_id, symbol, o.body.symbol),
            out);
    o.body.symbol = symbol;
    o.resolved = true;
}

// An unanswered optionsorder: its row is of the signal's series at any strike (the order book
// names the option); it is then the order's symbol.
bool LiveBroker::settle_unknown_option(LiveOrder& o, const std::vector<openalgo::BookOrder>& book) {
    const auto row = match_unknown_option(o.body, book, claimed_);
    if (!row) return false;
    o.broker_order_id = row->orderid;
    claimed_.insert(row->orderid);
    o.body.symbol = row->symbol;
    o.resolved = true;
    return true;
}

// CONTROL pause for sos-exec: entries still armed in its scope are withdrawn (a pause holds new
// entries; an armed one would open a position). Entries already sent are left to work.
void LiveBroker::pause_armed(std::string_view scope, EventSink& out) {
    const std::string s = scope == "all" ? std::string() : std::string(scope);
    for (auto& [id, o] : orders_) {
        if (o.progress.state != LiveState::Armed) continue;
        const auto p = trades_.find(o.order_id);
        const bool strategy = p != trades_.end() && p->second.plan.strategy == s;
        if (s.empty() || s == o.body.symbol || s == o.underlying || strategy)
            withdraw(o, vocab::WithdrawReason::Pause, out);
    }
}

}  // namespace sos::broker::live
