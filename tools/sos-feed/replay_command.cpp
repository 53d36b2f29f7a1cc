#include "replay_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "cli/exit_status.hpp"
#include "cli/tool_run.hpp"
#include "diag/log.hpp"
#include "diag/progress.hpp"
#include "feed/feed_filter.hpp"
#include "feed/feed_loop.hpp"
#include "feed/merge_source.hpp"
#include "feed/replay/csv_source.hpp"
#include "feed/replay/csv_time.hpp"
#include "feed/replay/ndjson_source.hpp"
#include "ndjson/endpoint.hpp"
#include "pipeline/output_ring.hpp"
#include "run_feed.hpp"

namespace sos::tools::feed {

CLI::App* setup_replay(CLI::App& app, ReplayArgs& a) {
    auto* cmd = app.add_subcommand("replay",
                                   "Replay recorded CSV or NDJSON files (or standard input), merged by time");
    cmd->add_option("files", a.files, "CSV or NDJSON files; '-' or nothing reads standard input")
        ->type_name("FILE...");
    add_feed_args(*cmd, a.feed);
    cmd->add_option("--symbol", a.symbol,
                    "Symbol for CSV files without a symbol column (default: from the file name)");
    cmd->add_option("--exchange", a.exchange, "Exchange for CSV files without an exchange column");
    cmd->add_option("--csv-zone", a.csv_zone, "Zone of CSV times without one: +HH:MM, UTC or Asia/Kolkata")
        ->capture_default_str();
    cmd->add_option("--csv-time", a.csv_time, "Whether CSV bar times are the bar's open or its close")
        ->check(CLI::IsMember({"open", "close"}))
        ->capture_default_str();
    cmd->add_option("--csv-tf", a.csv_tf,
                    "Timeframe of CSV candles (default: a tf column, else the rows' spacing)")
        ->type_name("TF");
    return cmd;
}

namespace {

// NDJSON starts with '{'; anything else is taken for CSV.
bool looks_like_ndjson(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return true;  // let the NDJSON reader report the error
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    for (ssize_t i = 0; i < n; ++i) {
        char c = buf[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (static_cast<unsigned char>(c) == 0xEF) continue;  // a BOM
        return c == '{';
    }
    return true;
}

}  // namespace

int run_replay(const std::string& tool, const ReplayArgs& a) {
    cli::apply_logging(tool, a.feed.common);
    auto calendar = time::Calendar::from_option(a.feed.common.calendar);
    auto opts = feed_options(a.feed, calendar);
    if (!opts) return cli::kExitUsage;

    std::vector<std::string> files = a.files.empty() ? std::vector<std::string>{"-"} : a.files;
    if (files.size() == 1 && files[0] == "-") {
        // Standard input alone: a filter on the pipeline's reading, deciding and writing threads.
        cli::ToolRun run(a.feed.common, ndjson::open_input("-"));
        diag::BadInput unused(a.feed.common.strict);
        opts->check_order = false;  // the line processor checks it
        sos::feed::FeedWriter writer(*opts, calendar, unused, &run.signals());
        int config_error = 0;
        auto sentiment = make_sentiment_hook(a.feed.sentiment, calendar, opts->src, config_error);
        if (config_error) return config_error;
        writer.set_observer(sentiment.get());
        sos::feed::FeedFilter filter(writer);
        const int code = run.filter(filter);
        ndjson::StringSink unused_sink;
        ndjson::Output unused_out(unused_sink);
        // Only the state file is left to save: everything was flushed when the stage ended.
        return cli::first_failure(
            code, !sentiment || sentiment->finish(unused_out) ? cli::kExitOk : cli::kExitIoError);
    }

    pipeline::StopSignals signals;
    const auto output = ndjson::open_output(a.feed.common.out);
    diag::BadInput bad(a.feed.common.strict);
    sos::feed::CsvOptions csv;
    auto zone = time::parse_zone(a.csv_zone);
    if (!zone) {
        diag::error("--csv-zone: cannot read '{}' (use +HH:MM, UTC or Asia/Kolkata)", a.csv_zone);
        return cli::kExitUsage;
    }
    csv.zone = *zone;
    csv.stamped_at_close = a.csv_time == "close";
    csv.symbol = a.symbol;
    csv.exchange = a.exchange;
    if (!a.csv_tf.empty()) {
        csv.tf = time::parse_timeframe(a.csv_tf);
        if (!csv.tf) {
            diag::error("--csv-tf: '{}' is not a timeframe", a.csv_tf);
            return cli::kExitUsage;
        }
    }
    std::vector<std::unique_ptr<sos::feed::Source>> sources;
    try {
        for (const auto& f : files) {
            auto input = ndjson::open_input(f);  // refuses what is missing or a directory
            if (f != "-" && input->regular_file() && !looks_like_ndjson(f)) {
                for (auto& s : sos::feed::open_csv(f, csv, calendar, bad))
                    sources.push_back(std::move(s));
            } else {
                sources.push_back(std::make_unique<sos::feed::NdjsonSource>(std::move(input), bad));
            }
        }
    } catch (const ndjson::EndpointError&) {
        throw;  // its own exit status: no input, or a usage error
    } catch (const std::runtime_error& e) {
        diag::error("{}", e.what());
        return cli::kExitNoInput;
    }
    sos::feed::MergeSource source(std::move(sources));
    return drain(source, *opts, calendar, bad, signals, output->fd(), a.feed);
}

}  // namespace sos::tools::feed
