#include "broker/live/exit_rules.hpp"

namespace sos::broker::live {

namespace {
bool beyond(money::Paise price, money::Paise level, bool above) {
    return above ? price >= level : price <= level;
}
}  // namespace

ExitPlan exit_plan_of(const OrderRequest& o) {
    return ExitPlan{o.strategy, o.underlying.empty() ? o.symbol : o.underlying,
                    o.tf,       o.long_underlying(),
                    o.sl,       o.tp,
                    o.trail,    !o.legs.empty()};
}

std::optional<vocab::ExitReason> exit_on(const ExitLevels& x, const ExitBar& k) {
    const bool lng = x.long_underlying;
    const auto stop = x.trailed ? vocab::ExitReason::Trail : vocab::ExitReason::Sl;
    if (x.tp && beyond(k.o, *x.tp, lng)) return vocab::ExitReason::Tp;
    if (x.sl && beyond(k.o, *x.sl, !lng)) return stop;
    if (x.sl && beyond(lng ? k.l : k.h, *x.sl, !lng)) return stop;  // both reached: the stop first
    if (x.tp && beyond(lng ? k.h : k.l, *x.tp, lng)) return vocab::ExitReason::Tp;
    return std::nullopt;
}

std::optional<money::Paise> trailed_stop(const ExitLevels& x, money::Paise trail,
                                         std::optional<money::Paise>& best, money::Paise close) {
    const bool lng = x.long_underlying;
    best = !best ? close : (lng ? std::max(*best, close) : std::min(*best, close));
    const money::Paise stop = lng ? *best - trail : *best + trail;
    if (!x.sl || (lng ? stop > *x.sl : stop < *x.sl)) return stop;
    return std::nullopt;
}

bool square_off_candle(const time::Calendar& calendar, int square_off_seconds, time::Timestamp open,
                       time::Timestamp close, std::optional<time::Timestamp> previous_close) {
    const auto zone = calendar.zone();
    const time::Date day = zone.local_date(open);
    const time::Timestamp cut = zone.at(day, square_off_seconds);
    if (close < cut) return false;
    return !previous_close || zone.local_date(*previous_close) != day || *previous_close < cut;
}

money::Paise stop_on_tick(money::Paise level, money::Paise tick, bool long_underlying) {
    if (tick.value <= 0) return level;
    const auto r = ((level.value % tick.value) + tick.value) % tick.value;
    if (r == 0) return level;
    return money::Paise{long_underlying ? level.value - r + tick.value : level.value - r};
}

}  // namespace sos::broker::live
