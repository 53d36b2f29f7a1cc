// The engine at run time: the same bytes with any number of threads, state saved and restored
// (and refused when the strategy changed), reloads that keep what they can.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "pipeline/line_processor.hpp"
#include "strategy/match_filter.hpp"
#include "strategy/reloader.hpp"
#include "strategy/state_file.hpp"
#include "strategy_harness.hpp"

using harness::candle;
using harness::Harness;
using harness::kT0;
using namespace sos;

namespace {

const char* kBreak = R"json({"pattern_id":"BREAK","phases":[
    {"id":"SETUP","conditions":["candle.range > atr(5) * 1.2"],"capture":{"h":"candle.high","l":"candle.low"}},
    {"id":"GO","conditions":["candle.close > var.h"],"timeout":4}],
  "execution":{"entry":"var.h","sl":"var.l","tp":"entry + risk * tp_mult"}})json";
const char* kFade = R"json({"pattern_id":"FADE","gates":["sentiment.pcr < 1.2"],"phases":[
    {"conditions":["candle.close < lowest(candle.low, 5)"]}],
  "execution":{"entry":"candle.close","sl":"candle.high","tp":"entry - risk"}})json";

// A random walk over a few symbols with sentiment and regime lines mixed in.
std::vector<std::string> market(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    const char* syms[] = {"AAA", "BBB", "CCC", "DDD", "EEE"};
    const char* regimes[] = {"BULLISH", "SIDEWAYS", "BEARISH"};
    double px[5] = {100, 200, 300, 400, 500};
    std::vector<std::string> lines;
    for (int i = 0; i < n; ++i) {
        const long ts = kT0 + 60 * i;
        for (int s = 0; s < 5; ++s) {
            const double o = px[s], c = o + u(rng) * 2, h = std::max(o, c) + std::abs(u(rng)) * 2,
                         l = std::min(o, c) - std::abs(u(rng)) * 2;
            px[s] = c;
            lines.push_back(candle(syms[s], ts, o, h, l, c, 1000 + i));
        }
        if (i % 7 == 0)
            lines.push_back(fmt::format(R"json({{"type":"SENTIMENT_UPDATE","timestamp":{},"pcr":{}}})json",
                                        ts + 30, 1 + u(rng) * 0.4));
        if (i % 11 == 0)
            lines.push_back(
                fmt::format(R"json({{"type":"REGIME","timestamp":{},"symbol":"{}","regime":"{}"}})json",
                            ts + 31, syms[i % 5], regimes[i % 3]));
    }
    return lines;
}

// The whole output of the filter (pass-through and derived) for these lines.
std::string run_filter(const std::vector<std::string>& strategies, const std::vector<std::string>& lines,
                       int threads) {
    Harness h(strategies);
    strategy::MatchFilter filter(h.engine, threads);
    ndjson::StringSink sink;
    ndjson::Output out(sink);
    diag::BadInput bad;
    pipeline::LineProcessor proc(filter, bad);
    std::uint64_t n = 0;
    for (const auto& l : lines) {
        proc.process(l, ++n, out);
        if (n % 97 == 0) filter.on_idle(out);  // segments of uneven length
    }
    filter.on_end(out);
    return sink.text;
}

}  // namespace

TEST_CASE("any number of threads gives byte-identical output") {
    const auto lines = market(400, 7);
    const std::string one = run_filter({kBreak, kFade}, lines, 1);
    CHECK(one.find("\"SIGNAL\"") != std::string::npos);
    CHECK(one.find("\"REJECT\"") != std::string::npos);
    for (int t : {2, 3, 8}) {
        INFO(t << " threads");
        CHECK(run_filter({kBreak, kFade}, lines, t) == one);
    }
}

TEST_CASE("a saved state restores every tracker and a restart fires nothing twice") {
    const auto lines = market(300, 11);
    Harness whole({kBreak, kFade});
    auto all = whole.decisions(lines);
    REQUIRE(all.size() > 4);

    Harness first({kBreak, kFade});
    const std::size_t cut = lines.size() / 2;
    auto a = first.decisions(std::vector<std::string>(lines.begin(), lines.begin() + static_cast<long>(cut)));
    const std::string saved = strategy::serialize_state(first.engine);

    Harness second({kBreak, kFade});
    auto load = strategy::restore_state(second.engine, saved, "test");
    CHECK(load.refusals.empty());
    CHECK(load.trackers == 10);
    // The restart overlaps: the whole input again. Candles already in the state are skipped.
    auto b = second.decisions(lines);
    a.insert(a.end(), b.begin(), b.end());
    CHECK(a == all);
}

TEST_CASE("a state saved for another version of a strategy is refused for that strategy alone") {
    const auto lines = market(120, 3);
    Harness first({kBreak, kFade});
    first.decisions(lines);
    const std::string saved = strategy::serialize_state(first.engine);
    std::string changed = kFade;
    changed.replace(changed.find("1.2"), 3, "1.3");
    Harness second({kBreak, changed});
    auto load = strategy::restore_state(second.engine, saved, "st.bin");
    REQUIRE(load.refusals.size() == 1);
    CHECK(load.refusals[0] ==
          "state st.bin: strategy FADE (t.json) changed since the state was saved: its trackers start empty "
          "and are "
          "rebuilt from history (hist: true lines)");
    CHECK(load.trackers == 5);
}

TEST_CASE("a damaged state file is refused whole") {
    Harness h({kBreak});
    h.decisions(market(30, 5));
    std::string saved = strategy::serialize_state(h.engine);
    Harness other({kBreak});
    std::string torn = saved.substr(0, saved.size() / 2);
    CHECK(strategy::restore_state(other.engine, torn, "s").refusals[0] ==
          "state s: damaged (checksum mismatch): nothing loaded; trackers start empty and are rebuilt from "
          "history "
          "(hist: true lines)");
    saved[20] ^= 1;
    CHECK(strategy::restore_state(other.engine, saved, "s").trackers == 0);
    CHECK(
        strategy::restore_state(other.engine, "hello", "s").refusals[0].find("not a sos-match state file") !=
        std::string::npos);
}

TEST_CASE("the state file is written atomically and read back") {
    namespace fs = std::filesystem;
    const fs::path path = fs::temp_directory_path() / ("sos-state-" + std::to_string(::getpid()));
    Harness h({kBreak});
    h.decisions(market(50, 5));
    CHECK(strategy::write_state_file(path.string(), h.engine).empty());
    CHECK_FALSE(fs::exists(path.string() + ".tmp"));
    Harness back({kBreak});
    auto load = strategy::load_state_file(path.string(), back.engine);
    CHECK(load.loaded);
    CHECK(load.trackers == 5);
    fs::remove(path);
    CHECK_FALSE(strategy::load_state_file(path.string(), back.engine).loaded);
    CHECK(strategy::write_state_file("/nonexistent-dir/x", h.engine) ==
          "state /nonexistent-dir/x: cannot create /nonexistent-dir/x.tmp: No such file or directory");
}

TEST_CASE("a changed strategy keeps its indicators and a setup in progress when its phases are unchanged") {
    Harness h({kBreak});
    auto lines = market(60, 9);
    h.decisions(lines);
    auto& sym = h.engine.symbol_state("AAA");
    sym.groups[0].trackers[0].phase = 1;
    sym.groups[0].trackers[0].locals[0] = 123;
    auto atr_of = [&] {
        auto& g = h.engine.symbol_state("AAA").groups[0];
        return strategy::site_indicator(g.bank, g.trackers[0], 0).value(0);
    };
    const double atr_before = atr_of();
    REQUIRE_FALSE(std::isnan(atr_before));
    std::string changed = kBreak;
    changed.replace(changed.find("entry + risk * tp_mult"), 22, "entry + risk");
    h.engine.set_strategies({harness::load(changed)});
    const auto& t = h.engine.symbol_state("AAA").groups[0].trackers[0];
    CHECK(t.s->pattern_id == "BREAK");
    CHECK(t.phase == 1);
    CHECK(t.locals[0] == 123);
    CHECK(atr_of() == atr_before);
    std::string phases_changed = kBreak;
    phases_changed.replace(phases_changed.find("\"timeout\":4"), 11, "\"timeout\":3");
    h.engine.set_strategies({harness::load(phases_changed)});
    CHECK(h.engine.symbol_state("AAA").groups[0].trackers[0].phase == 0);
    CHECK(atr_of() == atr_before);
    h.engine.set_strategies({});
    CHECK(h.engine.symbol_state("AAA").groups.empty());
}

TEST_CASE("a reload takes good files refuses broken ones and drops removed ones") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("sos-reload-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "a.json") << kBreak;
    auto pb = strategy::load_playbook({dir.string()});
    strategy::Reloader r({dir.string()}, pb);
    CHECK_FALSE(r.rescan());
    std::ofstream(dir / "b.json") << kFade;
    auto o = r.rescan();
    REQUIRE(o);
    CHECK(o->changed);
    CHECK(o->strategies.size() == 2);
    std::ofstream(dir / "a.json") << "{ broken";
    o = r.rescan();
    REQUIRE(o);
    CHECK_FALSE(o->changed);
    REQUIRE(o->errors.size() == 1);
    CHECK(o->errors[0].find("not valid JSON") != std::string::npos);
    CHECK(o->notices[0] ==
          (dir / "a.json").string() + ": refused: the previous version of BREAK keeps running");
    CHECK(o->strategies.size() == 2);
    fs::remove(dir / "b.json");
    o = r.rescan();
    REQUIRE(o);
    CHECK(o->strategies.size() == 1);
    CHECK(o->strategies[0]->pattern_id == "BREAK");
    fs::remove_all(dir);
}

TEST_CASE("a reload that starts reading prev sees the candle taken in before it") {
    // Trackers of strategies that never read prev.* do not keep it; the group's last candle
    // stands in for it when a new version starts reading it.
    const std::string v1 = R"json({"pattern_id":"P","phases":[{"conditions":["candle.close > 1000000"]}],
      "execution":{"entry":"candle.close","sl":"candle.low","tp":"entry + risk"}})json";
    std::string v2 = v1;
    v2.replace(v2.find("candle.close > 1000000"), 22, "candle.close > prev.high");
    const auto first = candle("AAA", kT0, 100, 105, 99, 100);
    const auto second = candle("AAA", kT0 + 60, 104, 107, 103, 106);

    Harness reloaded({v1});
    CHECK(reloaded.decisions({first}).empty());
    reloaded.engine.set_strategies({harness::load(v2)});
    const auto after = reloaded.decisions({second});

    Harness always({v2});
    const auto expected = always.decisions({first, second});
    REQUIRE(expected.size() == 1);
    CHECK(after == expected);
}

TEST_CASE("a dangling link or a folder among the strategies is an error, not skipped") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("sos-links-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "a.json") << kBreak;
    fs::create_symlink(dir / "gone.json", dir / "b.json");
    fs::create_directories(dir / "c.json");
    REQUIRE(::mkfifo((dir / "d.json").c_str(), 0600) == 0);
    fs::create_symlink("/dev/zero", dir / "e.json");
    auto pb = strategy::load_playbook({dir.string()});
    CHECK_FALSE(pb.ok());
    auto errors = pb.all_errors();
    std::sort(errors.begin(), errors.end());
    REQUIRE(errors.size() == 4);
    CHECK(errors[0] == (dir / "b.json").string() + ": a link to " + (dir / "gone.json").string() +
                           ", which does not exist");
    CHECK(errors[1] == (dir / "c.json").string() + ": a folder, not a strategy file");
    CHECK(errors[2] == (dir / "d.json").string() + ": not a regular file");
    CHECK(errors[3] == (dir / "e.json").string() + ": not a regular file");
    fs::remove(dir / "d.json");
    fs::remove(dir / "e.json");
    // --watch says it once when it appears, not at every scan.
    fs::remove(dir / "b.json");
    fs::remove(dir / "c.json");
    auto good = strategy::load_playbook({dir.string()});
    REQUIRE(good.ok());
    strategy::Reloader r({dir.string()}, good);
    fs::create_symlink(dir / "gone.json", dir / "b.json");
    auto o = r.rescan();
    REQUIRE(o);
    REQUIRE(o->errors.size() == 1);
    CHECK(o->errors[0].find("which does not exist") != std::string::npos);
    CHECK_FALSE(r.rescan());
    fs::remove_all(dir);
}

TEST_CASE("a state path that cannot hold the state is found before any line is read") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("sos-statepath-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    CHECK(strategy::state_path_problem((dir / "state.bin").string()).empty());
    CHECK(strategy::state_path_problem(dir.string()) == "state " + dir.string() + ": a folder, not a file");
    CHECK(strategy::state_path_problem((dir / "no" / "state.bin").string()).find("its folder") !=
          std::string::npos);
    CHECK(strategy::state_path_problem("/dev/null") == "state /dev/null: not a regular file");
    // A state file read from a folder is refused with a reason, not read as empty.
    Harness h({kBreak});
    auto load = strategy::load_state_file(dir.string(), h.engine);
    CHECK_FALSE(load.loaded);
    REQUIRE(load.refusals.size() == 1);
    CHECK(load.refusals[0] == "state " + dir.string() + ": a folder, not a file");
    fs::remove_all(dir);
}
