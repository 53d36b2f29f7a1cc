// Opening a journal file: the pragmas for one appending writer beside any number of readers
// (WAL, synchronous=NORMAL), the schema created on first use, and a clear refusal of a file
// that is not an sos journal or was written by a newer schema.
#pragma once

#include <cstdint>
#include <string>

#include "journal/sqlite.hpp"

namespace sos::journal {

// Bumped whenever a table or column changes meaning; kept in PRAGMA user_version.
// 2: money as INTEGER paise, executor mode, raw keyed by raw_id(), trade views.
// 3: market lines in market_blocks and market_shapes instead of raw and the market tables.
// 4: who asked and when (asked_by, uid, at) in controls and signals, and signals.qty: an
//    operator's actions through a control socket (lib/control).
inline constexpr int kSchemaVersion = 4;
// PRAGMA application_id of every sos journal ("SOSJ"), so that a foreign SQLite file is
// recognised as such instead of being written into.
inline constexpr std::int32_t kApplicationId = 0x534F534A;

enum class Access {
    Write,  // create the file and schema if absent
    Read,   // the file must exist and be a journal
};

// Throws JournalOpenError with a message naming the file.
Database open_journal(const std::string& path, Access access);

// The schema version of an open journal (PRAGMA user_version).
int schema_version(Database& db);

// raw.id of a run's line: run * 2^40 + seq. A run's lines are one contiguous, ordered range
// of raw's primary key, so no index is needed to find them in stream order.
inline constexpr int kSeqBits = 40;
inline constexpr std::int64_t raw_id(std::int64_t run_id, std::int64_t seq) {
    return (run_id << kSeqBits) + seq;
}

}  // namespace sos::journal
