#include "feed/replay/ndjson_source.hpp"

#include <poll.h>
#include <sys/stat.h>

namespace sos::feed {

namespace {
std::uint64_t file_size(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
}
}  // namespace

NdjsonSource::NdjsonSource(std::unique_ptr<ndjson::Endpoint> input, diag::BadInput& bad,
                           std::size_t max_line_bytes)
    : input_(std::move(input)),
      bad_(bad),
      regular_(input_->regular_file()),
      size_(file_size(input_->fd())),
      reader_(input_->fd(), input_->name(),
              ndjson::LineReaderOptions{max_line_bytes, event::Decoder::padding(), 1 << 20}) {}

bool NdjsonSource::readable_now() const {
    if (regular_) return true;
    pollfd p{input_->fd(), POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;  // data, its end, or an error: a read will not block
}

Source::Pull NdjsonSource::next(FeedItem& item) {
    item.origin = input_->name();
    for (;;) {
        if (index_ >= batch_.lines.size()) {
            if (reader_.ended()) return Pull::End;
            if (!readable_now()) return Pull::Idle;
            batch_.clear();
            index_ = 0;
            reader_.read_or_throw(batch_);
            continue;
        }
        const auto& span = batch_.lines[index_++];
        item.line = span.number;
        if (span.overlong) {
            if (!bad_.report(item.origin, span.number, ndjson::overlong_message(span.length)))
                return Pull::End;
            continue;
        }
        if (!decoder_.decode(batch_.data(span), span.length, batch_.capacity(span), item.events)) {
            if (!bad_.report(item.origin, span.number, decoder_.error().message())) return Pull::End;
            continue;
        }
        for (const auto& e : decoder_.element_errors())
            if (!bad_.report(item.origin, span.number, e.message())) return Pull::End;
        if (decoder_.canonical()) {
            item.raw.assign(batch_.text(span));
            item.raw_type.assign(decoder_.type());
        } else {
            item.raw.clear();
        }
        if (item.events.empty()) continue;  // a SYNC_RECOVERY with nothing usable in it
        return Pull::Ready;
    }
}

}  // namespace sos::feed
