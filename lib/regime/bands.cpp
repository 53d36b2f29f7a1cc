#include "regime/bands.hpp"

namespace sos::regime {

Regime Bands::band_of(double score) const {
    int i = 0;
    for (double e : edges) {
        if (e > 0 ? score < e : score <= e) break;
        ++i;
    }
    return static_cast<Regime>(i);
}

}  // namespace sos::regime
