#include "feed/status_line.hpp"

#include "event/encoder.hpp"

namespace sos::feed {

std::string encode_with_fields(const event::Event& e, std::string_view extra) {
    std::string line = event::encode(e);
    while (!line.empty() && line.back() == '\n')
        line.pop_back();
    if (extra.size() <= 2 || line.empty() || line.back() != '}') return line;
    line.back() = ',';
    line.append(extra.substr(1));  // the object's members and its closing brace
    return line;
}

}  // namespace sos::feed
