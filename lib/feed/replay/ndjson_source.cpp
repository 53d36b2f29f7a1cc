#include "feed/replay/ndjson_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "ndjson/fd_io.hpp"

namespace sos::feed {

NdjsonSource::NdjsonSource(std::string path, diag::BadInput& bad, std::size_t max_line_bytes)
    : path_(std::move(path)),
      bad_(bad),
      buf_(1 << 20),
      assembler_(max_line_bytes, event::Decoder::padding()) {
    if (path_ == "-") {
        fd_ = STDIN_FILENO;
    } else {
        origin_ = path_;
        fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw std::runtime_error(path_ + ": cannot open: " + std::strerror(errno));
        struct stat st {};
        if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
    }
}

NdjsonSource::NdjsonSource(int fd, std::string name, diag::BadInput& bad, std::size_t max_line_bytes)
    : path_(name),
      origin_(std::move(name)),
      bad_(bad),
      fd_(fd),
      buf_(1 << 20),
      assembler_(max_line_bytes, event::Decoder::padding()) {
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
}

NdjsonSource::~NdjsonSource() {
    if (fd_ > STDIN_FILENO) ::close(fd_);
}

bool NdjsonSource::fill() {
    batch_.clear();
    index_ = 0;
    while (batch_.lines.empty()) {
        if (eof_) return false;
        long n = ndjson::read_some(fd_, buf_.data(), buf_.size());
        if (n < 0)
            throw std::runtime_error((origin_.empty() ? "standard input" : origin_) +
                                     ": read failed: " + std::strerror(errno));
        if (n == 0) {
            assembler_.finish(batch_);
            eof_ = true;
        } else {
            read_ += static_cast<std::uint64_t>(n);
            assembler_.feed(buf_.data(), static_cast<std::size_t>(n), batch_);
        }
    }
    return true;
}

bool NdjsonSource::next(FeedItem& item) {
    item.origin = origin_;
    for (;;) {
        if (index_ >= batch_.lines.size() && !fill()) return false;
        const auto& span = batch_.lines[index_++];
        item.line = span.number;
        if (span.overlong) {
            if (!bad_.report(origin_, span.number,
                             "line of " + std::to_string(span.length) + " bytes is longer than the limit"))
                return false;
            continue;
        }
        if (!decoder_.decode(batch_.data(span), span.length, batch_.capacity(span), item.events)) {
            if (!bad_.report(origin_, span.number, decoder_.error().message())) return false;
            continue;
        }
        for (const auto& e : decoder_.element_errors())
            if (!bad_.report(origin_, span.number, e.message())) return false;
        if (decoder_.canonical()) {
            item.raw.assign(batch_.text(span));
            item.raw_type.assign(decoder_.type());
        } else {
            item.raw.clear();
        }
        if (item.events.empty()) continue;  // a SYNC_RECOVERY with nothing usable in it
        return true;
    }
}

}  // namespace sos::feed
