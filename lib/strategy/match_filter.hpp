// sos-match's pipeline filter: every input line passed through, then the lines the engine
// derives from it. With more than one thread it judges the candles of different symbols in
// parallel (see parallel.hpp) and writes the same bytes. Hooks let the tool reload strategies
// between lines (--watch) and save state from time to time (--state).
#pragma once

#include <functional>
#include <memory>

#include "pipeline/filter.hpp"
#include "strategy/derived.hpp"
#include "strategy/engine.hpp"

namespace sos::strategy {

class ParallelJudge;

class MatchFilter : public pipeline::Filter {
public:
    MatchFilter(Engine& engine, int threads);
    ~MatchFilter() override;

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output& out) override;
    void on_end(ndjson::Output& out) override;

    // Checked before each line (it must be cheap: an atomic load); when true, `reload` runs
    // after everything before the line is judged, so a new playbook applies from the next candle.
    std::function<bool()> reload_pending;
    std::function<void()> reload;
    // Runs when input goes idle and every few thousand lines (the tool's periodic state save).
    std::function<void()> periodic;
    // Runs at the end, after everything pending is written (the final state save).
    std::function<void()> at_end;

private:
    void flush_pending(ndjson::Output& out);

    Engine& engine_;
    Derived derived_;
    std::unique_ptr<ParallelJudge> parallel_;
    std::uint64_t since_periodic_ = 0;
};

}  // namespace sos::strategy
