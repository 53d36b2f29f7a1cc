#include "journal/runs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "journal/schema.hpp"
#include "time/civil.hpp"

namespace sos::journal {

double wall_clock_seconds() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string default_run_name(double t) {
    const auto secs = static_cast<std::int64_t>(std::floor(t));
    const time::ZoneOffset utc{0};
    const auto ts = time::Timestamp::from_seconds(secs);
    const int sod = utc.local_seconds_of_day(ts);
    return fmt::format("{}T{:02}:{:02}:{:02}Z", time::format_date(utc.local_date(ts)), sod / 3600,
                       sod / 60 % 60, sod % 60);
}

namespace {

Run read_run(const Statement& s) {
    Run r;
    r.id = s.column_int(0);
    r.name = s.column_text(1);
    r.started_at = s.column_real(2);
    r.ended_at = s.column_opt_real(3);
    r.tool_version = s.column_text(4);
    r.command_line = s.column_text(5);
    return r;
}

// ?1 and ?2 bound to the bounds of a run's range of raw_id(): "id > ?1 AND id < ?2".
void bind_run_key_range(Statement& s, std::int64_t run_id) {
    s.bind_int(1, raw_id(run_id, 0));
    s.bind_int(2, raw_id(run_id + 1, 0));
}

constexpr std::string_view kSelectRun =
    "SELECT id, name, started_at, ended_at, tool_version, command_line FROM runs";

}  // namespace

std::optional<Run> find_run(Database& db, const std::string& name) {
    Statement s = db.prepare(std::string(kSelectRun) + " WHERE name = ?");
    s.bind_text(1, name);
    if (!s.step()) return std::nullopt;
    return read_run(s);
}

std::vector<Run> list_runs(Database& db) {
    std::vector<Run> runs;
    Statement s = db.prepare(std::string(kSelectRun) + " ORDER BY id");
    while (s.step())
        runs.push_back(read_run(s));
    return runs;
}

OpenedRun open_run(Database& db, const RunRequest& request) {
    OpenedRun opened;
    const double started = request.started_at > 0 ? request.started_at : wall_clock_seconds();
    // Under the write lock, so two writers starting together cannot both claim one name.
    in_transaction(db, "BEGIN IMMEDIATE", [&] {
        std::string name = request.name;
        if (name.empty()) {
            const std::string base = default_run_name(started);
            name = base;
            for (int n = 2; find_run(db, name); ++n)
                name = base + "-" + std::to_string(n);
        }
        if (auto existing = find_run(db, name)) {
            opened.run = *existing;
            opened.resumed = true;
            opened.next_seq = last_seq(db, existing->id) + 1;
            // Running again: not ended any more.
            Statement clear = db.prepare("UPDATE runs SET ended_at = NULL WHERE id = ?");
            clear.bind_int(1, existing->id);
            clear.run();
            opened.run.ended_at.reset();
        } else {
            Statement s = db.prepare(
                "INSERT INTO runs (name, started_at, tool_version, command_line) VALUES (?, ?, ?, ?)");
            s.bind_text(1, name);
            s.bind_real(2, started);
            s.bind_text(3, request.tool_version);
            s.bind_text(4, request.command_line);
            s.run();
            opened.run = Run{db.last_insert_rowid(), name, started, std::nullopt, request.tool_version,
                             request.command_line};
        }
    });
    return opened;
}

Run resolve_run(Database& db, const std::string& name) {
    if (!name.empty()) {
        if (auto run = find_run(db, name)) return *run;
    } else if (auto runs = list_runs(db); !runs.empty()) {
        return runs.back();
    }
    std::string names;
    for (const auto& r : list_runs(db))
        names += (names.empty() ? "" : ", ") + r.name;
    if (names.empty()) names = "none";
    throw RunNotFound(db.path() +
                      (name.empty() ? ": the journal holds no run" : ": no run named '" + name + "'") +
                      " (runs: " + names + ")");
}

TimeSpan run_time_span(Database& db, std::int64_t run_id) {
    // The run's first and last line with a time in raw, and in market_blocks (whose every line
    // has a time: the block's first and last give its span); the earlier and later of each.
    // HEALTH lines aside: they carry the wall clock's time when written, not the stream's (a
    // replay's are stamped today), so they never say where a run's time starts or ends. (An
    // ALERT or a CONTROL carries the stream's time where the stream has one.)
    struct Found {
        std::int64_t seq;
        double ts;
    };
    const bool blocks = schema_version(db) >= 3;
    TimeSpan span;
    for (const bool first : {true, false}) {
        const std::string order = first ? " ORDER BY id ASC LIMIT 1" : " ORDER BY id DESC LIMIT 1";
        std::vector<Found> found;
        Statement r = db.prepare(
            "SELECT id - ?1, ts FROM raw WHERE id > ?1 AND id < ?2 AND ts IS NOT NULL AND type != 'HEALTH'" +
            order);
        bind_run_key_range(r, run_id);
        if (r.step()) found.push_back({r.column_int(0), r.column_real(1)});
        if (blocks) {
            const char* column = first ? "first_seq, first_ts" : "last_seq, last_ts";
            Statement b = db.prepare(std::string("SELECT ") + column +
                                     " FROM market_blocks WHERE id > ?1 AND id < ?2 AND " +
                                     (first ? "first_ts" : "last_ts") + " IS NOT NULL" + order);
            bind_run_key_range(b, run_id);
            if (b.step()) found.push_back({b.column_int(0), b.column_real(1)});
        }
        if (found.empty()) continue;
        const auto pick = std::minmax_element(found.begin(), found.end(),
                                              [](const Found& a, const Found& b) { return a.seq < b.seq; });
        (first ? span.first : span.last) = first ? pick.first->ts : pick.second->ts;
    }
    return span;
}

std::int64_t last_seq(Database& db, std::int64_t run_id) {
    // A run's lines are one range of raw's key, and its blocks one range of market_blocks' key
    // (raw_id): the last of each is found without a scan.
    Statement r = db.prepare("SELECT coalesce(max(id) - ?1, 0) FROM raw WHERE id > ?1 AND id < ?2");
    bind_run_key_range(r, run_id);
    std::int64_t last = r.step() ? r.column_int(0) : 0;
    if (schema_version(db) >= 3) {
        Statement b = db.prepare(
            "SELECT last_seq FROM market_blocks WHERE id > ?1 AND id < ?2 ORDER BY id DESC LIMIT 1");
        bind_run_key_range(b, run_id);
        if (b.step()) last = std::max(last, b.column_int(0));
    }
    return last;
}

void mark_run_ended(Database& db, std::int64_t run_id, double ended_at) {
    Statement s = db.prepare("UPDATE runs SET ended_at = ? WHERE id = ?");
    s.bind_real(1, ended_at);
    s.bind_int(2, run_id);
    s.run();
}

}  // namespace sos::journal
