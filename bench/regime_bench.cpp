// Sentiment analytics and regimes, each beside a baseline measured in the same run:
//  - option chains per second through the analytics (a 100-strike chain, both legs priced),
//    beside decoding the same chain's line (the least any consumer of it pays) and beside
//    a naive analytics pass (every leg's IV by plain bisection, max pain by the double sum);
//  - regimes per second for each model on 1-minute bars with sentiment, beside a blend that
//    recomputes its EMAs and ATR from the whole window on every bar instead of incrementally.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "options/black_scholes.hpp"
#include "regime/regime_config.hpp"
#include "regime/regime_engine.hpp"
#include "regime/regime_line.hpp"
#include "sentiment/sentiment_engine.hpp"
#include "sentiment/time_to_expiry.hpp"

using namespace sos;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

constexpr std::int64_t kOpen = 1704685500;  // 2024-01-08 09:15 IST
const time::Date kExpiry{2024, 1, 11};

event::Event chain_event(int strikes) {
    event::Event e;
    e.env.kind = event::Kind::OptionChain;
    e.env.timestamp = time::Timestamp::from_seconds(kOpen + 300);
    e.env.symbol = "NIFTY";
    e.env.exchange = "NSE_INDEX";
    event::OptionChain ch;
    const double spot = 21712.4, years = sentiment::years_to_expiry(kExpiry, *e.env.timestamp);
    ch.spot = spot;
    ch.expiry = kExpiry;
    for (int i = 0; i < strikes; ++i) {
        event::StrikeRow r;
        r.strike = 21700 + 50.0 * (i - strikes / 2);
        const double m = std::log(r.strike / spot);
        const double vol = 0.13 * (1 - 0.8 * m + 20 * m * m);
        options::BsInputs in{spot, r.strike, years, 0.065, 0};
        r.has_ce = r.has_pe = true;
        r.ce.ltp =
            std::max(0.05, std::round(options::bs_price(options::OptionType::Call, in, vol) * 20) / 20);
        r.pe.ltp = std::max(0.05, std::round(options::bs_price(options::OptionType::Put, in, vol) * 20) / 20);
        r.ce.oi = 50000 + (i * 7919) % 60000;
        r.pe.oi = 50000 + (i * 104729) % 60000;
        r.ce.volume = *r.ce.oi / 10;
        r.pe.volume = *r.pe.oi / 10;
        ch.strikes.push_back(r);
    }
    e.body = ch;
    return e;
}

// What a first attempt looks like: every leg's IV by bisection on the spot-based price, max
// pain by summing every strike's payout at every candidate, PCR by two more passes.
double naive_chain(const event::OptionChain& ch, double years, double rate) {
    double sum = 0;
    for (const auto& r : ch.strikes) {
        for (bool call : {true, false}) {
            const double price = call ? *r.ce.ltp : *r.pe.ltp;
            options::BsInputs in{*ch.spot, r.strike, years, rate, 0};
            const auto type = call ? options::OptionType::Call : options::OptionType::Put;
            double lo = 1e-4, hi = 5;
            for (int it = 0; it < 60; ++it) {
                const double mid = 0.5 * (lo + hi);
                (options::bs_price(type, in, mid) < price ? lo : hi) = mid;
            }
            sum += lo;
        }
    }
    double best = 1e300, best_k = 0;
    for (const auto& x : ch.strikes) {
        double pay = 0;
        for (const auto& r : ch.strikes)
            pay +=
                *r.ce.oi * std::max(x.strike - r.strike, 0.0) + *r.pe.oi * std::max(r.strike - x.strike, 0.0);
        if (pay < best) best = pay, best_k = x.strike;
    }
    double c = 0, p = 0;
    for (const auto& r : ch.strikes)
        c += *r.ce.oi;
    for (const auto& r : ch.strikes)
        p += *r.pe.oi;
    return sum + best_k + p / c;
}

void bench_chains() {
    const event::Event base = chain_event(100);
    const int n = 20000;
    sentiment::SentimentEngine engine(sentiment::SentimentConfig{});
    event::Event e = base, out;
    double check = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        e.env.timestamp = time::Timestamp::from_seconds(kOpen + 300 + 60 * (i % 360));
        engine.observe(e, out);
        check += *out.as<event::Sentiment>()->pcr;
    }
    const double s_engine = since(t0);

    const std::string line = event::encode(base);
    std::string padded = line;
    padded.append(event::Decoder::padding(), ' ');
    event::Decoder d;
    event::EventList list;
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        d.decode(padded.data(), line.size() - 1, padded.size(), list);
        check += list[0].as<event::OptionChain>()->strikes.size();
    }
    const double s_decode = since(t0);

    const int m = 2000;
    const double years = sentiment::years_to_expiry(kExpiry, *base.env.timestamp);
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < m; ++i)
        check += naive_chain(*base.as<event::OptionChain>(), years, 0.065);
    const double s_naive = since(t0) * n / m;

    std::printf("option chains, 100 strikes (%zu-byte line)\n", line.size());
    std::printf(
        "  sos sentiment analytics (PCR, walls, max pain, parity forward, ATM IV, skew)  %8.0f chains/s\n",
        n / s_engine);
    std::printf("  decoding the chain's line alone                            (baseline)  %8.0f chains/s\n",
                n / s_decode);
    std::printf("  naive: IV of every leg by bisection, max pain by double sum (baseline)  %8.0f chains/s\n",
                n / s_naive);
    if (check == 0) std::printf("(check)\n");
}

std::vector<event::Event> regime_inputs(int minutes) {
    std::vector<event::Event> v;
    double c = 21700;
    std::uint64_t x = 88172645463325252ull;
    auto noise = [&x] {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return static_cast<double>(x % 2001) / 1000.0 - 1.0;
    };
    for (int i = 0; i < minutes; ++i) {
        const auto t = time::Timestamp::from_seconds(kOpen + 60 * (i % 375) + 86400 * (i / 375));
        event::Event k;
        k.env.kind = event::Kind::Candle;
        k.env.timestamp = t;
        k.env.symbol = "NIFTY";
        k.env.exchange = "NSE_INDEX";
        event::Candle b;
        b.o = c;
        c += 6 * noise();
        b.c = c;
        b.h = std::max(b.o, b.c) + 3;
        b.l = std::min(b.o, b.c) - 3;
        b.v = 100000;
        k.body = b;
        v.push_back(k);
        if (i % 5 == 4) {
            event::Event s;
            s.env.kind = event::Kind::Sentiment;
            s.env.timestamp = t.plus_seconds(60);
            s.env.symbol = "NIFTY";
            event::Sentiment m;
            m.pcr = 1 + 0.2 * noise();
            m.pcr_velocity = 0.002 * noise();
            m.breadth_adv = 25 + 10 * noise();
            m.breadth_dec = 50 - *m.breadth_adv;
            m.vix = 14;
            s.body = m;
            v.push_back(s);
        }
    }
    return v;
}

// The blend's trend part computed from the whole window every bar.
double windowed_trend(const std::deque<event::Candle>& w) {
    auto ema = [&](int n) {
        const double a = 2.0 / (n + 1);
        double e = w.front().c;
        for (const auto& b : w)
            e += a * (b.c - e);
        return e;
    };
    double atr = 0;
    for (std::size_t i = w.size() - 14; i < w.size(); ++i)
        atr += std::max({w[i].h - w[i].l, std::abs(w[i].h - w[i - 1].c), std::abs(w[i].l - w[i - 1].c)});
    return (ema(20) - ema(50)) / (atr / 14);
}

void bench_regimes() {
    const int minutes = 375 * 40;
    const auto input = regime_inputs(minutes);
    std::printf("regimes, one underlying on 1-minute bars with sentiment every 5 minutes (%d bars)\n",
                minutes);
    for (const char* model : {"blend", "tomic", "sos"}) {
        regime::RegimeConfig cfg = regime::load_regime_config("");
        cfg.model = model;
        std::vector<regime::RegimeLine> lines;
        std::string out;
        std::size_t count = 0, bytes = 0;
        auto t0 = std::chrono::steady_clock::now();
        for (int rep = 0; rep < 3; ++rep) {
            regime::RegimeEngine engine(cfg, false);
            for (const auto& e : input) {
                lines.clear();
                engine.observe(e, lines);
                for (const auto& l : lines) {
                    out.clear();
                    regime::encode_regime_line(l, out);
                    bytes += out.size();
                }
                count += lines.size();
            }
        }
        const double s = since(t0);
        std::printf(
            "  sos-regime engine and REGIME line, %-5s model         %9.0f regimes/s (%.0f events/s)\n",
            model, count / s, 3.0 * input.size() / s);
        if (bytes == 0) std::printf("(check)\n");
    }
    // Baseline: the same blend trend recomputed over a 200-bar window at each bar.
    std::deque<event::Candle> window;
    double check = 0;
    std::size_t count = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& e : input) {
        const auto* k = e.as<event::Candle>();
        if (!k) continue;
        window.push_back(*k);
        if (window.size() > 200) window.pop_front();
        if (window.size() < 60) continue;
        check += windowed_trend(window);
        ++count;
    }
    const double s = since(t0);
    std::printf("  blend trend alone, recomputed over a 200-bar window (baseline) %7.0f regimes/s\n",
                count / s);
    if (check == 0) std::printf("(check)\n");
}

}  // namespace

int main() {
    bench_chains();
    bench_regimes();
    return 0;
}
