#include "pipeline/line_processor.hpp"

#include "event/decoder.hpp"

namespace sos::pipeline {

bool LineProcessor::process(const char* data, std::size_t len, std::size_t capacity, std::uint64_t number,
                            ndjson::Output& out) {
    ++lines_in_;
    decoder_.decode(data, len, capacity, number, line_, !filter_.checks_time_order());
    if (line_.ok) {
        deliver(filter_, std::string_view(data, len), number, line_, out);
        filter_.on_batch_end();  // line_ and the caller's buffer are reused after this
    }
    return !line_.stop && !filter_.input_done();
}

bool LineProcessor::process(std::string_view line, std::uint64_t number, ndjson::Output& out) {
    scratch_.assign(line);
    scratch_.append(event::Decoder::padding(), ' ');
    return process(scratch_.data(), line.size(), scratch_.size(), number, out);
}

}  // namespace sos::pipeline
