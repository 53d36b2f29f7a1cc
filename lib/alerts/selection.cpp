#include "alerts/selection.hpp"

namespace sos::alerts {

bool CodeCooldown::admit(const std::string& code, AlertLevel level, time::Timestamp at) {
    auto [it, fresh] = last_.try_emplace(code, Told{at, level});
    if (fresh || ns_ <= 0) {
        it->second = {at, level};
        return true;
    }
    // An earlier time than the last told (lines of two tools interleaved) is within it too.
    if (at.ns - it->second.at.ns < ns_ && level <= it->second.level) return false;
    it->second = {at, level};
    return true;
}

std::optional<NoticeKind> NoticeSelector::select(const event::Event& e) {
    if (e.env.hist) return std::nullopt;
    if (const auto* a = e.as<event::Alert>()) {
        const auto level = vocab::parse<AlertLevel>(a->level);  // the decoder checked it
        if (!level || *level < options_.min_level) return std::nullopt;
        if (!cooldown_.admit(a->code, *level, e.time())) {
            ++cooled_;
            return std::nullopt;
        }
        return NoticeKind::Alert;
    }
    if (e.env.kind != event::Kind::Fill && e.env.kind != event::Kind::Exit) return std::nullopt;
    switch (options_.trades) {
        case TradeMode::None:
            return std::nullopt;
        case TradeMode::Live:
            return e.env.mode == "live" ? std::optional(NoticeKind::Trade) : std::nullopt;
        case TradeMode::All:
            return NoticeKind::Trade;
    }
    return std::nullopt;
}

}  // namespace sos::alerts
