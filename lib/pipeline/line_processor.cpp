#include "pipeline/line_processor.hpp"

#include <fmt/format.h>

namespace sos::pipeline {

bool LineProcessor::process(const char* data, std::size_t len, std::size_t capacity, std::uint64_t number,
                            ndjson::Output& out) {
    ++lines_in_;
    if (!decoder_.decode(data, len, capacity, events_)) return bad_.report(source_, number, decoder_.error().message());
    for (const auto& e : decoder_.element_errors())
        if (!bad_.report(source_, number, e.message())) return false;
    for (const auto& e : events_) {
        if (auto why = order_.check(e)) {
            return bad_.report(source_, number, fmt::format("{}: {}", event::type_name(e.env.kind), *why));
        }
    }
    InputLine line{std::string_view(data, len), number, decoder_.type(), decoder_.kind(), decoder_.canonical()};
    filter_.on_line(line, events_, out);
    return true;
}

bool LineProcessor::process(std::string_view line, std::uint64_t number, ndjson::Output& out) {
    scratch_.assign(line);
    scratch_.append(event::Decoder::padding(), ' ');
    return process(scratch_.data(), line.size(), scratch_.size(), number, out);
}

bool LineProcessor::overlong(std::uint64_t number, std::size_t length) {
    ++lines_in_;
    return bad_.report(source_, number, fmt::format("line of {} bytes is longer than the limit", length));
}

}  // namespace sos::pipeline
