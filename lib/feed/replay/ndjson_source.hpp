// An NDJSON input of contract messages (a file, standard input, a socket, any transport) as a
// Source, for replays that merge several inputs by time; one input alone runs on the filter
// stage instead (replay_inputs.hpp). Canonical lines keep their exact bytes; seed forms
// (CANDLE_UPDATE, MARKET_UPDATE, SYNC_RECOVERY, the SOS bridge's wire form) become the
// canonical messages they stand for. Bad lines are reported with the input and line and
// skipped. An input that is not a regular file is read only when it has something to give,
// so a quiet pipe or socket leaves the stage free to wait on every source at once.
#pragma once

#include <memory>
#include <string>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "feed/source.hpp"
#include "ndjson/endpoint.hpp"
#include "ndjson/line_reader.hpp"

namespace sos::feed {

class NdjsonSource : public Source {
public:
    NdjsonSource(std::unique_ptr<ndjson::Endpoint> input, diag::BadInput& bad,
                 std::size_t max_line_bytes = 64u << 20);

    Pull next(FeedItem& item) override;
    void wait_on(pipeline::WaitSet& waits) override { waits.add(input_->fd()); }
    std::string_view name() const override { return "replay"; }
    SourceProgress progress() const override { return {reader_.bytes_read(), size_}; }
    bool recorded() const override { return regular_; }  // a regular file, not a pipe or socket

private:
    // True when a read would not block: always for a regular file.
    bool readable_now() const;

    std::unique_ptr<ndjson::Endpoint> input_;
    diag::BadInput& bad_;
    bool regular_;
    std::uint64_t size_ = 0;
    ndjson::LineReader reader_;
    ndjson::LineBatch batch_;
    std::size_t index_ = 0;
    event::Decoder decoder_;
};

}  // namespace sos::feed
