// sos-risk as a pipeline filter. Every line passes through. The SIGNAL lines sos-match writes
// after one candle are decided together (the conflict router compares them) as soon as the
// next line that is not one of them arrives (or, with --live, as soon as input pauses), and the
// REJECT and ORDER lines go out before that next line: sos-exec then has each ORDER before the
// candle that may fill it. Every other line updates the book (regimes, chains, controls, and
// sos-exec's fills and exits when they come back as history).
//
// With a feedback channel (pipeline/feedback.hpp) the book also learns sos-exec's fills and
// exits as they happen: before each decision, and every `sync_every` seconds of stream time
// while orders are open, the filter writes a SYNC and applies everything sos-exec did up to it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "event/decoder.hpp"
#include "pipeline/feedback.hpp"
#include "pipeline/filter.hpp"
#include "risk/decision.hpp"

namespace sos::risk {

struct FeedbackOptions {
    pipeline::FeedbackReceiver* receiver = nullptr;  // none: decide without fills
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds ack_timeout{10'000};
    double sync_every_seconds = 300;  // stream time, while orders are open
};

class RiskFilter : public pipeline::Filter {
public:
    // `wall_clock` gives the time for --live freshness checks.
    RiskFilter(const RiskConfig& cfg, bool live, double max_age_seconds,
               std::function<time::Timestamp()> wall_clock = nullptr, FeedbackOptions feedback = {});

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output& out) override;
    void on_end(ndjson::Output& out) override { decide_pending(out); }
    // Open orders and positions, the breaker, the kill switch and pause, for HEALTH.
    void health(pipeline::HealthState& s) const override;
    // An operator's line (risk_control.cpp): a CONTROL is applied as from the stream and said
    // back; a manual SIGNAL is decided at once, alone, by every rule, and its ORDER or REJECT
    // is the answer.
    pipeline::Admission admit(const pipeline::InputLine& line, const event::EventList& events,
                              ndjson::Output& out) override;

    // Feedback from sos-exec (FILL, EXIT, ORDER_UPDATE, POSITION), applied to the book.
    void feedback(const event::Event& e, ndjson::Output& out);
    RiskBook& book() { return book_; }
    std::uint64_t syncs() const { return seq_; }

private:
    void decide_pending(ndjson::Output& out);
    pipeline::Admission admit_signal(const pipeline::InputLine& line, event::Event e, ndjson::Output& out);
    pipeline::Admission admit_control(const event::Control& c) const;
    void sync(time::Timestamp at, ndjson::Output& out);
    // One line of sos-exec's over the feedback socket, into the book.
    void apply_feedback_line(std::string_view line, ndjson::Output& out);

    RiskBook book_;
    Decision decision_;
    bool live_;
    std::function<time::Timestamp()> wall_clock_;
    std::vector<event::Event> pending_;
    FeedbackOptions fb_;
    std::uint64_t seq_ = 0;
    std::optional<time::Timestamp> last_sync_;
    event::Decoder decoder_;
    event::EventList decoded_;
};

}  // namespace sos::risk
