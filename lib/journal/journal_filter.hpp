// sos-journal's place in a pipeline: each valid line goes into the journal, then on downstream
// unchanged. Pending rows are committed when input goes idle and at the end, so a live stream
// is queryable moments after it arrives.
//
// Input goes idle hundreds of times a second in a backtest whose tools run in lockstep
// (--feedback), and a commit at each cost more than the lines (WAL pages written for a handful
// of rows). So an idle moment commits only when the last idle commit is at least `idle_gap`
// old; what it leaves pending is committed at the next one, or by the stage's tick when input
// stays quiet (StageConfig::tick, set to the same gap).
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>

#include "journal/store.hpp"
#include "pipeline/filter.hpp"

namespace sos::journal {

class JournalFilter : public pipeline::Filter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kIdleGap{100};

    explicit JournalFilter(Store& store, std::chrono::milliseconds idle_gap = kIdleGap,
                           std::function<Clock::time_point()> now = Clock::now)
        : store_(store), idle_gap_(idle_gap), now_(std::move(now)) {}

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output&) override;
    void on_end(ndjson::Output&) override { commit(); }
    // Lines taken and committed, and whether writing failed, for HEALTH.
    void health(pipeline::HealthState& s) const override {
        s.add_int("journaled", static_cast<std::int64_t>(line_number_));
        s.add_int("committed", static_cast<std::int64_t>(committed_line_));
        s.add_bool("failed", failed_);
    }

    // A write failed: later lines were still passed on but not journaled.
    bool failed() const { return failed_; }

private:
    void commit();
    void fail(const std::exception& e) noexcept;

    Store& store_;
    const std::chrono::milliseconds idle_gap_;
    const std::function<Clock::time_point()> now_;
    std::optional<Clock::time_point> last_idle_commit_;
    std::uint64_t line_number_ = 0;
    std::uint64_t committed_line_ = 0;  // input lines up to this one are committed
    bool failed_ = false;
};

}  // namespace sos::journal
