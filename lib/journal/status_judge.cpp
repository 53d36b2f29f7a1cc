// Why nothing is trading, from the facts, the time of the view and the calendar: the first reason
// that holds, in IdleReason's order, with the evidence that shows it.
#include <fmt/format.h>

#include <algorithm>

#include "journal/status.hpp"
#include "journal/text_table.hpp"

namespace sos::journal {

namespace {

Verdict idle(IdleReason reason, std::string evidence) {
    return {Activity::NotTrading, reason, std::move(evidence)};
}

std::string clock_text(double t) {
    return local_time(t);
}

// The open of the next session after `now` (today's when it is still ahead).
std::optional<double> next_open(double now, const time::Calendar& calendar) {
    const auto t = time::Timestamp::from_seconds_double(now);
    time::Date d = calendar.local_date(t);
    for (int i = 0; i < 15; ++i, d = time::add_days(d, 1))
        if (auto s = calendar.session(d); s && s->open > t) return s->open.seconds();
    return std::nullopt;
}

std::string source_text(const FeedSource& s) {
    std::string what = s.last_type + (s.last_symbol.empty() ? "" : " " + s.last_symbol) +
                       (s.last_tf.empty() ? "" : " " + s.last_tf);
    return fmt::format("{} from {}", what, s.src);
}

const FeedSource& freshest(const std::vector<FeedSource>& sources, double now,
                           const time::Calendar& calendar) {
    return *std::min_element(sources.begin(), sources.end(), [&](const FeedSource& a, const FeedSource& b) {
        return effective_age_s(a, now, calendar) - a.bar_s < effective_age_s(b, now, calendar) - b.bar_s;
    });
}

std::string stale_evidence(const FeedSource& s, double now, const time::Calendar& calendar,
                           const StatusLimits& limits) {
    const double age = effective_age_s(s, now, calendar);
    const std::string allowed = s.bar_s > 0 ? fmt::format("its {} bar + {}", duration_text(s.bar_s),
                                                          duration_text(limits.stale_after_s))
                                            : duration_text(limits.stale_after_s);
    std::string text = fmt::format("no fresh market data: the newest, {}, ended at {}", source_text(s),
                                   clock_text(s.last_end));
    if (age < now - s.last_end)  // the data is older than the session: counted from its open
        return text + fmt::format("; nothing since the session opened {} ago (allowed: {})",
                                  duration_text(age), allowed);
    return text + fmt::format(", {} ago (allowed: {})", duration_text(age), allowed);
}

std::string no_data_evidence(const StatusFacts& f) {
    if (f.history_lines > 0)
        return fmt::format("no live market data in run {}: only {} line{} of history, up to {}", f.run.name,
                           f.history_lines, f.history_lines == 1 ? "" : "s", clock_text(*f.history_end));
    return fmt::format("no market data in run {} (started {})", f.run.name, clock_text(f.run.started_at));
}

std::string gate_evidence(const GateRun& g) {
    const SignalOutcome& s = g.latest;
    std::string text =
        g.count == 1 ? fmt::format("the day's last decision, at {}, was a refusal by the regime gate",
                                   clock_text(*g.since))
                     : fmt::format("the day's last {} decisions, since {}, were refusals by the regime gate",
                                   g.count, clock_text(*g.since));
    // stage "risk" is sos-risk's gate, "match" a strategy's own regime rule in sos-match
    text += fmt::format("; the latest: {} {} {} in {} (sos-{})", s.strategy,
                        s.symbol.empty() ? "-" : s.symbol, s.side.empty() ? "-" : s.side, s.regime, s.stage);
    return s.detail.empty() ? text : text + ": " + s.detail;
}

Verdict active(const StatusFacts& f, const FeedSource& fresh, double now, const time::Calendar& calendar) {
    const std::string data = fmt::format("fresh data ({}, {} old)", source_text(fresh),
                                         duration_text(effective_age_s(fresh, now, calendar)));
    if (f.orders_today > 0 || !f.positions.empty())
        return {Activity::Trading, std::nullopt,
                fmt::format("{} order{} today, {} position{} open; {}", f.orders_today,
                            f.orders_today == 1 ? "" : "s", f.positions.size(),
                            f.positions.size() == 1 ? "" : "s", data)};
    return {Activity::Ready, std::nullopt, "no order yet today; " + data};
}

// What the operator must act on, in order.
std::optional<Verdict> held(const StatusFacts& f) {
    if (f.run.ended_at)
        return idle(IdleReason::Stopped, fmt::format("run {} ended at {}: nothing is recording it",
                                                     f.run.name, clock_text(*f.run.ended_at)));
    if (f.kill.on) return idle(IdleReason::Killed, "the kill switch is on (" + f.kill.evidence + ")");
    if (f.breaker.known && f.breaker.open)
        return idle(IdleReason::Breaker,
                    fmt::format("circuit breaker open: {} ({})", *f.breaker.open, f.breaker.evidence));
    if (f.pause.on) return idle(IdleReason::Paused, "new entries are paused (" + f.pause.evidence + ")");
    return std::nullopt;
}

}  // namespace

double effective_age_s(const FeedSource& s, double now, const time::Calendar& calendar) {
    double since = s.last_end;
    // Data from before the session says nothing of the session: it is late only once the session
    // has run longer than a fresh feed could stay quiet.
    if (auto session = calendar.session_at(time::Timestamp::from_seconds_double(now)))
        since = std::max(since, session->open.seconds());
    return now - since;
}

bool is_stale(const FeedSource& s, double now, const time::Calendar& calendar, const StatusLimits& limits) {
    return effective_age_s(s, now, calendar) > s.bar_s + limits.stale_after_s;
}

bool is_silent(const ToolHealth& t, double now, const StatusLimits& limits) {
    return now - t.at > limits.silent_after_s;
}

Verdict judge(const StatusFacts& f, double now, const time::Calendar& calendar, const StatusLimits& limits) {
    if (auto v = held(f)) return *v;
    if (!calendar.session_at(time::Timestamp::from_seconds_double(now))) {
        const auto open = next_open(now, calendar);
        return idle(IdleReason::OutsideHours,
                    fmt::format("no session at {}; the next opens at {}", clock_text(now),
                                open ? clock_text(*open) : std::string("(none in the next two weeks)")));
    }
    if (f.sources.empty()) return idle(IdleReason::NoData, no_data_evidence(f));
    const FeedSource& fresh = freshest(f.sources, now, calendar);
    if (is_stale(fresh, now, calendar, limits))
        return idle(IdleReason::Stale, stale_evidence(fresh, now, calendar, limits));
    // The gate refuses entries; with a position open the system is still trading it.
    if (f.gate.count > 0 && f.positions.empty()) return idle(IdleReason::RegimeGate, gate_evidence(f.gate));
    return active(f, fresh, now, calendar);
}

}  // namespace sos::journal
