// An NDJSON file (or standard input) of contract messages as a Source. Canonical lines keep
// their exact bytes; seed forms (CANDLE_UPDATE, MARKET_UPDATE, SYNC_RECOVERY, the SOS bridge's
// wire form) become the canonical messages they stand for. Bad lines are reported with the
// file and line and skipped.
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

    bool next(FeedItem& item) override;
    std::string_view name() const override { return "replay"; }
    SourceProgress progress() const override { return {reader_.bytes_read(), size_}; }

private:
    bool fill();

    std::unique_ptr<ndjson::Endpoint> input_;
    diag::BadInput& bad_;
    std::uint64_t size_ = 0;
    ndjson::LineReader reader_;
    ndjson::LineBatch batch_;
    std::size_t index_ = 0;
    event::Decoder decoder_;
};

}  // namespace sos::feed
