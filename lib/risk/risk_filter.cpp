#include "risk/risk_filter.hpp"

#include "diag/log.hpp"

namespace sos::risk {

RiskFilter::RiskFilter(const RiskConfig& cfg, bool live, double max_age_seconds,
                       std::function<time::Timestamp()> wall_clock, FeedbackOptions feedback)
    : book_(cfg),
      decision_(cfg, book_, live, max_age_seconds),
      live_(live),
      wall_clock_(std::move(wall_clock)),
      fb_(feedback) {
    if (!wall_clock_)
        wall_clock_ = [] {
            return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()};
        };
}

void RiskFilter::sync(time::Timestamp at, ndjson::Output& out) {
    if (!fb_.receiver) return;
    ++seq_;
    last_sync_ = at;
    out.always(pipeline::sync_line(seq_, at));
    out.flush();
    using Wait = pipeline::FeedbackReceiver::Wait;
    const auto r = fb_.receiver->wait_for(seq_, fb_.connect_timeout, fb_.ack_timeout,
                                          [&](std::string_view line) { apply_feedback_line(line, out); });
    switch (r) {
        case Wait::Acked:
            return;
        case Wait::NoSender:
            diag::warn("feedback: no sos-exec connected to {} within {} s; deciding without its fills",
                       fb_.receiver->path(), fb_.connect_timeout.count() / 1000.0);
            break;
        case Wait::Closed:
            diag::warn("feedback: sos-exec closed {}; deciding without its fills from now on",
                       fb_.receiver->path());
            break;
        case Wait::TimedOut:
            diag::warn("feedback: sos-exec did not answer within {} s; deciding without its latest fills",
                       fb_.ack_timeout.count() / 1000.0);
            return;  // it may answer next time
    }
    fb_.receiver = nullptr;
}

void RiskFilter::decide_pending(ndjson::Output& out) {
    if (pending_.empty()) return;
    sync(pending_.back().time(), out);
    for (const auto& e : decision_.decide(pending_, wall_clock_()))
        out.emit(e);
    pending_.clear();
}

void RiskFilter::health(pipeline::HealthState& s) const {
    std::int64_t orders = 0, positions = 0;
    for (const auto& t : book_.open())
        ++(t.filled ? positions : orders);
    s.add_int("open_orders", orders);
    s.add_int("open_positions", positions);
    s.add_int("trades_today", book_.trades_today());
    s.add("day_loss", book_.day_loss().to_string());
    // The breaker as the stream's own clock sees it (a replay's, or the live feed's).
    const auto now = book_.last_market_data();
    const auto breaker = now ? book_.breaker_open(*now) : std::nullopt;
    if (breaker)
        s.add_text("breaker", *breaker);
    else
        s.add("breaker", "null");
    s.add_bool("killed", book_.killed());
    s.add_bool("paused", book_.paused());
    // Scoped pauses and kills, when there are any (sos-ctl status shows them).
    auto list = [&](const char* name, const std::set<std::string>& scopes) {
        if (scopes.empty()) return;
        std::string json = "[";
        for (const auto& x : scopes) {
            if (json.size() > 1) json += ',';
            json += '"';
            for (char c : x)
                if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) json += c;
            json += '"';
        }
        s.add(name, json + "]");
    };
    list("paused_scopes", book_.paused_scopes());
    list("killed_scopes", book_.killed_scopes());
    s.add_int("pending_signals", static_cast<std::int64_t>(pending_.size()));
}

void RiskFilter::on_idle(ndjson::Output& out) {
    // In a backtest a pause in the input says nothing about the market: the signals of one
    // candle are decided together when the next line comes, so every run groups them alike.
    // Live, a pause means the candle's signals are all here, and waiting costs money.
    if (live_) decide_pending(out);
    if (!fb_.receiver) return;
    // Live, sos-exec's fills and marks count as they come: the feed gives a line a minute, and a
    // loss beyond the kill limit must not wait for the next SYNC. A backtest keeps them for the
    // SYNC, so that every run decides with the same fills.
    if (live_)
        fb_.receiver->take([&](std::string_view line) { apply_feedback_line(line, out); });
    else
        fb_.receiver->drain();
}

void RiskFilter::apply_feedback_line(std::string_view line, ndjson::Output& out) {
    if (!decoder_.decode(line, decoded_)) {
        diag::warn("feedback: unreadable line from sos-exec ignored: {}", decoder_.error().message());
        return;
    }
    for (const auto& e : decoded_)
        feedback(e, out);
}

void RiskFilter::feedback(const event::Event& e, ndjson::Output& out) {
    for (const auto& extra : book_.observe(e))
        out.emit(extra);
}

void RiskFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                         ndjson::Output& out) {
    // A candle's signals are consecutive SIGNAL lines with one timestamp; anything else ends them.
    const bool signal_line = events.size() == 1 && events[0].env.kind == event::Kind::Signal;
    if (!pending_.empty() && (!signal_line || events[0].env.timestamp != pending_.back().env.timestamp))
        decide_pending(out);
    // While orders are open, sos-exec's marks and exits matter between decisions too (the
    // kill switch watches open loss): catch up every sync_every seconds of stream time.
    if (fb_.receiver && line.kind == event::Kind::Candle && !book_.open().empty() && !events.empty()) {
        const auto at = events[0].time();
        if (!last_sync_ || static_cast<double>(at.ns - last_sync_->ns) >= fb_.sync_every_seconds * 1e9)
            sync(at, out);
    }
    out.pass(line.type, line.text);
    for (const auto& e : events) {
        if (e.env.kind == event::Kind::Signal) {
            pending_.push_back(e);
            continue;
        }
        auto extras = book_.observe(e);
        // History rebuilds the breakers and the kill switch, but what they said then was
        // said then: no alert or kill is repeated.
        if (e.env.hist) continue;
        for (const auto& extra : extras)
            out.emit(extra);
    }
}

}  // namespace sos::risk
