#include "risk/risk_filter.hpp"

#include <chrono>

namespace sos::risk {

RiskFilter::RiskFilter(const RiskConfig& cfg, bool live, double max_age_seconds,
                       std::function<time::Timestamp()> wall_clock)
    : cfg_(cfg), book_(cfg), decision_(cfg, book_, live, max_age_seconds), wall_clock_(std::move(wall_clock)) {
    if (!wall_clock_)
        wall_clock_ = [] {
            return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()};
        };
}

void RiskFilter::decide_pending(ndjson::Output& out) {
    if (pending_.empty()) return;
    if (sync_) sync_(out);
    for (const auto& e : decision_.decide(pending_, wall_clock_())) out.emit(e);
    pending_.clear();
}

void RiskFilter::feedback(const event::Event& e, ndjson::Output& out) {
    for (const auto& extra : book_.observe(e)) out.emit(extra);
}

void RiskFilter::on_line(const pipeline::InputLine& line, const event::EventList& events, ndjson::Output& out) {
    // A candle's signals are consecutive SIGNAL lines with one timestamp; anything else ends them.
    const bool signal_line = events.size() == 1 && events[0].env.kind == event::Kind::Signal;
    if (!pending_.empty() && (!signal_line || events[0].env.timestamp != pending_.back().env.timestamp))
        decide_pending(out);
    out.pass(line.type, line.text);
    for (const auto& e : events) {
        if (e.env.kind == event::Kind::Signal) {
            pending_.push_back(e);
            continue;
        }
        for (const auto& extra : book_.observe(e)) out.emit(extra);
    }
}

}  // namespace sos::risk
