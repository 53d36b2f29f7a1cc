// The live feed's per-tick path: OpenAlgo market_data frames decoded (FrameDecoder) and
// folded into candles (LiveCandles, 1m/5m/15m), beside simdjson's bare parse of the same
// frames (DOM, which validates the whole frame; and on-demand reading only data.ltp). Ticks per
// second on one core; a live sos-feed must take at least 500,000.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "live/live_candles.hpp"
#include "openalgo/frame_decoder.hpp"

namespace {

// This thread's CPU time: on a shared machine, time spent waiting for a core is not the code's.
double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Quote-mode frames as Zerodha's adapter sends them, for `symbols` stocks over one session,
// in time order, ltt in epoch seconds.
std::string make_frames(int n, int symbols, std::vector<std::pair<std::size_t, std::size_t>>& spans) {
    std::string buf;
    const long open_s = 1704685500;  // 2024-01-08 09:15 IST
    std::vector<double> px(symbols, 500), cum(symbols, 0);
    std::uint64_t r = 7;
    for (int i = 0; i < n; ++i) {
        int s = i % symbols;
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        px[s] = std::max(1.0, px[s] + static_cast<double>(static_cast<int>(r >> 60) - 7) * 0.05);
        cum[s] += static_cast<double>(1 + (r >> 54) % 200);
        long ltt = open_s + static_cast<long>(static_cast<double>(i) / n * 22000);
        char frame[512];
        int len =
            std::snprintf(frame, sizeof frame,
                          "{\"type\":\"market_data\",\"symbol\":\"STOCK%02d\",\"exchange\":\"NSE\",\"mode\":"
                          "2,\"broker\":\"zerodha\","
                          "\"data\":{\"ltp\":%.2f,\"ltt\":%ld,\"timestamp\":%ld123,\"open\":500.0,\"high\":"
                          "512.35,\"low\":488.1,"
                          "\"close\":499.5,\"volume\":%.0f,\"last_quantity\":%d,\"average_price\":501.27,"
                          "\"total_buy_quantity\":120500,\"total_sell_quantity\":98700,\"oi\":0}}",
                          s, px[s], ltt, ltt, cum[s], static_cast<int>(1 + (r >> 40) % 50));
        spans.emplace_back(buf.size(), static_cast<std::size_t>(len));
        buf.append(frame, static_cast<std::size_t>(len));
    }
    buf.append(sos::openalgo::FrameDecoder::padding(), ' ');
    return buf;
}

template <class F>
double best_of(int runs, F f) {
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        double t0 = cpu_now();
        f();
        best = std::min(best, cpu_now() - t0);
    }
    return best;
}

}  // namespace

int main() {
    const int n = 1'000'000;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::string buf = make_frames(n, 50, spans);
    const double mb = static_cast<double>(buf.size()) / 1e6;

    double check = 0;
    simdjson::dom::parser dom;
    double t_dom = best_of(5, [&] {
        for (auto [at, len] : spans) {
            simdjson::dom::element doc;
            if (dom.parse(buf.data() + at, len, false).get(doc)) continue;
            check += double(doc["data"]["ltp"]);
        }
    });
    simdjson::ondemand::parser od;
    double t_od = best_of(5, [&] {
        for (auto [at, len] : spans) {
            simdjson::ondemand::document doc;
            if (od.iterate(buf.data() + at, len, buf.size() - at).get(doc)) continue;
            double ltp;
            if (!doc["data"]["ltp"].get_double().get(ltp)) check += ltp;
        }
    });
    sos::openalgo::FrameDecoder decoder;
    double t_dec = best_of(5, [&] {
        for (auto [at, len] : spans)
            if (decoder.decode(buf.data() + at, len, buf.size() - at) == sos::openalgo::FrameKind::MarketData)
                check += decoder.market_data().tick.ltp;
    });
    const auto calendar = sos::time::Calendar::nse_default();
    std::size_t candles = 0;
    double t_all = best_of(5, [&] {
        sos::live::LiveCandleOptions o;
        o.tfs = {sos::time::kOneMinute, sos::time::Timeframe{300}, sos::time::Timeframe{900}};
        sos::live::LiveCandles live(o, calendar);
        for (auto [at, len] : spans) {
            if (decoder.decode(buf.data() + at, len, buf.size() - at) != sos::openalgo::FrameKind::MarketData)
                continue;
            const auto& m = decoder.market_data();
            sos::live::LiveTickIn in{m.symbol,      m.exchange, "openalgo-ws:zerodha", m.tick.ltt, m.tick.ltp,
                                     m.tick.volume, m.tick.oi};
            live.add_tick(in, *m.tick.ltt);
            candles += live.ready().size();
            live.ready().clear();
        }
    });

    std::printf(
        "%d market_data frames (quote mode, 50 symbols), %.0f bytes each, best of 5 runs of thread CPU "
        "time\n",
        n, mb * 1e6 / n);
    std::printf("  simdjson DOM parse (baseline)          %6.2f M frames/s %6.0f MB/s\n", n / t_dom / 1e6,
                mb / t_dom);
    std::printf("  simdjson on-demand, data.ltp only      %6.2f M frames/s %6.0f MB/s   (baseline)\n",
                n / t_od / 1e6, mb / t_od);
    std::printf("  FrameDecoder (every field, validated)  %6.2f M frames/s %6.0f MB/s\n", n / t_dec / 1e6,
                mb / t_dec);
    std::printf("  FrameDecoder + LiveCandles 1m,5m,15m   %6.2f M ticks/s  (%.0f ns a tick; %zu candles)\n",
                n / t_all / 1e6, t_all / n * 1e9, candles / 5);
    return check > 0 ? 0 : 1;
}
