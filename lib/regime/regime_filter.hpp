// sos-regime's deciding logic as a pipeline filter: every line passes through, and the REGIME
// lines each one causes follow it. With a calibration attached it also feeds the report.
#pragma once

#include <vector>

#include "pipeline/filter.hpp"
#include "regime/calibration.hpp"
#include "regime/regime_engine.hpp"
#include "time/calendar.hpp"

namespace sos::regime {

class RegimeFilter : public pipeline::Filter {
public:
    // `report` may be null; `pass_through` false writes nothing (the report replaces the stream).
    RegimeFilter(RegimeEngine& engine, Calibration* report, bool pass_through)
        : engine_(engine), report_(report), pass_(pass_through) {}

    // --live: while input is quiet during a session of `calendar`, the wall clock marks
    // regimes stale whose inputs stopped (a feed that died entirely sends no event to do it).
    void set_live(const time::Calendar* calendar) { live_calendar_ = calendar; }

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output& out) override;

    std::uint64_t regimes_written() const { return written_; }

private:
    RegimeEngine& engine_;
    Calibration* report_;
    bool pass_;
    void write(ndjson::Output& out);

    const time::Calendar* live_calendar_ = nullptr;
    std::vector<RegimeLine> lines_;
    std::string buf_;
    std::uint64_t written_ = 0;
};

}  // namespace sos::regime
