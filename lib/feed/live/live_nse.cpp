// --chain-source nse: NSE's public option chain for each index instrument, once the exchange
// clock is known (its date is NSE's "today"), whichever tier is in use. The chains go out as
// they come; what went wrong is said on stderr, and HEALTH counts it.
#include <nlohmann/json.hpp>

#include "feed/live/live_source.hpp"

namespace sos::feed::live {

void LiveSource::service_nse(time::Timestamp now) {
    if (!nse_ || !candles_.has_clock()) return;
    nse_events_.clear();
    nse_notes_.clear();
    nse_->service(candles_.exchange_now(now), nse_events_, nse_notes_);
    for (auto& e : nse_events_)
        out_.push_back(Outgoing{std::move(e), {}});
    for (const auto& n : nse_notes_)
        note("nse", n);
}

void LiveSource::nse_health(nlohmann::json& extra) const {
    if (!nse_) return;
    const auto c = nse_->counts();
    extra["nse"] = {{"chains", c.chains},
                    {"unchanged", c.unchanged},
                    {"warmups", c.warmups},
                    {"expired", c.expired},
                    {"failures", c.failures}};
}

}  // namespace sos::feed::live
