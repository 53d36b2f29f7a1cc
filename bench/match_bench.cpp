// sos-match's engine and tool, measured beside a baseline:
//   match_bench engine STRATEGY_DIR [--quick]
//       candles per second in-process on decoded synthetic candles (1, 10 and 50 strategies
//       over 50 symbols, one core), beside a hand-coded BRF_SHORT doing the same work.
//   match_bench memory STRATEGY_DIR [--quick]
//       the resident memory of a process running 50 strategies over 200 symbols, fed a minute
//       at a time, after N and 4N candles (in a process of its own, so that nothing else the
//       benchmark holds is counted).
//   match_bench file STRATEGY_DIR CANDLES.ndjson
//       the engine's candles per second with 1, 10 and 50 strategies on a candle file (sos-feed
//       synth | sos-regime, say), decoded beforehand, one core.
//   match_bench profile STRATEGY_DIR N [SYMBOLS [R]]
//       one run of N strategies over 300000 candles (the best of 1+R runs), for perf.
//   match_bench inprocess SAMPLES GAP_US STRATEGY_DIR...
//       the part of that latency spent in sos-match's own code: decoding the candle line and
//       judging it, timed in-process with the same pause between candles (p50 p99 p99.9 max).
//   match_bench latency SAMPLES GAP_US 'sos-match --strategies DIR'
//       from a candle line written into the command to its SIGNAL line read back (every candle
//       of the probe fires one), p50 p99 p99.9 max in microseconds, lines one at a time.
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "event/decoder.hpp"
#include "shell_child.hpp"
#include "strategy/engine.hpp"
#include "strategy/loader.hpp"
#include "strategy/playbook.hpp"
#include "time/calendar.hpp"

namespace {

using sos::strategy::Strategy;
using StrategyPtr = std::shared_ptr<const Strategy>;

// CPU time of this thread: on a machine shared with other work, wall time measures the others.
double cpu_now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

long rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

// The playbook's strategies opened to every symbol, copied under new names until there are n.
std::vector<StrategyPtr> strategies(const std::string& dir, std::size_t n) {
    auto pb = sos::strategy::load_playbook({dir});
    std::vector<std::string> texts;
    for (const auto& f : pb.files) {
        if (!f.strategy) continue;
        auto j = nlohmann::ordered_json::parse(f.text);
        j.erase("symbols");
        j.erase("underlying");
        if (j.value("timeframe", "1m") != "1m") j["timeframe"] = "1m";
        texts.push_back(j.dump());
    }
    std::vector<StrategyPtr> out;
    for (std::size_t i = 0; out.size() < n; ++i) {
        auto j = nlohmann::ordered_json::parse(texts[i % texts.size()]);
        j["pattern_id"] = j["pattern_id"].get<std::string>() + "_" + std::to_string(i);
        auto r = sos::strategy::load_strategy("bench.json", j.dump());
        if (!r.strategy) {
            std::fprintf(stderr, "match_bench: %s\n", r.errors.front().c_str());
            std::exit(1);
        }
        out.push_back(r.strategy);
    }
    return out;
}

// The engine's input as sos-match hands it over: each line is judged in the slot the reader
// has just decoded it into, in cache. Walking hundreds of thousands of pre-decoded events
// (~760 bytes each) would time memory misses the tool never has, so candles are kept compact
// here and written into a reused slot per symbol before each is judged (that copy is timed);
// other lines (sentiment, regime) are rare and kept as decoded.
class Feed {
public:
    void add_candle(const std::string& symbol, sos::time::Timestamp ts, bool hist,
                    const sos::event::Candle& k) {
        auto it = std::find(names_.begin(), names_.end(), symbol);
        if (it == names_.end()) {
            names_.push_back(symbol);
            slots_.emplace_back();
            auto& e = slots_.back().add();
            e.env.kind = sos::event::Kind::Candle;
            e.env.symbol = symbol;
            sos::event::EventList::body_as<sos::event::Candle>(e);
            it = names_.end() - 1;
        }
        items_.push_back(Item{static_cast<std::uint32_t>(it - names_.begin()), -1, hist, ts, k});
        ++candles_;
    }
    void add_line(sos::event::EventList line) {
        others_.push_back(std::move(line));
        items_.push_back(Item{0, static_cast<std::int32_t>(others_.size() - 1), false, {}, {}});
    }
    std::size_t size() const { return items_.size(); }
    std::size_t candles() const { return candles_; }
    // Line i, as the engine sees it; a candle's slot stays valid until the next call.
    const sos::event::EventList& line(std::size_t i) {
        const Item& it = items_[i];
        if (it.other >= 0) return others_[static_cast<std::size_t>(it.other)];
        auto& slot = slots_[it.symbol];
        auto& e = slot[0];
        e.env.timestamp = it.ts;
        e.env.hist = it.hist;
        *std::get_if<sos::event::Candle>(&e.body) = it.candle;
        return slot;
    }

private:
    struct Item {
        std::uint32_t symbol;
        std::int32_t other;  // index into others_, or -1 for a candle
        bool hist;
        sos::time::Timestamp ts;
        sos::event::Candle candle;
    };
    std::vector<Item> items_;
    std::vector<std::string> names_;
    std::vector<sos::event::EventList> slots_, others_;
    std::size_t candles_ = 0;
};

// A random walk per symbol on the 0.05 tick, one closed 1m candle per symbol per minute from
// minute `first` on, with a market-wide sentiment update every 5 minutes.
Feed market(int symbols, int minutes, unsigned seed, int first = 0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> step(0, 1);
    std::vector<double> px(static_cast<std::size_t>(symbols), 20000);
    Feed feed;
    const long t0 = 1704685500;
    for (int m = first; m < first + minutes; ++m) {
        // 375 one-minute bars a session, sessions a day apart.
        const long ts = t0 + (m / 375) * 86400 + (m % 375) * 60;
        if (m % 5 == 0) {
            sos::event::EventList line;
            auto& e = line.add();
            e.env.kind = sos::event::Kind::Sentiment;
            e.env.timestamp = sos::time::Timestamp::from_seconds(ts - 1);
            auto& s = sos::event::EventList::body_as<sos::event::Sentiment>(e);
            s.pcr = 1.0 + 0.3 * std::sin(m / 50.0);
            s.pcr_velocity = 0.01 * std::cos(m / 7.0);
            s.iv_rank = 50 + 30 * std::sin(m / 300.0);
            s.iv = 0.15;
            s.hv = 0.11;
            s.vix = 16;
            feed.add_line(std::move(line));
        }
        for (int k = 0; k < symbols; ++k) {
            double& p = px[static_cast<std::size_t>(k)];
            // Prices on NSE's 0.05 tick, as every feed quotes them.
            auto tick = [](double x) { return std::round(x * 20) / 20; };
            const double o = p, c = tick(p + step(rng) * 8),
                         h = tick(std::max(o, c) + std::fabs(step(rng)) * 5),
                         l = tick(std::min(o, c) - std::fabs(step(rng)) * 5);
            p = c;
            sos::event::Candle candle;
            candle.o = o;
            candle.h = h;
            candle.l = l;
            candle.c = c;
            candle.v = 1000 + static_cast<double>(rng() % 3000);
            feed.add_candle("S" + std::to_string(k), sos::time::Timestamp::from_seconds(ts), false, candle);
        }
    }
    return feed;
}

struct Timing {
    double seconds;
    std::size_t candles;
    std::size_t derived;
};

Timing run_engine(const std::vector<StrategyPtr>& s, Feed& feed, const sos::time::Calendar& cal) {
    sos::strategy::EngineOptions o;
    o.calendar = &cal;
    sos::strategy::Engine engine(o);
    engine.set_strategies(s);
    sos::strategy::Derived out;
    std::size_t derived = 0;
    const double t0 = cpu_now();
    for (std::size_t i = 0; i < feed.size(); ++i) {
        out.clear();
        engine.on_events(feed.line(i), out);
        derived += out.size();
    }
    return Timing{cpu_now() - t0, feed.candles(), derived};
}

// The baseline: BRF_SHORT written by hand (same rules, same ATR, no interpreter, no frame).
Timing run_hand_coded(Feed& feed) {
    struct Brf {
        int phase = 0, since = 0;
        double mh = 0, ml = 0;
        double prev_c = NAN, atr = NAN, seed = 0;
        int trs = 0;
        long day = -1;
    };
    std::vector<Brf> t(64);
    double pcr_velocity = NAN;
    std::size_t candles = 0, signals = 0;
    std::string id;
    const double t0 = cpu_now();
    for (std::size_t i = 0; i < feed.size(); ++i) {
        const auto& e = feed.line(i)[0];
        if (const auto* s = e.as<sos::event::Sentiment>()) {
            if (s->pcr_velocity) pcr_velocity = *s->pcr_velocity;
            continue;
        }
        const auto& k = *e.as<sos::event::Candle>();
        ++candles;
        Brf& b = t[static_cast<std::size_t>(std::atoi(e.env.symbol.c_str() + 1))];
        const long day = (e.env.timestamp->whole_seconds() + 19800) / 86400;
        if (b.day >= 0 && day != b.day) b.phase = 0;
        b.day = day;
        const double range = k.h - k.l, body = std::fabs(k.c - k.o);
        if (b.phase > 0 && ++b.since > 5 && b.phase == 1) b.phase = 0;
        if (b.phase == 0 && range > b.atr * 1.2) {
            b.mh = k.h;
            b.ml = k.l;
            b.phase = 1;
            b.since = 0;
        } else if (b.phase == 1 && k.c < b.ml) {
            b.phase = 2;
            b.since = 0;
        } else if (b.phase == 2 && k.h > b.ml && body < range * 0.2 && pcr_velocity < 0) {
            const double entry = b.ml - 0.1, risk = std::fabs(entry - b.mh), tp = entry - risk * 2;
            id = "BRF:" + e.env.symbol;  // a signal costs a line in both
            signals += tp < entry;
            b.phase = 0;
        }
        if (!std::isnan(b.prev_c)) {
            const double tr = std::max({range, std::fabs(k.h - b.prev_c), std::fabs(k.l - b.prev_c)});
            if (++b.trs < 14)
                b.seed += tr;
            else if (b.trs == 14)
                b.atr = (b.seed + tr) / 14;
            else
                b.atr = (b.atr * 13 + tr) / 14;
        }
        b.prev_c = k.c;
    }
    return Timing{cpu_now() - t0, candles, signals};
}

int engine_bench(const std::string& dir, bool quick) {
    const auto cal = sos::time::Calendar::nse_default();
    const int minutes = quick ? 3000 : 12000;
    auto feed = market(50, minutes, 42);
    // Thread CPU time, best of 5 runs (50 strategies: one): this is a shared machine, and the
    // best run is the one the others disturbed least.
    std::printf(
        "In-process engine, decoded candles in a reused slot, one core (%d symbols x %d minutes; "
        "best of 5)\n",
        50, minutes);
    std::printf("  %-34s %10s %9s %12s %10s %9s\n", "run", "candles", "cpu s", "candles/s", "ns/candle",
                "decisions");
    auto row = [](const char* name, const Timing& t) {
        std::printf("  %-34s %10zu %9.3f %12.0f %10.1f %9zu\n", name, t.candles, t.seconds,
                    t.candles / t.seconds, t.seconds * 1e9 / static_cast<double>(t.candles), t.derived);
    };
    // The hand-coded twin first; then the seed BRF_SHORT alone through the engine.
    auto all = strategies(dir, 50);
    std::vector<StrategyPtr> brf;
    for (const auto& s : all)
        if (s->pattern_id.rfind("BRF_SHORT_", 0) == 0 && brf.empty()) brf.push_back(s);
    Timing best_hand{1e9, 0, 0}, best_brf{1e9, 0, 0};
    for (int rep = 0; rep < 5; ++rep) {
        auto h = run_hand_coded(feed);
        if (h.seconds < best_hand.seconds) best_hand = h;
        auto b = run_engine(brf, feed, cal);
        if (b.seconds < best_brf.seconds) best_brf = b;
    }
    row("baseline: BRF_SHORT hand-coded C++", best_hand);
    row("engine: BRF_SHORT from JSON", best_brf);
    for (std::size_t n : {1u, 10u, 50u}) {
        std::vector<StrategyPtr> s(all.begin(), all.begin() + static_cast<long>(n));
        Timing best{1e9, 0, 0};
        for (int rep = 0; rep < (n == 50 ? 1 : 5); ++rep) {
            auto t = run_engine(s, feed, cal);
            if (t.seconds < best.seconds) best = t;
        }
        char name[64];
        std::snprintf(name, sizeof name, "engine: %zu strateg%s (playbook mix)", n, n == 1 ? "y" : "ies");
        row(name, best);
    }

    return 0;
}

// Memory in a process of its own: 50 strategies over 200 symbols (10000 trackers), fed one
// minute at a time as a live stream would arrive, resident after N and after 4N candles.
int memory_bench(const std::string& dir, bool quick) {
    const auto cal = sos::time::Calendar::nse_default();
    const long start = rss_kib();
    auto all = strategies(dir, 50);
    sos::strategy::EngineOptions o;
    o.calendar = &cal;
    sos::strategy::Engine engine(o);
    engine.set_strategies(all);
    sos::strategy::Derived out;
    const int minutes = quick ? 400 : 1500;
    long rss[2] = {0, 0};
    for (int m = 0; m < 4 * minutes; ++m) {
        auto feed = market(200, 1, 100 + static_cast<unsigned>(m), m);
        for (std::size_t i = 0; i < feed.size(); ++i) {
            out.clear();
            engine.on_events(feed.line(i), out);
        }
        if (m + 1 == minutes) rss[0] = rss_kib();
    }
    rss[1] = rss_kib();
    std::printf("\nResident memory of a process running 50 strategies over 200 symbols (10000 trackers)\n");
    std::printf("  %-34s %10s %12s\n", "after", "candles", "MB resident");
    std::printf("  %-34s %10s %12.1f\n", "start (before loading)", "0", start / 1024.0);
    std::printf("  %-34s %10d %12.1f\n", "N candles", 200 * minutes, rss[0] / 1024.0);
    std::printf("  %-34s %10d %12.1f\n", "4N candles", 200 * minutes * 4, rss[1] / 1024.0);
    std::printf("  growth from N to 4N: %.1f MB\n", (rss[1] - rss[0]) / 1024.0);
    return 0;
}

// The engine on a recorded or synthetic candle file (sos-feed synth's, say), pre-decoded:
// candles per second with 1, 10 and 50 strategies on one core, as the market decides.
int file_bench(const std::string& dir, const std::string& path) {
    const auto cal = sos::time::Calendar::nse_default();
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "match_bench: cannot open %s\n", path.c_str());
        return 66;
    }
    sos::event::Decoder decoder;
    Feed feed;
    for (std::string line; std::getline(in, line);) {
        sos::event::EventList events;
        if (!decoder.decode(line, events) || events.empty()) continue;
        const auto& e = events[0];
        if (events.size() == 1 && e.env.kind == sos::event::Kind::Candle && e.env.timestamp)
            feed.add_candle(e.env.symbol, *e.env.timestamp, e.env.hist, *e.as<sos::event::Candle>());
        else
            feed.add_line(std::move(events));
    }
    std::printf("In-process engine on %s, decoded beforehand (%zu lines), one core, best of 5\n",
                path.c_str(), feed.size());
    std::printf("  %-34s %10s %9s %12s %9s\n", "run", "candles", "cpu s", "candles/s", "decisions");
    for (std::size_t n : {1, 10, 50}) {
        const auto all = strategies(dir, n);
        Timing best{1e9, 0, 0};
        for (int rep = 0; rep < 5; ++rep) {
            const auto t = run_engine(all, feed, cal);
            if (t.seconds < best.seconds) best = t;
        }
        std::printf("  %-34zu %10zu %9.3f %12.0f %9zu\n", n, best.candles, best.seconds,
                    static_cast<double>(best.candles) / best.seconds, best.derived);
    }
    return 0;
}

// The i-th candle the latency probes send: minutes of one session after another (the probe
// strategy fires on every one).
std::string probe_candle(int i) {
    const long ts = 1704685500 + (i / 375) * 86400 + (i % 375) * 60;
    return "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(ts) +
           ",\"symbol\":\"NIFTY\",\"tf\":\"1m\",\"o\":21700,\"h\":21720,\"l\":21690,\"c\":21710,\"v\":" +
           std::to_string(1000 + i % 97) + "}";
}

// The part of a candle's latency spent inside sos-match's own code: decoding the line and
// judging it, in-process, one candle at a time with a pause between (as live candles come),
// so caches are as cold as the tool finds them. Pipe and scheduling costs are not in it.
int in_process(int samples, int gap_us, const std::vector<std::string>& dirs) {
    const auto cal = sos::time::Calendar::nse_default();
    auto pb = sos::strategy::load_playbook(dirs);
    if (!pb.ok()) {
        std::fprintf(stderr, "match_bench: the strategies do not load\n");
        return 1;
    }
    sos::strategy::EngineOptions o;
    o.calendar = &cal;
    sos::strategy::Engine engine(o);
    engine.set_strategies(pb.strategies());
    sos::event::Decoder decoder;
    sos::event::EventList events;
    sos::strategy::Derived out;
    std::vector<double> decode_us, judge_us;
    std::size_t derived = 0;
    const int warmup = 200;
    for (int i = 0; i < samples + warmup; ++i) {
        std::string line = probe_candle(i);
        line.append(sos::event::Decoder::padding(), ' ');
        const std::size_t len = line.size() - sos::event::Decoder::padding();
        auto t0 = std::chrono::steady_clock::now();
        if (!decoder.decode(line.data(), len, line.size(), events)) return 1;
        auto t1 = std::chrono::steady_clock::now();
        out.clear();
        engine.on_events(events, out);
        auto t2 = std::chrono::steady_clock::now();
        derived += out.size();
        if (i >= warmup) {
            decode_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            judge_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
        }
        if (gap_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
    }
    std::printf("decode ");
    sos::bench::print_percentiles(decode_us);
    std::printf("judge  ");
    sos::bench::print_percentiles(judge_us);
    std::printf("(%zu lines derived)\n", derived);
    return 0;
}

int latency(int samples, int gap_us, const char* cmd) {
    auto child = sos::bench::start_shell(cmd);
    if (child.pid < 0) return 1;
    std::vector<double> us;
    std::string pending;
    char buf[65536];
    const int warmup = 200;
    for (int i = 0; i < samples + warmup; ++i) {
        const std::string line = probe_candle(i) + "\n";
        auto t0 = std::chrono::steady_clock::now();
        if (write(child.to, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
        // Wait for this candle's SIGNAL line (after its own pass-through line).
        for (;;) {
            auto nl = pending.find('\n');
            if (nl != std::string::npos) {
                const bool signal = pending.compare(0, 17, "{\"type\":\"SIGNAL\",") == 0;
                pending.erase(0, nl + 1);
                if (signal) break;
                continue;
            }
            ssize_t n = read(child.from, buf, sizeof buf);
            if (n <= 0) {
                std::fprintf(stderr, "match_bench: the command ended early\n");
                return 1;
            }
            pending.append(buf, static_cast<std::size_t>(n));
        }
        auto t1 = std::chrono::steady_clock::now();
        if (i >= warmup) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        if (gap_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
    }
    child.finish();
    sos::bench::print_percentiles(us);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "engine" && argc >= 3)
        return engine_bench(argv[2], argc > 3 && std::string(argv[3]) == "--quick");
    if (mode == "profile" && argc >= 4) {
        // One engine run of N strategies (over S symbols), for perf; with R, the best of R more.
        const auto cal = sos::time::Calendar::nse_default();
        const int syms = argc > 4 ? std::atoi(argv[4]) : 50;
        auto lines = market(syms, 300000 / syms, 42);
        auto all = strategies(argv[2], static_cast<std::size_t>(std::atoi(argv[3])));
        auto t = run_engine(all, lines, cal);
        for (int r = argc > 5 ? std::atoi(argv[5]) : 0; r > 0; --r) {
            auto u = run_engine(all, lines, cal);
            if (u.seconds < t.seconds) t = u;
        }
        std::printf("%zu candles %.3f s %.0f candles/s %zu decisions\n", t.candles, t.seconds,
                    t.candles / t.seconds, t.derived);
        return 0;
    }
    if (mode == "file" && argc == 4) return file_bench(argv[2], argv[3]);
    if (mode == "memory" && argc >= 3)
        return memory_bench(argv[2], argc > 3 && std::string(argv[3]) == "--quick");
    if (mode == "inprocess" && argc >= 5)
        return in_process(std::atoi(argv[2]), std::atoi(argv[3]),
                          std::vector<std::string>(argv + 4, argv + argc));
    if (mode == "latency" && argc == 5) return latency(std::atoi(argv[2]), std::atoi(argv[3]), argv[4]);
    std::fprintf(stderr,
                 "usage: match_bench engine STRATEGY_DIR [--quick]\n"
                 "       match_bench memory STRATEGY_DIR [--quick]\n"
                 "       match_bench file STRATEGY_DIR CANDLES.ndjson\n"
                 "       match_bench inprocess SAMPLES GAP_US STRATEGY_DIR...\n"
                 "       match_bench latency SAMPLES GAP_US COMMAND\n"
                 "       match_bench profile STRATEGY_DIR N [SYMBOLS [R]]\n");
    return 64;
}
