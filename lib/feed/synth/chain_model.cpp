#include "feed/synth/chain_model.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "feed/synth/tick.hpp"
#include "options/black_scholes.hpp"
#include "options/expiry.hpp"

namespace sos::feed::synth {

namespace {

constexpr double kSecondsPerYear = 365.0 * 86400;
constexpr int kExpiryClose = 15 * 3600 + 30 * 60;  // 15:30 IST on expiry day
constexpr double kMinYears = 60 / kSecondsPerYear;
constexpr double kMinOptionPrice = 0.05;

}  // namespace

double Smile::iv(double strike, double forward) const {
    double m = std::log(strike / forward);
    return atm_iv * std::clamp(1 + skew * m + smile * m * m, 0.6, 3.0);
}

Smile smile_for(double atm_iv, double years) {
    // Coefficients are fixed in units of a year's volatility; short expiries compress the
    // same smile into a narrower band of strikes.
    double t = std::max(years, 2.0 / 365);
    return Smile{atm_iv, -0.35 / std::sqrt(t), 0.8 / t};
}

ChainModel::ChainModel(const IndexProfile& profile, std::uint64_t seed, int strikes_each_side, double rate)
    : profile_(profile),
      rng_(seed, "chain:" + profile.symbol),
      seed_(hash_mix(seed, hash_name(profile.symbol))),
      each_side_(std::max(strikes_each_side, 0)),
      rate_(rate) {}

void ChainModel::start_day(time::Date date, const time::Calendar& calendar, double spot) {
    zone_ = calendar.zone();
    std::erase_if(books_, [&](const ExpiryBook& b) { return b.expiry() < date; });
    listed_.clear();
    for (time::Date e : options::nearest_expiries(profile_.expiry, date, calendar, 2)) {
        auto it =
            std::find_if(books_.begin(), books_.end(), [&](const ExpiryBook& b) { return b.expiry() == e; });
        if (it == books_.end()) {
            // A newly listed expiry opens with less open interest than the front one holds.
            double gross = profile_.chain_oi * (books_.empty() ? 1.0 : 0.5);
            books_.emplace_back(e, gross, spot, profile_.strike_step, profile_.lot_size, seed_, rng_);
            it = books_.end() - 1;
        }
        it->start_day(spot, each_side_);
        listed_.push_back(static_cast<std::size_t>(it - books_.begin()));
    }
}

void ChainModel::advance(Regime regime, double spot, double activity) {
    for (std::size_t i : listed_)
        books_[i].advance(regime, spot, activity, rng_);
}

void ChainModel::fill(std::size_t slot, time::Timestamp now, double spot, double vix,
                      event::OptionChain& out) {
    ExpiryBook& book = books_[listed_[slot]];
    const double step = profile_.strike_step;
    const auto n = static_cast<std::size_t>(2 * each_side_ + 1);
    const double atm = std::round(spot / step) * step;
    strikes_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        strikes_[i] = atm + (static_cast<double>(i) - each_side_) * step;
    buf_.resize(6 * n);
    std::span<double> b(buf_);
    ExpiryBook::Legs oi{b.subspan(0, n), b.subspan(n, n)};
    ExpiryBook::Legs first{b.subspan(2 * n, n), b.subspan(3 * n, n)};
    ExpiryBook::Legs volume{b.subspan(4 * n, n), b.subspan(5 * n, n)};
    book.snapshot(strikes_, spot, oi, first, volume);

    double years =
        static_cast<double>((zone_.at(book.expiry(), kExpiryClose).ns - now.ns)) / 1e9 / kSecondsPerYear;
    years = std::max(years, kMinYears);
    // Near expiry the front contract carries an event premium over the index's usual level.
    double atm_iv = vix / 100 * profile_.iv_over_vix * (1 + 0.06 * std::exp(-years * 365 / 3)) *
                    std::exp(0.02 * rng_.normal());
    Smile smile = smile_for(atm_iv, years);
    const double forward = spot * std::exp(rate_ * years);

    out.expiry = book.expiry();
    out.spot = spot;
    out.lot_size = profile_.lot_size;
    out.strikes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        event::StrikeRow& row = out.strikes[i];
        row.strike = strikes_[i];
        row.has_ce = row.has_pe = true;
        double iv = smile.iv(strikes_[i], forward);
        options::BsInputs in{spot, strikes_[i], years, rate_, 0};
        auto leg = [&](options::OptionType type, double open_interest, double first_oi, double traded,
                       event::OptionLeg& l) {
            options::Greeks g = options::bs_greeks(type, in, iv);
            l.ltp = std::max(kMinOptionPrice, round_tick(g.price));
            l.oi = open_interest;
            l.oi_change = open_interest - first_oi;
            l.volume = traded;
            l.iv = round_decimals(iv, 1e4);
            l.delta = round_decimals(g.delta, 1e4);
        };
        leg(options::OptionType::Call, oi.call[i], first.call[i], volume.call[i], row.ce);
        leg(options::OptionType::Put, oi.put[i], first.put[i], volume.put[i], row.pe);
    }
}

}  // namespace sos::feed::synth
