#include "journal/shape_table.hpp"

#include "journal/line_shape.hpp"
#include "journal/schema.hpp"
#include "journal/sqlite.hpp"

namespace sos::journal {

std::optional<std::uint32_t> ShapeTable::find(std::string_view text) const {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    return std::nullopt;
}

std::uint32_t ShapeTable::add(Shape shape) {
    const auto id = static_cast<std::uint32_t>(shapes_.size());
    ids_.emplace(shape.text, id);
    shapes_.push_back(std::move(shape));
    return id;
}

ShapeTable load_shapes(Database& db, std::int64_t run_id) {
    ShapeTable table;
    if (schema_version(db) < 3) return table;
    Statement s = db.prepare(
        "SELECT id, shape, type, symbol, hist, quotes FROM market_shapes WHERE run_id = ?1 ORDER BY id");
    s.bind_int(1, run_id);
    while (s.step()) {
        if (s.column_int(0) != static_cast<std::int64_t>(table.size()))
            throw JournalError("market_shapes of run " + std::to_string(run_id) + " skips shape " +
                               std::to_string(table.size()));
        Shape shape;
        shape.text = s.column_text(1);
        for (char c : shape.text)
            shape.slots += c == kSlot ? 1 : 0;
        shape.type = s.column_text(2);
        shape.symbol = s.column_text(3);
        shape.hist = s.column_int(4) != 0;
        shape.quotes = static_cast<std::uint32_t>(s.column_int(5));
        table.add(std::move(shape));
    }
    return table;
}

}  // namespace sos::journal
