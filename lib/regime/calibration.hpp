// What `sos-regime --report` measures over a replayed or synthetic period, per underlying and
// over all: the time spent in each regime, how often the regime switched per hour of data,
// the underlying's forward return after each update by the regime it was in (so a user can
// see whether bullish regimes were followed by rises on their data), and, where the stream
// carries synth's ground truth (true_regime), how the regimes matched it.
//
// History lines (hist) and stale markers are not counted. Time in a regime is the time to the
// underlying's next update on the same day, capped (a gap in the data is not time spent);
// a forward return that would cross into the next session is left out.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "regime/regime_engine.hpp"

namespace sos::regime {

struct RegimeStats {
    double seconds = 0;
    std::uint64_t updates = 0;
    // Per horizon: sum of forward returns, count, count positive.
    std::vector<double> ret_sum;
    std::vector<std::uint64_t> ret_n, ret_up;
};

// Counts of updates by true regime (TRENDING_UP, TRENDING_DOWN, CONGESTION, other) and regime.
using Agreement = std::map<std::string, std::array<std::uint64_t, vocab::kRegimeCount>>;

struct UnderlyingReport {
    std::array<RegimeStats, vocab::kRegimeCount> regimes;
    std::uint64_t updates = 0, switches = 0, stale_marks = 0;
    double seconds = 0;
    Agreement agreement;
    std::optional<time::Timestamp> first, last;
};

class Calibration {
public:
    Calibration(std::vector<double> horizons_minutes, double max_gap_s, time::ZoneOffset zone = time::kIndia);

    void record(const RegimeLine& line);
    // The underlying's price known at `t` (a bar's close): settles forward returns due by then.
    void price(std::string_view symbol, time::Timestamp t, double price);

    std::string text(std::string_view model) const;
    std::string json(std::string_view model) const;

    const std::map<std::string, UnderlyingReport, std::less<>>& underlyings() const { return reports_; }
    // Everything summed over the underlyings.
    UnderlyingReport total() const;
    const std::vector<double>& horizons() const { return horizons_; }

private:
    struct Pending {
        time::Timestamp due;
        time::Date day;
        int regime;
        double p0;
    };
    struct Track {
        std::optional<time::Timestamp> last_t;
        std::optional<time::Date> last_day;
        int last_regime = -1;
        std::vector<std::deque<Pending>> pending;  // per horizon
    };

    UnderlyingReport& report(const std::string& symbol);

    std::vector<double> horizons_;
    double max_gap_s_;
    time::ZoneOffset zone_;
    std::map<std::string, UnderlyingReport, std::less<>> reports_;
    std::map<std::string, Track, std::less<>> tracks_;
};

}  // namespace sos::regime
