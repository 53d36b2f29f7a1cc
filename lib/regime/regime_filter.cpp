#include "regime/regime_filter.hpp"

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
            report_->price(e.env.symbol, e.env.timestamp->plus_seconds(k->tf.daily() ? 0 : k->tf.seconds),
                           k->c);
        else if (const auto* t = e.as<event::Tick>())
            report_->price(e.env.symbol, *e.env.timestamp, t->ltp);
    }
    for (const auto& r : lines_) {
        if (report_) report_->record(r);
        if (!pass_) continue;
        buf_.clear();
        encode_regime_line(r, buf_);
        out.emit_encoded("REGIME", buf_);
        ++written_;
    }
}

}  // namespace sos::regime
