#include "journal/shape_table.hpp"

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

}  // namespace sos::journal
