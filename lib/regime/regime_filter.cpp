#include "regime/regime_filter.hpp"

#include <chrono>

#include "regime/regime_line.hpp"

namespace sos::regime {

void RegimeFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                           ndjson::Output& out) {
    if (pass_) out.pass(line.type, line.text);
    lines_.clear();
    for (const auto& e : events) {
        engine_.observe(e, lines_);
        if (!report_ || e.env.hist || !e.env.timestamp) continue;
        // Forward returns settle on the underlying's bar closes (and ticks).
        if (const auto* k = e.as<event::Candle>())
            report_->price(e.env.symbol, engine_.bar_close(*e.env.timestamp, k->tf), k->c);
        else if (const auto* t = e.as<event::Tick>())
            report_->price(e.env.symbol, *e.env.timestamp, t->ltp);
    }
    write(out);
}

void RegimeFilter::write(ndjson::Output& out) {
    for (const auto& r : lines_) {
        if (report_) report_->record(r);
        if (!pass_) continue;
        buf_.clear();
        encode_regime_line(r, buf_);
        out.emit_encoded("REGIME", buf_);
        ++written_;
    }
}

void RegimeFilter::on_idle(ndjson::Output& out) {
    if (!live_calendar_) return;
    const auto wall = std::chrono::system_clock::now().time_since_epoch();
    const time::Timestamp now{std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count()};
    if (!live_calendar_->session_at(now)) return;
    lines_.clear();
    engine_.check_stale(now, lines_);
    write(out);
}

}  // namespace sos::regime
