#include "strategy/match_filter.hpp"

#include "strategy/parallel.hpp"

namespace sos::strategy {

namespace {
constexpr std::uint64_t kPeriodicLines = 4096;
}

MatchFilter::MatchFilter(Engine& engine, int threads) : engine_(engine) {
    if (threads > 1) parallel_ = std::make_unique<ParallelJudge>(engine, threads);
}

MatchFilter::~MatchFilter() = default;

void MatchFilter::flush_pending(ndjson::Output& out) {
    if (parallel_) parallel_->flush(out);
}

void MatchFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                          ndjson::Output& out) {
    if (reload_pending && reload_pending()) {
        flush_pending(out);
        reload();
    }
    if (parallel_) {
        parallel_->add(line, events);
        if (parallel_->full()) flush_pending(out);
    } else {
        derived_.clear();
        engine_.on_events(events, derived_);
        out.pass(line.type, line.text);
        derived_.for_each(
            [&](event::Kind k, std::string_view text) { out.emit_encoded(event::type_name(k), text); });
    }
    if (periodic && ++since_periodic_ >= kPeriodicLines) {
        since_periodic_ = 0;
        flush_pending(out);
        periodic();
    }
}

void MatchFilter::on_idle(ndjson::Output& out) {
    flush_pending(out);
    if (periodic) periodic();
}

void MatchFilter::on_end(ndjson::Output& out) {
    flush_pending(out);
    if (at_end) at_end();
}

}  // namespace sos::strategy
