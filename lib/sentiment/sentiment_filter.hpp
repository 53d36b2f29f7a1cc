// `sos-feed sentiment`: a filter for streams whose option chains come from elsewhere. Every
// line passes through unchanged; a SENTIMENT_UPDATE follows each chain that does not already
// have one.
#pragma once

#include "pipeline/filter.hpp"
#include "sentiment/sentiment_writer.hpp"

namespace sos::sentiment {

class SentimentFilter : public pipeline::Filter {
public:
    explicit SentimentFilter(SentimentWriter& writer) : writer_(writer) {}

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override {
        if (!events.empty()) writer_.before(events[0], out);
        out.pass(line.type, line.text);
        for (const auto& e : events)
            writer_.after(e, out);
    }
    void on_idle(ndjson::Output& out) override { writer_.flush(out); }
    void on_end(ndjson::Output& out) override { writer_.finish(out); }

private:
    SentimentWriter& writer_;
};

}  // namespace sos::sentiment
