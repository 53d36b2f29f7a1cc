// sos-journal quality on the hand-worked two-day session of tests/golden/sos-journal/report-session:
// nine signals (six ORB, three VWAP, all in BULLISH), six of them routed and filled, three refused by
// sos-risk (MAX_POSITIONS twice, COOLDOWN once), and one veto by sos-match (VWAP in SIDEWAYS).
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "journal/quality.hpp"
#include "journal/quality_format.hpp"
#include "journal_test_util.hpp"

using namespace journal_test;

namespace {

Quality quality_of(const std::string& from = {}, const std::string& to = {}) {
    static TempDir dir;
    static const std::string path = [] {
        const auto p = dir.file("session.db");
        auto store = make_store(p, "session");
        for (const auto& line : read_lines(session_file()))
            append(*store, line);
        return p;
    }();
    Database db = open_journal(path, Access::Read);
    QualityOptions o;
    o.range = parse_time_range(from, to);
    return build_quality(db, o);
}

void require_row(const QualityRow& r, std::int64_t signals, std::int64_t routed, std::int64_t accepted,
                 std::int64_t filled, std::int64_t rejected, std::int64_t vetoed) {
    INFO(r.strategy << " " << r.regime);
    CHECK(r.signals == signals);
    CHECK(r.routed == routed);
    CHECK(r.accepted == accepted);
    CHECK(r.filled == filled);
    CHECK(r.rejected == rejected);
    CHECK(r.pending == 0);
    CHECK(r.vetoed == vetoed);
}

}  // namespace

TEST_CASE("quality: signals, routed, accepted, filled and rejected per strategy and regime") {
    const Quality q = quality_of();
    CHECK(q.run.name == "session");
    REQUIRE(q.rows.size() == 3);
    CHECK(q.rows[0].strategy == "ORB");
    CHECK(q.rows[0].regime == "BULLISH");
    require_row(q.rows[0], 6, 4, 4, 4, 2, 0);
    CHECK(q.rows[1].strategy == "VWAP");
    CHECK(q.rows[1].regime == "BULLISH");
    require_row(q.rows[1], 3, 2, 2, 2, 1, 0);
    CHECK(q.rows[2].regime == "SIDEWAYS");
    require_row(q.rows[2], 0, 0, 0, 0, 0, 1);
    require_row(q.total, 9, 6, 6, 6, 3, 1);
    CHECK(q.total.accept_rate() == Approx(6.0 / 9));
    CHECK_FALSE(q.rows[2].accept_rate());
}

TEST_CASE("quality: rejections by stage and reason, vetoes among them") {
    const Quality q = quality_of();
    REQUIRE(q.reasons.size() == 3);
    CHECK(q.reasons[0].strategy == "ORB");
    CHECK(q.reasons[0].stage == "risk");
    CHECK(q.reasons[0].reason == "MAX_POSITIONS");
    CHECK(q.reasons[0].count == 2);
    CHECK(q.reasons[1].reason == "COOLDOWN");
    CHECK(q.reasons[2].stage == "match");
    CHECK(q.reasons[2].reason == "REGIME_GATE");
    CHECK(q.reasons[2].regime == "SIDEWAYS");
}

TEST_CASE("quality: --from and --to keep the signals of a range") {
    const Quality q = quality_of("2024-01-09", "2024-01-09");
    REQUIRE(q.rows.size() == 2);  // the veto was on the 8th
    require_row(q.rows[0], 3, 2, 2, 2, 1, 0);
    require_row(q.rows[1], 2, 1, 1, 1, 1, 0);
    CHECK(q.reasons.size() == 2);
    CHECK_THROWS_WITH(quality_of("yesterday"), Catch::Contains("--from: cannot read the time 'yesterday'"));
}

TEST_CASE("quality: the JSON form carries the same counts") {
    const auto j = nlohmann::json::parse(format_quality_json(quality_of()));
    CHECK(j["run"] == "session");
    CHECK(j["total"]["signals"] == 9);
    CHECK(j["total"]["accepted"] == 6);
    CHECK(j["rows"].size() == 3);
    CHECK(j["reasons"][0]["reason"] == "MAX_POSITIONS");
    CHECK(format_quality_text(quality_of()).find("ACCEPT%") != std::string::npos);
}

TEST_CASE("quality: a long run's signals are followed through indexes, not compared with every order") {
    // 20,000 signals, three in four routed with an order update, two in three of those filled.
    // The first form of the query kept the run's orders in an unindexed table and took 48 s here;
    // through the indexes it takes well under a second.
    TempDir dir;
    const auto path = dir.file("long.db");
    {
        StoreOptions o;
        o.sync = SyncMode::Batch;
        auto store = make_store(path, "long", o);
        for (int i = 0; i < 20000; ++i) {
            const std::string ts = std::to_string(1704771900 + i * 60), id = "s" + std::to_string(i);
            append(*store, "{\"type\":\"SIGNAL\",\"timestamp\":" + ts + ",\"symbol\":\"NIFTY\",\"id\":\"" +
                               id + "\",\"pattern_id\":\"p" + std::to_string(i % 7) + "\",\"side\":\"BUY\"}");
            if (i % 4 == 0) {
                append(*store, "{\"type\":\"REJECT\",\"timestamp\":" + ts +
                                   ",\"symbol\":\"NIFTY\",\"stage\":\"risk\",\"ref\":\"" + id +
                                   "\",\"reason\":\"COOLDOWN\"}");
                continue;
            }
            append(*store, "{\"type\":\"ORDER\",\"timestamp\":" + ts + ",\"symbol\":\"NIFTY\",\"id\":\"" +
                               id + "#1\",\"signal_id\":\"" + id +
                               "\",\"side\":\"BUY\",\"qty\":50,\"order_type\":\"MARKET\"}");
            append(*store, "{\"type\":\"ORDER_UPDATE\",\"timestamp\":" + ts +
                               ",\"symbol\":\"NIFTY\",\"id\":\"" + id +
                               "#1\",\"status\":\"OPEN\",\"filled_qty\":0}");
            if (i % 3)
                append(*store, "{\"type\":\"FILL\",\"timestamp\":" + ts +
                                   ",\"symbol\":\"NIFTY\",\"order_id\":\"" + id +
                                   "#1\",\"side\":\"BUY\",\"qty\":50,\"price\":100.5}");
        }
    }
    Database db = open_journal(path, Access::Read);
    const auto start = std::chrono::steady_clock::now();
    const Quality q = build_quality(db, {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(q.total.signals == 20000);
    CHECK(q.total.rejected == 5000);
    CHECK(q.total.accepted == 15000);
    CHECK(q.total.filled == 10000);
    CHECK(seconds < 10);
}
