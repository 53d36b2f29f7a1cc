#include "journal/replay.hpp"

#include <algorithm>

#include "journal/hist_flag.hpp"
#include "journal/run_lines.hpp"
#include "journal/runs.hpp"

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
        RunLines lines(db, run.id);
        HistMarker marker;
        std::string buf;
        buf.reserve(kChunk + 4096);
        std::optional<double> last_ts;
        bool open = true;
        while (open && lines.next()) {
            if (auto ts = lines.ts()) last_ts = ts;
            if (o.range.bounded() && !(last_ts && o.range.contains(*last_ts))) continue;
            if (!o.types.empty() && std::find(o.types.begin(), o.types.end(), lines.type()) == o.types.end())
                continue;
            const std::string_view line = lines.line();
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
