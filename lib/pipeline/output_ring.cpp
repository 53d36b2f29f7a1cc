#include "pipeline/output_ring.hpp"

#include <cstring>

#include "diag/log.hpp"
#include "ndjson/fd_io.hpp"

namespace sos::pipeline {

OutputRing::OutputRing(int fd, RingOptions opts)
    : fd_(fd), opts_(opts), ring_(opts.slots, opts.spin_iterations) {
    for (std::size_t i = 0; i < ring_.size(); ++i)
        ring_.slot(static_cast<std::int64_t>(i)).bytes.reserve(opts.batch_bytes + 4096);
    writer_ = std::thread([this] { writer_loop(); });
}

OutputRing::~OutputRing() {
    finish();
}

std::string& OutputRing::buffer() {
    if (current_) return current_->bytes;
    if (closed()) {
        discard_.clear();
        return discard_;
    }
    std::int64_t seq = ring_.claim();
    if (seq < 0) {
        discard_.clear();
        return discard_;
    }
    current_seq_ = seq;
    current_ = &ring_.slot(seq);
    current_->bytes.clear();
    return current_->bytes;
}

void OutputRing::flush() {
    if (!current_) return;
    if (ring_.consumed() == current_seq_ - 1 && !current_->bytes.empty() && !closed()) {
        // Every earlier batch is written and the writer is idle: the slot stays ours.
        write_direct(current_->bytes);
        current_->bytes.clear();
        return;
    }
    ring_.publish(current_seq_);
    current_ = nullptr;
}

bool OutputRing::write_direct(std::string& bytes) {
    auto st = ndjson::write_all(fd_, bytes.data(), bytes.size());
    if (st == ndjson::WriteStatus::Ok) return true;
    if (st == ndjson::WriteStatus::Error) {
        diag::error("write failed: {}", std::strerror(errno));
        write_failed_.store(true);
    }
    downstream_closed_.store(true, std::memory_order_release);
    ring_.request_stop();
    return false;
}

void OutputRing::writer_loop() {
    std::int64_t next = 0;
    for (;;) {
        std::int64_t avail = ring_.wait(next);
        if (avail < next) return;  // closed and drained, or stopped
        for (; next <= avail; ++next) {
            OutputBatch& b = ring_.slot(next);
            if (!downstream_closed_.load(std::memory_order_relaxed) && !write_direct(b.bytes)) return;
            // A batch that grew around one huge line gives its memory back.
            if (b.bytes.capacity() > 4 * opts_.batch_bytes + (1 << 20)) {
                std::string().swap(b.bytes);
                b.bytes.reserve(opts_.batch_bytes + 4096);
            }
            ring_.release(next);
        }
    }
}

bool OutputRing::finish() {
    if (finished_) return !write_failed_.load();
    finished_ = true;
    if (current_ && !current_->bytes.empty() && !closed()) {
        ring_.publish(current_seq_);
        current_ = nullptr;
    }
    ring_.close();
    if (writer_.joinable()) writer_.join();
    return !write_failed_.load();
}

}  // namespace sos::pipeline
