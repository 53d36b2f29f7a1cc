// Which lines of the stream become notices: an ALERT at or above the chosen level, at most one
// per code in each cooldown (TOMIC's TOMIC_ALERT_COOLDOWN_S, 60 s) unless it is graver than the
// one told (FEED_DOWN crit, no feed left, right after FEED_DOWN warn), and the trades a broker
// confirmed (FILL, EXIT), never an acknowledgement (ORDER, ORDER_UPDATE). History replayed to
// rebuild state (`hist: true`) is never told again. The cooldown runs on the event clock, as
// every rule of the pipeline does, so a replay decides exactly as the same lines did live.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "alerts/notice.hpp"
#include "event/event.hpp"
#include "time/timestamp.hpp"

namespace sos::alerts {

struct SelectionOptions {
    AlertLevel min_level = AlertLevel::Info;
    double cooldown_s = 60;  // 0: every alert
    TradeMode trades = TradeMode::All;
};

// One code's last told time and level; an alert of that code within the cooldown of it is
// held back, unless its level is graver.
class CodeCooldown {
public:
    explicit CodeCooldown(double seconds) : ns_(static_cast<std::int64_t>(seconds * 1e9)) {}
    // True (and the code's time and level set) when the alert may be told.
    bool admit(const std::string& code, AlertLevel level, time::Timestamp at);

private:
    struct Told {
        time::Timestamp at;
        AlertLevel level;
    };
    std::int64_t ns_;
    std::unordered_map<std::string, Told> last_;
};

class NoticeSelector {
public:
    explicit NoticeSelector(SelectionOptions options) : options_(options), cooldown_(options.cooldown_s) {}

    // The kind of notice `e` is, or none. Counts what the cooldown held back.
    std::optional<NoticeKind> select(const event::Event& e);

    std::uint64_t cooled() const { return cooled_; }

private:
    SelectionOptions options_;
    CodeCooldown cooldown_;
    std::uint64_t cooled_ = 0;
};

}  // namespace sos::alerts
