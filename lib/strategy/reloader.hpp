// What --watch does when the folders change: rescans them, reloads each file whose text
// changed, and returns the playbook to run from the next candle. A file with errors is refused
// with every error and its previous version (if any) keeps running; a removed file's strategy
// is dropped; a new strategy whose pattern_id another file already uses is refused.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strategy/playbook.hpp"

namespace sos::strategy {

class Reloader {
public:
    Reloader(std::vector<std::string> dirs, const Playbook& loaded);  // loaded.errors: already said

    struct Outcome {
        std::vector<std::shared_ptr<const Strategy>> strategies;  // sorted by pattern_id
        std::vector<std::string> errors;                          // refused files, every error
        std::vector<std::string> notices;                         // what changed, for a person
        bool changed = false;  // false: only refusals, the playbook is as it was
    };
    // Nothing when the folders hold what is already running.
    std::optional<Outcome> rescan();

private:
    struct Active {
        std::string text;
        std::shared_ptr<const Strategy> strategy;  // the version running (may be null: never good)
    };
    std::vector<std::string> dirs_;
    std::map<std::string, Active> files_;
    // What the last scan found wrong with the folders (a dangling link): said once, not per scan.
    std::vector<std::string> folder_errors_;
};

}  // namespace sos::strategy
