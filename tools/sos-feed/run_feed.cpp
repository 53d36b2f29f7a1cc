#include "run_feed.hpp"

#include "cli/exit_status.hpp"
#include "diag/log.hpp"
#include "diag/progress.hpp"
#include "feed/feed_filter.hpp"
#include "feed/feed_producer.hpp"
#include "feed/replay/recorded_file_filter.hpp"
#include "time/user_time.hpp"
#include "time/written_time.hpp"

namespace sos::tools::feed {

std::optional<sos::feed::FeedOptions> feed_options(const FeedCommonArgs& a, const time::Calendar& calendar) {
    sos::feed::FeedOptions o;
    for (const auto& name : a.tfs) {
        auto tf = time::parse_timeframe(name);
        if (!tf) {
            diag::error("--tf: '{}' is not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)", name);
            return std::nullopt;
        }
        o.tfs.push_back(*tf);
    }
    auto when = [&](const std::string& text, const char* flag, time::TimeBound bound) {
        auto t = time::parse_user_time(text, calendar.zone(), bound);
        if (!t) diag::error("{}: cannot read the time '{}' ({})", flag, text, time::kUserTimeForms);
        return t;
    };
    if (!a.start.empty()) {
        o.start = when(a.start, "--start", time::TimeBound::Start);
        if (!o.start) return std::nullopt;
    }
    if (!a.end.empty()) {
        o.end = when(a.end, "--end", time::TimeBound::End);
        if (!o.end) return std::nullopt;
    }
    o.history = a.history;
    o.speed = a.speed;
    return o;
}

int run_feed(cli::ToolRun& run, sos::feed::Source* source, sos::feed::FeedOptions opts,
             const time::Calendar& calendar, const FeedCommonArgs& a, bool recorded_file) {
    int config_error = 0;
    auto sentiment = make_sentiment_hook(a.sentiment, calendar, opts.src, config_error);
    if (config_error) return config_error;
    // The stage checks time order as it decodes, except in a recorded file, where a row is
    // judged by the rows after it first and the writer checks the order of what is left.
    if (!source && !recorded_file) opts.check_order = false;
    sos::feed::FeedWriter writer(opts, calendar, run.bad_input(), &run.signals());
    writer.set_observer(sentiment.get());
    int code;
    if (source) {
        sos::feed::FeedProducer producer(*source, writer, a.progress && diag::Progress::stderr_is_terminal());
        code = run.produce(producer);
    } else {
        if (a.progress) run.show_progress("replay");
        if (recorded_file) {
            sos::feed::RecordedFileFilter filter(writer, run.input_name());
            code = run.filter(filter);
        } else {
            sos::feed::FeedFilter filter(writer, run.input_name());
            code = run.filter(filter);
        }
    }
    // Only the state file is left to save: everything was written when the stage ended.
    ndjson::StringSink unused_sink;
    ndjson::Output unused(unused_sink);
    return cli::first_failure(code,
                              !sentiment || sentiment->finish(unused) ? cli::kExitOk : cli::kExitIoError);
}

}  // namespace sos::tools::feed
