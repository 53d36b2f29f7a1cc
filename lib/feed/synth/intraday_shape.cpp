#include "feed/synth/intraday_shape.hpp"

#include <cmath>

namespace sos::feed::synth {

namespace {

// A floor plus a decaying burst after the open and a rising one before the close, as a
// function of the fraction of the session elapsed.
double u_shape(double tau, double floor, double open_burst, double close_burst, double width) {
    return floor + open_burst * std::exp(-tau / width) + close_burst * std::exp(-(1 - tau) / width);
}

void normalise(std::vector<double>& v) {
    double sum = 0;
    for (double x : v)
        sum += x;
    double mean = sum / static_cast<double>(v.size());
    for (double& x : v)
        x /= mean;
}

}  // namespace

void IntradayShape::resize(int minutes) {
    if (minutes == this->minutes()) return;
    auto n = static_cast<std::size_t>(minutes);
    vol_.assign(n, 1.0);
    volume_.assign(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
        double tau = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
        vol_[i] = u_shape(tau, 0.75, 1.4, 0.6, 0.05);
        volume_[i] = u_shape(tau, 0.55, 2.2, 1.5, 0.06);
    }
    if (n) {
        normalise(vol_);
        normalise(volume_);
    }
}

}  // namespace sos::feed::synth
