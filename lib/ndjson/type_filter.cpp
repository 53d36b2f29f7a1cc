#include "ndjson/type_filter.hpp"

#include <cctype>

namespace sos::ndjson {

namespace {
void split_into(const std::vector<std::string>& lists, std::vector<std::string>& out) {
    for (const auto& list : lists) {
        std::string cur;
        for (char c : list + ",") {
            if (c == ',' || c == ' ') {
                if (!cur.empty()) out.push_back(cur);
                cur.clear();
            } else {
                cur.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
            }
        }
    }
}
}  // namespace

TypeFilter::TypeFilter(const std::vector<std::string>& only, const std::vector<std::string>& drop) {
    split_into(only, only_);
    split_into(drop, drop_);
    all_ = only_.empty() && drop_.empty();
}

}  // namespace sos::ndjson
