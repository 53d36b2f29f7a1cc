// Opening a journal file: the pragmas for one appending writer beside any number of readers
// (WAL, synchronous=NORMAL), the schema created on first use, and a clear refusal of a file
// that is not an sos journal or was written by a newer schema.
#pragma once

#include <cstdint>
#include <string>

#include "journal/sqlite.hpp"

namespace sos::journal {

// Bumped whenever a table or column changes meaning; kept in PRAGMA user_version.
inline constexpr int kSchemaVersion = 1;
// PRAGMA application_id of every sos journal ("SOSJ"), so that a foreign SQLite file is
// recognised as such instead of being written into.
inline constexpr std::int32_t kApplicationId = 0x534F534A;

enum class Access {
    Write,  // create the file and schema if absent
    Read,   // the file must exist and be a journal
};

// Throws JournalOpenError with a message naming the file.
Database open_journal(const std::string& path, Access access);

}  // namespace sos::journal
