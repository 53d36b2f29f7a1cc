// --only TYPE,... and --drop TYPE,...: which lines (passed through or derived) a tool writes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sos::ndjson {

class TypeFilter {
public:
    TypeFilter() = default;
    // Comma-separated type lists as given on the command line; types are upper-cased.
    TypeFilter(const std::vector<std::string>& only, const std::vector<std::string>& drop);

    bool allows(std::string_view type) const {
        if (all_) return true;
        if (!only_.empty()) return contains(only_, type);
        return !contains(drop_, type);
    }
    bool allows_everything() const { return all_; }

private:
    static bool contains(const std::vector<std::string>& v, std::string_view t) {
        for (const auto& s : v)
            if (s == t) return true;
        return false;
    }
    std::vector<std::string> only_, drop_;
    bool all_ = true;
};

}  // namespace sos::ndjson
