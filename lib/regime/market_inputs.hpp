// What the regime models read for one underlying, each figure with the event time it
// arrived at, so a model can tell a fresh input from one the feed stopped sending.
// Sentiment merges field by field, as the contract says: an update that lacks a field keeps
// the last value of it.
#pragma once

#include <optional>
#include <string>

#include "event/market.hpp"
#include "time/timestamp.hpp"
#include "vocab/regime.hpp"

namespace sos::regime {

template <class T>
struct Timed {
    std::optional<T> value;
    time::Timestamp at;

    void set(const T& v, time::Timestamp t) {
        value = v;
        at = t;
    }
    // The value when it is no older than `max_age_s` at `now`.
    const T* fresh(time::Timestamp now, double max_age_s) const {
        if (!value || static_cast<double>(now.ns - at.ns) > max_age_s * 1e9) return nullptr;
        return &*value;
    }
};

struct SentimentInputs {
    Timed<double> pcr, pcr_velocity, iv, vix;
    Timed<double> adv, dec;
    Timed<vocab::Regime> upstream_regime;

    void merge(const event::Sentiment& s, time::Timestamp t) {
        if (s.pcr) pcr.set(*s.pcr, t);
        if (s.pcr_velocity) pcr_velocity.set(*s.pcr_velocity, t);
        if (s.iv) iv.set(*s.iv, t);
        if (s.vix) vix.set(*s.vix, t);
        if (s.breadth_adv) adv.set(*s.breadth_adv, t);
        if (s.breadth_dec) dec.set(*s.breadth_dec, t);
        if (s.regime) upstream_regime.set(*s.regime, t);
    }
    void merge(const event::Breadth& b, time::Timestamp t) {
        adv.set(b.adv, t);
        dec.set(b.dec, t);
    }
};

}  // namespace sos::regime
