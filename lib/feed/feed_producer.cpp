#include "feed/feed_producer.hpp"

namespace sos::feed {

FeedProducer::FeedProducer(Source& source, FeedWriter& writer, bool show_progress)
    : source_(source),
      writer_(writer),
      bar_(std::string(source.name()), source.progress().total, "B", show_progress) {}

pipeline::Producer::Step FeedProducer::step(ndjson::Output& out) {
    switch (source_.next(item_)) {
        case Source::Pull::End:
            return Step::End;
        case Source::Pull::Idle:
            return Step::Idle;
        case Source::Pull::Ready:
            break;
    }
    if ((++records_ & 4095) == 0) bar_.update(source_.progress().done);
    // A record its source refused (out of sequence) is reported, not written.
    if (!item_.refused.empty())
        return writer_.refuse(item_.origin, item_.line, item_.refused) ? Step::Wrote : Step::End;
    // False at --end, under --strict, on a stop while pacing, or once the reader went away.
    if (!writer_.take(item_.events, item_.raw, item_.raw_type, item_.origin, item_.line, out))
        return Step::End;
    for (const auto& e : item_.events)
        if (e.env.timestamp && e.env.kind != event::Kind::Alert && e.env.kind != event::Kind::Health &&
            (!clock_ || *clock_ < *e.env.timestamp))
            clock_ = e.env.timestamp;
    return Step::Wrote;
}

void FeedProducer::health(pipeline::HealthState& s) const {
    s.in = records_;
    s.event_clock = clock_;
    s.add_text("source", source_.name());
    s.add_int("late", static_cast<std::int64_t>(writer_.late()));
    s.add_int("outside_session", static_cast<std::int64_t>(writer_.outside_session()));
}

void FeedProducer::on_end(ndjson::Output& out) {
    // A stop: what the source still holds goes out before the writer's own end.
    if (!out.closed() && source_.stop_now())
        while (source_.next(item_) == Source::Pull::Ready)
            if (item_.refused.empty() &&
                !writer_.take(item_.events, item_.raw, item_.raw_type, item_.origin, item_.line, out))
                break;
    bar_.finish();
    writer_.finish(out);
}

}  // namespace sos::feed
