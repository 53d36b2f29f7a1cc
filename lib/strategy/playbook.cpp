#include "strategy/playbook.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>

#include "files/whole_file.hpp"
#include "strategy/loader.hpp"

namespace sos::strategy {

namespace fs = std::filesystem;

bool Playbook::ok() const {
    if (!errors.empty()) return false;
    for (const auto& f : files)
        if (!f.errors.empty()) return false;
    return true;
}

std::vector<std::string> Playbook::all_errors() const {
    std::vector<std::string> out = errors;
    for (const auto& f : files)
        out.insert(out.end(), f.errors.begin(), f.errors.end());
    return out;
}

std::vector<std::shared_ptr<const Strategy>> Playbook::strategies() const {
    std::vector<std::shared_ptr<const Strategy>> out;
    for (const auto& f : files)
        if (f.strategy) out.push_back(f.strategy);
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a->pattern_id < b->pattern_id; });
    return out;
}

std::vector<std::string> strategy_paths(const std::vector<std::string>& dirs,
                                        std::vector<std::string>& errors) {
    std::vector<std::string> paths;
    for (const auto& d : dirs) {
        std::error_code ec;
        if (fs::is_regular_file(d, ec)) {
            paths.push_back(d);
            continue;
        }
        if (!fs::is_directory(d, ec)) {
            std::error_code ec2;
            errors.push_back(fmt::format("{}: not a folder of strategies{}", d,
                                         !fs::exists(d, ec2) ? ": no such folder"
                                         : ec                ? ": " + ec.message()
                                                             : ""));
            continue;
        }
        std::vector<std::string> here;
        for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
            const auto& p = it->path();
            // Editors' temporary and hidden files are not strategies.
            const std::string name = p.filename().string();
            if (p.extension() != ".json" || name.empty() || name[0] == '.') continue;
            std::error_code entry_ec;
            if (it->is_regular_file(entry_ec)) {
                here.push_back(p.string());
            } else if (it->is_symlink(entry_ec) && !fs::exists(p, entry_ec)) {
                // A link to a strategy that has gone: skipping it silently would run without it.
                errors.push_back(fmt::format("{}: a link to {}, which does not exist", p.string(),
                                             fs::read_symlink(p, entry_ec).string()));
            } else if (it->is_directory(entry_ec)) {
                errors.push_back(fmt::format("{}: a folder, not a strategy file", p.string()));
            } else {
                // A FIFO, a device or a socket (directly or through a link): not a file to read.
                errors.push_back(fmt::format("{}: not a regular file", p.string()));
            }
        }
        if (ec) errors.push_back(fmt::format("{}: cannot read: {}", d, ec.message()));
        std::sort(here.begin(), here.end());
        paths.insert(paths.end(), here.begin(), here.end());
    }
    return paths;
}

StrategyFile load_file(const std::string& path, const std::vector<const Strategy*>& taken) {
    StrategyFile f;
    f.path = path;
    auto whole = files::read_whole(path, files::kDocumentLimit);
    if (!whole.ok()) {
        f.errors.push_back(fmt::format("{}: {}", path, whole.error));
        return f;
    }
    f.text = std::move(whole.text);
    LoadResult r = load_strategy(path, f.text);
    f.errors = std::move(r.errors);
    if (r.strategy) {
        for (const Strategy* other : taken) {
            if (other->pattern_id == r.strategy->pattern_id) {
                f.errors.push_back(fmt::format("{}: pattern_id: '{}' is already defined in {}", path,
                                               r.strategy->pattern_id, other->file));
                return f;
            }
        }
        f.strategy = std::move(r.strategy);
    }
    return f;
}

Playbook load_playbook(const std::vector<std::string>& dirs) {
    Playbook pb;
    std::vector<const Strategy*> taken;
    for (const auto& path : strategy_paths(dirs, pb.errors)) {
        pb.files.push_back(load_file(path, taken));
        if (pb.files.back().strategy) taken.push_back(pb.files.back().strategy.get());
    }
    return pb;
}

}  // namespace sos::strategy
