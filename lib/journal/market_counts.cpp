#include "journal/market_counts.hpp"

#include "journal/block_counts.hpp"
#include "journal/schema.hpp"
#include "journal/shape_table.hpp"

namespace sos::journal {

MarketCounts count_market_lines(Database& db, std::int64_t run_id) {
    MarketCounts out;
    if (schema_version(db) < 3) return out;
    const ShapeTable shapes = load_shapes(db, run_id);
    Statement s = db.prepare("SELECT counts FROM market_blocks WHERE id > ?1 AND id < ?2");
    s.bind_int(1, raw_id(run_id, 0));
    s.bind_int(2, raw_id(run_id + 1, 0));
    Count total;
    while (s.step()) {
        for (const ShapeCount& c : decode_counts(s.column_blob(0))) {
            if (!shapes.contains(c.shape)) throw JournalError("market block counts name an unknown shape");
            const Shape& shape = shapes[c.shape];
            Count n;
            n.events = static_cast<std::uint64_t>(c.lines);
            n.hist = shape.hist ? n.events : 0;
            if (c.least_ns) n.first = time::Timestamp{*c.least_ns}.seconds();
            if (c.greatest_ns) n.last = time::Timestamp{*c.greatest_ns}.seconds();
            out.by_type[shape.type][shape.symbol].add(n);
            out.quotes += n.events * shape.quotes;
            total.add(n);
        }
    }
    out.lines = total.events;
    out.first = total.first;
    out.last = total.last;
    return out;
}

}  // namespace sos::journal
