#include "run_feed.hpp"

#include "cli/exit_codes.hpp"
#include "diag/log.hpp"
#include "diag/progress.hpp"
#include "feed/feed_loop.hpp"
#include "pipeline/output_ring.hpp"
#include "time/user_time.hpp"

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

int drain(sos::feed::Source& source, const sos::feed::FeedOptions& opts, const time::Calendar& calendar,
          diag::BadInput& bad, pipeline::StopSignals& signals, int out_fd, const FeedCommonArgs& a) {
    pipeline::OutputRing ring(out_fd);
    ndjson::Output out(ring, a.common.types());
    sos::feed::FeedWriter writer(opts, calendar, bad, &signals);
    int config_error = 0;
    auto sentiment = make_sentiment_hook(a.sentiment, calendar, opts.src, config_error);
    if (config_error) return config_error;
    writer.set_observer(sentiment.get());
    auto r =
        sos::feed::pump(source, writer, out, &signals, a.progress && diag::Progress::stderr_is_terminal());
    const bool state_ok = !sentiment || sentiment->finish(out);
    const bool write_ok = ring.finish();
    bad.summarize();
    if (bad.tripped()) return cli::kExitDataError;
    if (ring.downstream_closed() && write_ok) return cli::kExitOk;
    if (!write_ok || !state_ok) return cli::kExitIoError;
    if (r.interrupted || signals.signal_number()) return 128 + signals.signal_number();
    return cli::kExitOk;
}

}  // namespace sos::tools::feed
