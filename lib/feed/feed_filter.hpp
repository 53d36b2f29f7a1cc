// sos-feed reading standard input as a filter on the pipeline's threads: every valid line
// goes on byte for byte (seed forms as their canonical messages) and candles are built for
// the asked timeframes, exactly as when replaying a file.
#pragma once

#include <string>

#include "feed/feed_writer.hpp"
#include "pipeline/filter.hpp"

namespace sos::feed {

class FeedFilter : public pipeline::Filter {
public:
    // `origin` names the input in diagnostics (empty for standard input).
    FeedFilter(FeedWriter& writer, std::string origin) : writer_(writer), origin_(std::move(origin)) {}

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override {
        const bool canonical = line.canonical;
        if (line.kind == event::Kind::Unknown) {
            out.pass(line.type, line.text);
            return;
        }
        // --end reached (or a stop signal while pacing): no more input is needed.
        if (!writer_.take(events, canonical ? line.text : std::string_view{}, line.type, origin_, line.number,
                          out))
            end_input();
    }
    void on_idle(ndjson::Output& out) override { writer_.idle(out); }
    void on_end(ndjson::Output& out) override { writer_.finish(out); }

private:
    FeedWriter& writer_;
    std::string origin_;
};

}  // namespace sos::feed
