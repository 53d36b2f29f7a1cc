// Writes one canonical event as a row of its kind's table (and an option chain's strikes as
// option_quotes rows), through statements prepared once per connection.
#pragma once

#include <array>
#include <cstdint>

#include "event/event.hpp"
#include "journal/sqlite.hpp"
#include "journal/tables.hpp"

namespace sos::journal {

class EventRows {
public:
    explicit EventRows(Database& db);

    // `unknown_type` names the line's type for an event of no known kind. Returns the rows
    // written.
    std::size_t insert(const event::Event& e, std::int64_t raw_id, std::int64_t run_id,
                       std::string_view unknown_type);

private:
    Database& db_;
    std::array<Statement, static_cast<std::size_t>(event::Kind::Control) + 1> tables_;
    Statement quotes_;
};

}  // namespace sos::journal
