#include "feed/replay/format_sniff.hpp"

#include <unistd.h>

namespace sos::feed {

RecordFormat sniff_format(std::string_view head) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (head.substr(0, kBom.size()) == kBom) head.remove_prefix(kBom.size());
    const auto first = head.find_first_not_of(" \t\r\n");
    // Nothing but blank space (an empty file): NDJSON, which reads as nothing.
    if (first == std::string_view::npos) return RecordFormat::Ndjson;
    return head[first] == '{' ? RecordFormat::Ndjson : RecordFormat::Csv;
}

RecordFormat sniff_format(const ndjson::Endpoint& input) {
    if (!input.regular_file()) return RecordFormat::Ndjson;
    char buf[4096];
    const ssize_t n = ::pread(input.fd(), buf, sizeof buf, 0);
    // A file that cannot be read is NDJSON: its reader reports the failure.
    if (n <= 0) return RecordFormat::Ndjson;
    return sniff_format(std::string_view(buf, static_cast<std::size_t>(n)));
}

}  // namespace sos::feed
