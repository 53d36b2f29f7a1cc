// An NDJSON file (or standard input) of contract messages as a Source. Canonical lines keep
// their exact bytes; seed forms (CANDLE_UPDATE, MARKET_UPDATE, SYNC_RECOVERY, the SOS bridge's
// wire form) become the canonical messages they stand for. Bad lines are reported with the
// file and line and skipped.
#pragma once

#include <string>

#include "diag/bad_input.hpp"
#include "event/decoder.hpp"
#include "feed/source.hpp"
#include "ndjson/line_assembler.hpp"

namespace sos::feed {

class NdjsonSource : public Source {
public:
    // `path` "-" reads standard input.
    NdjsonSource(std::string path, diag::BadInput& bad, std::size_t max_line_bytes = 64u << 20);
    // An already open descriptor (a socket, say), closed by the source; `name` is for diagnostics.
    NdjsonSource(int fd, std::string name, diag::BadInput& bad, std::size_t max_line_bytes = 64u << 20);
    ~NdjsonSource() override;

    bool next(FeedItem& item) override;
    std::string_view name() const override { return "replay"; }
    SourceProgress progress() const override { return {read_, size_}; }
    bool recorded() const override { return size_ > 0; }  // a regular file, not a pipe or socket

private:
    bool fill();

    std::string path_;
    std::string origin_;
    diag::BadInput& bad_;
    int fd_ = -1;
    std::uint64_t size_ = 0, read_ = 0;
    std::vector<char> buf_;
    ndjson::LineAssembler assembler_;
    ndjson::LineBatch batch_;
    std::size_t index_ = 0;
    bool eof_ = false;
    event::Decoder decoder_;
};

}  // namespace sos::feed
