// --state: every tracker (phase, captures, previous candle, indicator windows) and every
// underlying's regime and sentiment, saved to a file atomically (written beside it, synced,
// then renamed over it) and loaded at start, so a restart mid-session loses no setup in
// progress. Each strategy's trackers are stored with the fingerprint of the strategy they were
// made by; a strategy changed since is refused with a message and rebuilt from history instead.
//
// The format is binary, native byte order, with a trailing checksum: a torn or foreign file is
// refused whole. The layout is the order serialize_state writes it in (state_file.cpp): the
// magic "SOSMSTAT" and a version, the regime and sentiment contexts, the strategies with their
// fingerprints, then each symbol's trackers.
#pragma once

#include <string>
#include <vector>

#include "strategy/engine.hpp"

namespace sos::strategy {

std::string serialize_state(Engine& engine);

struct StateLoad {
    bool loaded = false;                // the file existed and was read
    std::size_t trackers = 0;           // trackers restored
    std::vector<std::string> refusals;  // why something was not restored, for a person
};

StateLoad restore_state(Engine& engine, std::string_view bytes, std::string_view source);

// Writes atomically; returns an error message or "".
std::string write_state_file(const std::string& path, Engine& engine);
// Why `path` cannot serve as a state file ("" when it can): a folder, something other than a
// regular file, or a folder that does not take new files. Checked before the first line, so a
// mistyped --state fails at once instead of after the whole stream has run.
std::string state_path_problem(const std::string& path);
// Reads and restores; a missing file is not an error (loaded = false, no refusal).
StateLoad load_state_file(const std::string& path, Engine& engine);

}  // namespace sos::strategy
