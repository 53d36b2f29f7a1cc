#include "journal/replay.hpp"

#include <algorithm>

#include "journal/hist_flag.hpp"
#include "journal/runs.hpp"
#include "journal/schema.hpp"

namespace sos::journal {

namespace {

constexpr std::size_t kChunk = 1 << 20;

}  // namespace

ReplayResult replay(Database& db, const ReplayOptions& o, const std::function<bool(std::string_view)>& sink) {
    ReplayResult result;
    // One read transaction: a writer appending meanwhile does not change what is replayed.
    in_transaction(db, "BEGIN", [&] {
        const Run run = resolve_run(db, o.run);
        result.run = run.name;
        // Schema 2 keeps a run's lines as one range of raw's key; schema 1 had an index on
        // (run_id, seq).
        const bool ranged = schema_version(db) >= 2;
        Statement s = ranged
                          ? db.prepare("SELECT ts, type, line FROM raw WHERE id > ?1 AND id < ?2 ORDER BY id")
                          : db.prepare("SELECT ts, type, line FROM raw WHERE run_id = ?1 ORDER BY seq");
        s.bind_int(1, ranged ? raw_id(run.id, 0) : run.id);
        if (ranged) s.bind_int(2, raw_id(run.id + 1, 0));
        HistMarker marker;
        std::string buf;
        buf.reserve(kChunk + 4096);
        std::optional<double> last_ts;
        bool open = true;
        while (open && s.step()) {
            if (!s.is_null(0)) last_ts = s.column_real(0);
            if (o.range.bounded() && !(last_ts && o.range.contains(*last_ts))) continue;
            if (!o.types.empty() &&
                std::find(o.types.begin(), o.types.end(), s.column_view(1)) == o.types.end())
                continue;
            const std::string_view line = s.column_view(2);
            if (o.as_hist) {
                marker.append(line, buf);
            } else {
                buf.append(line);
                buf.push_back('\n');
            }
            ++result.lines;
            if (buf.size() >= kChunk) {
                open = sink(buf);
                buf.clear();
            }
        }
        if (open && !buf.empty()) sink(buf);
    });
    return result;
}

}  // namespace sos::journal
