// libFuzzer target: arbitrary bytes as a CSV file given to `sos-feed replay`. The file is
// opened (or refused with an error naming it), every row read through the merge and the
// look-ahead that refuses rows out of sequence, and each record written by the feed writer.
// Beyond "no crash": every record that comes out passes the contract's checks (no candle with
// its high below its low, no price of zero), and every refusal carries a reason.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "event/validate.hpp"
#include "feed/feed_writer.hpp"
#include "feed/merge_source.hpp"
#include "feed/replay/csv_source.hpp"
#include "ndjson/output.hpp"
#include "small_stack.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const int fd = ::memfd_create("replay.csv", 0);
    if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
        std::abort();
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    static const auto calendar = sos::time::Calendar::nse_default();
    sos::fuzz::on_small_stack([&] {
        sos::diag::BadInput bad;
        std::vector<std::unique_ptr<sos::feed::Source>> sources;
        try {
            sources = sos::feed::open_csv(path, sos::feed::CsvOptions{}, calendar, bad);
        } catch (const std::runtime_error& e) {
            if (std::string(e.what()).rfind(path, 0) != 0) std::abort();
            return;
        }
        sos::feed::MergeSource source(std::move(sources));
        sos::feed::FeedOptions opts;
        sos::feed::FeedWriter writer(opts, calendar, bad, nullptr);
        sos::ndjson::StringSink sink;
        sos::ndjson::Output out(sink);
        sos::feed::FeedItem item;
        while (source.next(item) == sos::feed::Source::Pull::Ready) {  // a file is never idle
            if (!item.refused.empty()) continue;
            for (const auto& e : item.events)
                if (sos::event::validate(e)) std::abort();
            writer.take(item.events, item.raw, item.raw_type, item.origin, item.line, out);
        }
        writer.finish(out);
    });
    return 0;
}
