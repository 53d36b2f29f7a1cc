// The writing half of a tool: lines are appended to a batch in a ring slot by the deciding
// thread, handed over when the batch is full or input goes idle, and written to the output
// descriptor by a writer thread. When the reader downstream goes away (EPIPE) the ring stops
// and the deciding side sees closed() and winds down quietly.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "ndjson/output.hpp"
#include "pipeline/ring_buffer.hpp"

namespace sos::pipeline {

struct OutputBatch {
    std::string bytes;
};

struct RingOptions {
    std::size_t slots = 64;              // power of two
    std::size_t batch_bytes = 64 << 10;  // a batch is handed over once it holds this much
    int spin_iterations = 200;
};

class OutputRing : public ndjson::OutputSink {
public:
    OutputRing(int fd, RingOptions opts = {});
    ~OutputRing() override;

    std::string& buffer() override;
    void line_done() override {
        if (current_ && current_->bytes.size() >= opts_.batch_bytes) flush();
    }
    // Hands the buffered lines over. When the writer has nothing pending the deciding thread
    // writes them itself: one thread handoff fewer on the path of a lone live line.
    void flush() override;
    bool closed() const override {
        return downstream_closed_.load(std::memory_order_acquire) || ring_.stopped();
    }

    // Flushes, lets the writer drain and joins it. Returns false if a write failed (other
    // than the reader going away).
    bool finish();
    bool downstream_closed() const { return downstream_closed_.load(std::memory_order_acquire); }
    // Makes the writer stop at once (fatal error elsewhere).
    void abort() { ring_.request_stop(); }

private:
    void writer_loop();
    bool write_direct(std::string& bytes);

    int fd_;
    RingOptions opts_;
    RingBuffer<OutputBatch> ring_;
    OutputBatch* current_ = nullptr;
    std::int64_t current_seq_ = -1;
    std::string discard_;  // where lines go once the reader is gone
    std::atomic<bool> downstream_closed_{false};
    std::atomic<bool> write_failed_{false};
    std::thread writer_;
    bool finished_ = false;
};

}  // namespace sos::pipeline
