// sos-risk as a pipeline filter. Every line passes through. The SIGNAL lines sos-match writes
// after one candle are decided together (the conflict router compares them) as soon as the
// next line that is not one of them arrives, or input pauses, and the REJECT and ORDER lines go
// out before that next line: sos-exec then has each ORDER before the candle that may fill it.
// Every other line updates the book (regimes, chains, sos-exec's fills and exits, controls).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "pipeline/filter.hpp"
#include "risk/decision.hpp"

namespace sos::risk {

class RiskFilter : public pipeline::Filter {
public:
    // `wall_clock` gives the time for --live freshness checks; `sync` (optional) is called
    // before each decision to bring the book up to date with sos-exec's feedback.
    RiskFilter(const RiskConfig& cfg, bool live, double max_age_seconds,
               std::function<time::Timestamp()> wall_clock = nullptr);

    void on_line(const pipeline::InputLine& line, const event::EventList& events, ndjson::Output& out) override;
    void on_idle(ndjson::Output& out) override { decide_pending(out); }
    void on_end(ndjson::Output& out) override { decide_pending(out); }

    // Feedback from sos-exec (FILL, EXIT, ORDER_UPDATE, POSITION), applied to the book.
    void feedback(const event::Event& e, ndjson::Output& out);
    void set_sync(std::function<void(ndjson::Output&)> sync) { sync_ = std::move(sync); }
    RiskBook& book() { return book_; }

private:
    void decide_pending(ndjson::Output& out);

    const RiskConfig& cfg_;
    RiskBook book_;
    Decision decision_;
    std::function<time::Timestamp()> wall_clock_;
    std::function<void(ndjson::Output&)> sync_;
    std::vector<event::Event> pending_;
};

}  // namespace sos::risk
