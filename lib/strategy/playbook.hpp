// The strategies of one or more folders: every *.json file in each (or a file named directly),
// each loaded and checked, with every error of every file collected, not just the first.
// Two files may not define the same pattern_id.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "strategy/strategy.hpp"

namespace sos::strategy {

struct StrategyFile {
    std::string path;
    std::string text;
    std::shared_ptr<const Strategy> strategy;  // null when the file has errors
    std::vector<std::string> errors;
};

struct Playbook {
    std::vector<StrategyFile> files;  // in path order
    std::vector<std::string> errors;  // folders that cannot be read

    bool ok() const;
    std::vector<std::string> all_errors() const;
    // The loaded strategies, sorted by pattern_id.
    std::vector<std::shared_ptr<const Strategy>> strategies() const;
};

// The *.json paths of each folder (or the path itself for a file), sorted; unreadable folders
// go to `errors`.
std::vector<std::string> strategy_paths(const std::vector<std::string>& dirs,
                                        std::vector<std::string>& errors);

// Loads one file; `taken` pattern ids (other files') are refused as duplicates.
StrategyFile load_file(const std::string& path, const std::vector<const Strategy*>& taken);

Playbook load_playbook(const std::vector<std::string>& dirs);

}  // namespace sos::strategy
