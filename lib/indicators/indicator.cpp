#include "indicators/indicator.hpp"

#include <cmath>

namespace sos::indicators {

namespace {

std::variant<Atr, Sma, Ema, Rsi, Extremum, Vwap> make(Kind k, int n) {
    switch (k) {
        case Kind::Atr:
            return Atr(n);
        case Kind::Sma:
            return Sma(n);
        case Kind::Ema:
            return Ema(n);
        case Kind::Rsi:
            return Rsi(n);
        case Kind::Highest:
            return Extremum(n, true);
        case Kind::Lowest:
            return Extremum(n, false);
        case Kind::Vwap:
            return Vwap();
    }
    return Vwap();
}

// Reads n numbers or fails.
struct Reader {
    const double*& p;
    const double* end;
    bool ok = true;
    double next() {
        if (p == end) {
            ok = false;
            return 0;
        }
        return *p++;
    }
    std::int64_t integer() {
        double d = next();
        if (!(d >= 0 && d < 9.0e15) || d != std::floor(d)) ok = false;
        return ok ? static_cast<std::int64_t>(d) : 0;
    }
};

}  // namespace

Indicator::Indicator(Kind kind, int period) : kind_(kind), period_(period), s_(make(kind, period)) {}

void Indicator::save(std::vector<double>& out) const {
    switch (kind_) {
        case Kind::Atr: {
            const auto& a = std::get<Atr>(s_);
            out.insert(out.end(), {a.prev_close_, static_cast<double>(a.count_), a.seed_sum_, a.atr_});
            break;
        }
        case Kind::Rsi: {
            const auto& r = std::get<Rsi>(s_);
            out.insert(out.end(), {r.prev_close_, static_cast<double>(r.count_), r.gain_, r.loss_});
            break;
        }
        case Kind::Vwap: {
            const auto& v = std::get<Vwap>(s_);
            out.insert(out.end(), {static_cast<double>(v.day_), v.pv_, v.volume_});
            break;
        }
        case Kind::Ema: {
            const auto& e = std::get<Ema>(s_);
            out.insert(out.end(), {static_cast<double>(e.count_), e.seed_sum_, e.ema_});
            break;
        }
        case Kind::Sma: {
            const auto& s = std::get<Sma>(s_);
            out.push_back(static_cast<double>(s.window().size()));
            for (std::size_t i = 0; i < s.window().size(); ++i)
                out.push_back(s.window()[i]);
            out.push_back(s.sum().raw_sum());
            out.push_back(s.sum().raw_comp());
            break;
        }
        case Kind::Highest:
        case Kind::Lowest: {
            const auto& x = std::get<Extremum>(s_);
            out.push_back(static_cast<double>(x.seen_));
            out.push_back(static_cast<double>(x.deque_.size()));
            for (std::size_t i = 0; i < x.deque_.size(); ++i) {
                out.push_back(x.deque_[i].value);
                out.push_back(static_cast<double>(x.deque_[i].seq));
            }
            break;
        }
    }
}

bool Indicator::load(const double*& p, const double* end) {
    Reader r{p, end};
    s_ = make(kind_, period_);
    switch (kind_) {
        case Kind::Atr: {
            auto& a = std::get<Atr>(s_);
            a.prev_close_ = r.next();
            a.count_ = r.integer();
            a.seed_sum_ = r.next();
            a.atr_ = r.next();
            break;
        }
        case Kind::Rsi: {
            auto& x = std::get<Rsi>(s_);
            x.prev_close_ = r.next();
            x.count_ = r.integer();
            x.gain_ = r.next();
            x.loss_ = r.next();
            break;
        }
        case Kind::Vwap: {
            auto& v = std::get<Vwap>(s_);
            const double day = r.next();
            v.day_ = std::fabs(day) < 9.0e15 ? static_cast<std::int64_t>(day) : v.day_;
            v.pv_ = r.next();
            v.volume_ = r.next();
            break;
        }
        case Kind::Ema: {
            auto& e = std::get<Ema>(s_);
            e.count_ = r.integer();
            e.seed_sum_ = r.next();
            e.ema_ = r.next();
            break;
        }
        case Kind::Sma: {
            auto& s = std::get<Sma>(s_);
            const auto n = r.integer();
            if (n > period_) return false;
            for (std::int64_t i = 0; i < n && r.ok; ++i)
                s.restore_push(r.next());
            const double sum = r.next();
            const double comp = r.next();
            s.sum().restore(sum, comp);
            break;
        }
        case Kind::Highest:
        case Kind::Lowest: {
            auto& x = std::get<Extremum>(s_);
            x.seen_ = r.integer();
            const auto n = r.integer();
            if (n > period_) return false;
            for (std::int64_t i = 0; i < n && r.ok; ++i) {
                Extremum::Entry e;
                e.value = r.next();
                e.seq = r.integer();
                x.deque_.push_back(e);
            }
            break;
        }
    }
    return r.ok;
}

}  // namespace sos::indicators
