// The sentiment side of sos-feed: a SENTIMENT_UPDATE after each option chain written, from
// whatever source (replay, synth, standard input), unless --no-sentiment.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "feed/feed_writer.hpp"
#include "sentiment/sentiment_engine.hpp"
#include "sentiment/sentiment_writer.hpp"

namespace sos::tools::feed {

struct SentimentArgs {
    bool enabled = true;
    std::string config;  // overlays data/sentiment.json
    std::string state;   // the state file (IV and close history), none when empty
};

void add_sentiment_args(CLI::App& cmd, SentimentArgs& a, bool optional);

class SentimentHook : public sos::feed::WriteObserver {
public:
    // Throws config::ConfigError or sentiment::StateFileError.
    SentimentHook(const SentimentArgs& a, const time::Calendar& calendar, std::string src);

    void before_write(const event::Event& e, ndjson::Output& out) override { writer_.before(e, out); }
    void after_write(const event::Event& e, ndjson::Output& out) override { writer_.after(e, out); }
    void flush(ndjson::Output& out) override { writer_.flush(out); }
    // End of the data: saves the state file; false if that failed.
    bool finish(ndjson::Output& out) {
        writer_.finish(out);
        return writer_.ok();
    }
    sentiment::SentimentWriter& writer() { return writer_; }

private:
    sentiment::SentimentEngine engine_;
    sentiment::SentimentWriter writer_;
};

// Null with --no-sentiment. On a bad configuration or state file, reports it and sets
// `exit_code` (78).
std::unique_ptr<SentimentHook> make_sentiment_hook(const SentimentArgs& a, const time::Calendar& calendar,
                                                   std::string src, int& exit_code);

}  // namespace sos::tools::feed
