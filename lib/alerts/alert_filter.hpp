// sos-alert's stage: every line passes through unchanged; the ALERT lines and confirmed trades
// worth telling (selection.hpp) are handed, as notices, to each way out (Telegram, a webhook, a
// command), each behind its own queue and thread (sender.hpp), so the stream never waits on a
// network or a command. At the end the senders have --drain seconds to empty their queues.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "alerts/selection.hpp"
#include "alerts/sender.hpp"
#include "pipeline/filter.hpp"
#include "time/civil.hpp"

namespace sos::alerts {

struct AlertFilterOptions {
    SelectionOptions selection;
    time::ZoneOffset zone = time::kIndia;  // for the times in a message's words
    std::chrono::milliseconds drain{5000};
};

class AlertFilter : public pipeline::Filter {
public:
    AlertFilter(AlertFilterOptions options, std::vector<std::unique_ptr<Sender>> senders);

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_end(ndjson::Output& out) override;
    // `notices` handed out, `cooled` held back by the cooldown, and per way out its state and
    // counts (`sinks`).
    void health(pipeline::HealthState& s) const override;

    std::uint64_t notices() const { return notices_; }

private:
    AlertFilterOptions options_;
    NoticeSelector selector_;
    std::vector<std::unique_ptr<Sender>> senders_;
    std::uint64_t notices_ = 0;
};

}  // namespace sos::alerts
