// The feed's freshness per source and the regime per underlying, from the run's market shapes and
// the counts beside each block (lines, least and greatest time per shape): no line is decoded.
// A shape fixes every byte of its lines but the numbers, so its text says each line's type,
// symbol, source (`src`) and timeframe, and a REGIME's regime and flags.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "journal/block_counts.hpp"
#include "journal/line_shape.hpp"
#include "journal/schema.hpp"
#include "journal/shape_table.hpp"
#include "journal/status_facts.hpp"
#include "time/timeframe.hpp"

namespace sos::journal {

namespace {

using Json = nlohmann::json;

// What the blocks say of one shape: its lines, and its newest time with the block it was in (a
// later block breaks a tie: it was written later).
struct Seen {
    std::int64_t lines = 0;
    std::optional<std::int64_t> newest_ns;
    std::int64_t block = 0;
};

std::vector<Seen> count_shapes(Database& db, std::int64_t run_id, const ShapeTable& shapes) {
    std::vector<Seen> seen(shapes.size());
    Statement s = db.prepare("SELECT id, counts FROM market_blocks WHERE id > ?1 AND id < ?2 ORDER BY id");
    s.bind_int(1, raw_id(run_id, 0));
    s.bind_int(2, raw_id(run_id + 1, 0));
    while (s.step()) {
        const std::int64_t block = s.column_int(0);
        for (const ShapeCount& c : decode_counts(s.column_blob(1))) {
            if (!shapes.contains(c.shape)) throw JournalError("market block counts name an unknown shape");
            Seen& x = seen[c.shape];
            x.lines += c.lines;
            if (c.greatest_ns && (!x.newest_ns || *c.greatest_ns >= *x.newest_ns)) {
                x.newest_ns = c.greatest_ns;
                x.block = block;
            }
        }
    }
    return seen;
}

// The shape's text as JSON: a number's place (kSlot) read as 0.
Json shape_json(const std::string& text) {
    std::string j = text;
    std::replace(j.begin(), j.end(), kSlot, '0');
    return Json::parse(j, nullptr, false);
}

std::string text_of(const Json& j, const char* name) {
    auto it = j.is_object() ? j.find(name) : j.end();
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool newer(const Seen& a, const Seen& b) {
    return *a.newest_ns > *b.newest_ns || (*a.newest_ns == *b.newest_ns && a.block > b.block);
}

struct SourceAcc {
    FeedSource source;
    std::set<std::string> symbols;
    std::optional<Seen> newest;
};

void add_feed(const Shape& shape, const Json& j, const Seen& seen, std::map<std::string, SourceAcc>& by_src) {
    std::string src = text_of(j, "src");
    SourceAcc& acc = by_src[src.empty() ? "-" : src];
    acc.source.lines += seen.lines;
    acc.symbols.insert(shape.symbol);
    const std::string tf = shape.type == "CANDLE" ? text_of(j, "tf") : std::string();
    const auto bar = time::parse_timeframe(tf);
    const double bar_s = bar ? bar->seconds : 0;
    const double end = time::Timestamp{*seen.newest_ns}.seconds() + bar_s;
    // The newest by when the data ends: a 5m bar closing after a 1m bar is the fresher.
    if (acc.newest && end < acc.source.last_end) return;
    acc.newest = seen;
    acc.source.last_end = end;
    acc.source.bar_s = bar_s;
    acc.source.last_type = shape.type;
    acc.source.last_symbol = shape.symbol;
    acc.source.last_tf = tf;
}

void add_regime(const Shape& shape, const Json& j, const Seen& seen,
                std::map<std::string, std::pair<Seen, RegimeNow>>& by_symbol) {
    const std::string symbol = shape.symbol.empty() ? "-" : shape.symbol;
    auto it = by_symbol.find(symbol);
    if (it != by_symbol.end() && !newer(seen, it->second.first)) return;
    RegimeNow r;
    r.symbol = symbol;
    r.regime = text_of(j, "regime");
    r.at = time::Timestamp{*seen.newest_ns}.seconds();
    if (auto f = j.find("flags"); f != j.end() && f->is_array())
        for (const auto& flag : *f)
            if (flag.is_string()) r.flags.push_back(flag.get<std::string>());
    by_symbol[symbol] = {seen, std::move(r)};
}

}  // namespace

void load_market(Database& db, std::int64_t run_id, StatusFacts& f) {
    const ShapeTable shapes = load_shapes(db, run_id);
    const std::vector<Seen> seen = count_shapes(db, run_id, shapes);
    std::map<std::string, SourceAcc> by_src;
    std::map<std::string, std::pair<Seen, RegimeNow>> regimes;
    for (std::uint32_t id = 0; id < shapes.size(); ++id) {
        const Shape& shape = shapes[id];
        if (!seen[id].newest_ns) continue;
        const Json j = shape_json(shape.text);
        if (shape.type == "REGIME") {
            add_regime(shape, j, seen[id], regimes);
        } else if (shape.hist) {
            f.history_lines += seen[id].lines;
            const double t = time::Timestamp{*seen[id].newest_ns}.seconds();
            if (!f.history_end || t > *f.history_end) f.history_end = t;
        } else {
            add_feed(shape, j, seen[id], by_src);
        }
    }
    for (auto& [src, acc] : by_src) {
        acc.source.src = src;
        acc.source.symbols = static_cast<std::int64_t>(acc.symbols.size());
        f.sources.push_back(std::move(acc.source));
    }
    for (auto& [symbol, r] : regimes)
        f.regimes.push_back(std::move(r.second));
}

}  // namespace sos::journal
