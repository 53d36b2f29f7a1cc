// The shapes (line_shape.hpp) of one run's market lines, numbered in the order they first
// appeared. A run's candles of one symbol share one shape, as do its option chains of one
// symbol and expiry, so a run holds a few dozen shapes whatever its length; each is stored
// once (market_templates) and a block names it by number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sos::journal {

class Database;

struct Shape {
    std::string text;
    std::uint32_t slots = 0;  // numbers a line of this shape carries
    // What every line of the shape is, read from its first one (the shape fixes every byte but
    // the numbers, so they all agree): the type as written, the symbol, history or not, and a
    // chain's strike quotes (CE and PE each count one).
    std::string type;
    std::string symbol;
    bool hist = false;
    std::uint32_t quotes = 0;
};

class ShapeTable {
public:
    // The shape's number, if the table holds it.
    std::optional<std::uint32_t> find(std::string_view text) const;
    // Adds a shape not yet held; returns its number.
    std::uint32_t add(Shape shape);
    const Shape& operator[](std::uint32_t id) const { return shapes_[id]; }
    bool contains(std::uint32_t id) const { return id < shapes_.size(); }
    std::size_t size() const { return shapes_.size(); }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::vector<Shape> shapes_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
};

// The shapes of a run as market_shapes holds them (empty for a journal of an older schema).
// Throws JournalError when their numbers are not 0, 1, 2, ... as written.
ShapeTable load_shapes(Database& db, std::int64_t run_id);

}  // namespace sos::journal
