#include "strategy/reloader.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "files/whole_file.hpp"

namespace sos::strategy {

Reloader::Reloader(std::vector<std::string> dirs, const Playbook& loaded) : dirs_(std::move(dirs)) {
    for (const auto& f : loaded.files)
        files_[f.path] = Active{f.text, f.strategy};
    folder_errors_ = loaded.errors;
}

std::optional<Reloader::Outcome> Reloader::rescan() {
    Outcome out;
    std::vector<std::string> dir_errors;
    const auto paths = strategy_paths(dirs_, dir_errors);
    for (const auto& e : dir_errors)
        if (std::find(folder_errors_.begin(), folder_errors_.end(), e) == folder_errors_.end())
            out.errors.push_back(e);
    folder_errors_ = dir_errors;
    bool changed = false;
    // Removed files first, so a strategy moved from one file to another is not a duplicate.
    for (auto it = files_.begin(); it != files_.end();) {
        if (std::find(paths.begin(), paths.end(), it->first) == paths.end()) {
            if (it->second.strategy)
                out.notices.push_back(
                    fmt::format("{}: removed: {} stops", it->first, it->second.strategy->pattern_id));
            it = files_.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    for (const auto& path : paths) {
        // An unreadable file reads as empty here: load_file below says what is wrong with it.
        const std::string text = files::read_whole(path, files::kDocumentLimit).text;
        auto it = files_.find(path);
        if (it != files_.end() && it->second.text == text) continue;
        std::vector<const Strategy*> taken;
        for (const auto& [p, a] : files_)
            if (p != path && a.strategy) taken.push_back(a.strategy.get());
        StrategyFile f = load_file(path, taken);
        Active& a = files_[path];
        a.text = text;
        if (!f.strategy) {
            out.errors.insert(out.errors.end(), f.errors.begin(), f.errors.end());
            out.notices.push_back(a.strategy
                                      ? fmt::format("{}: refused: the previous version of {} keeps running",
                                                    path, a.strategy->pattern_id)
                                      : fmt::format("{}: refused", path));
            continue;
        }
        out.notices.push_back(
            fmt::format("{}: {} {}", path, a.strategy ? "reloaded" : "loaded", f.strategy->pattern_id));
        a.strategy = f.strategy;
        changed = true;
    }
    if (!changed && out.errors.empty()) return std::nullopt;
    out.changed = changed;
    for (const auto& [p, a] : files_)
        if (a.strategy) out.strategies.push_back(a.strategy);
    std::sort(out.strategies.begin(), out.strategies.end(),
              [](const auto& x, const auto& y) { return x->pattern_id < y->pattern_id; });
    return out;
}

}  // namespace sos::strategy
