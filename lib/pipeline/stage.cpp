#include "pipeline/stage.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "cli/exit_codes.hpp"
#include "diag/bad_input.hpp"
#include "diag/log.hpp"
#include "event/decoder.hpp"
#include "ndjson/fd_io.hpp"
#include "ndjson/line_assembler.hpp"
#include "pipeline/line_processor.hpp"

namespace sos::pipeline {

namespace {

// Reads the input descriptor into line batches until end of input, a stop signal, or a
// request from the deciding thread (written to wake_fd).
class Reader {
public:
    Reader(const StageConfig& cfg, RingBuffer<ndjson::LineBatch>& ring, int wake_fd)
        : cfg_(cfg), ring_(ring), wake_fd_(wake_fd),
          assembler_(cfg.max_line_bytes, event::Decoder::padding()), buf_(64 << 10) {}

    void run() {
        for (;;) {
            pollfd fds[3] = {{cfg_.in_fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}, {-1, POLLIN, 0}};
            if (cfg_.signals) fds[2].fd = cfg_.signals->fd();
            int r = ::poll(fds, 3, -1);
            if (r < 0) {
                if (errno == EINTR) continue;
                break;
            }
            if (fds[1].revents) break;  // the deciding thread wants us gone
            if (fds[2].revents && cfg_.signals->requested()) break;
            if (!fds[0].revents) continue;
            long n = ndjson::read_some(cfg_.in_fd, buf_.data(), buf_.size());
            if (n < 0) {
                diag::error("read failed: {}", std::strerror(errno));
                read_failed = true;
                break;
            }
            ndjson::LineBatch* b = batch();
            if (!b) break;
            if (n == 0) {
                assembler_.finish(*b);
                publish_if_lines();
                break;
            }
            assembler_.feed(buf_.data(), static_cast<std::size_t>(n), *b);
            publish_if_lines();
        }
        publish_if_lines();
        ring_.close();
    }

    bool read_failed = false;

private:
    ndjson::LineBatch* batch() {
        if (seq_ < 0) {
            seq_ = ring_.claim();
            if (seq_ < 0) return nullptr;
            ring_.slot(seq_).clear();
        }
        return &ring_.slot(seq_);
    }
    void publish_if_lines() {
        // A claimed batch still waiting for its first complete line stays claimed.
        if (seq_ >= 0 && !ring_.slot(seq_).lines.empty()) {
            ring_.publish(seq_);
            seq_ = -1;
        }
    }

    const StageConfig& cfg_;
    RingBuffer<ndjson::LineBatch>& ring_;
    int wake_fd_;
    ndjson::LineAssembler assembler_;
    std::vector<char> buf_;
    std::int64_t seq_ = -1;
};

}  // namespace

StageResult run_filter(const StageConfig& cfg, Filter& filter) {
    StageResult result;
    diag::BadInput bad(cfg.strict);
    RingBuffer<ndjson::LineBatch> in_ring(cfg.input_ring.slots, cfg.input_ring.spin_iterations);
    OutputRing out_ring(cfg.out_fd, cfg.output_ring);
    ndjson::Output out(out_ring, cfg.types);
    LineProcessor processor(filter, bad, cfg.source);

    int wake_fd = ::eventfd(0, EFD_CLOEXEC);
    Reader reader(cfg, in_ring, wake_fd);
    std::thread reader_thread([&] { reader.run(); });

    bool stop = false;
    std::int64_t next = 0;
    const auto tick = cfg.tick;
    while (!stop) {
        auto deadline = tick.count() > 0 ? std::chrono::steady_clock::now() + tick
                                         : std::chrono::steady_clock::time_point::max();
        std::int64_t avail = in_ring.wait(next, deadline);
        if (avail < next) {
            if (in_ring.closed() || in_ring.stopped()) break;
            filter.on_idle(out);
            out.flush();
            continue;
        }
        for (; next <= avail && !stop; ++next) {
            ndjson::LineBatch& batch = in_ring.slot(next);
            for (const auto& span : batch.lines) {
                bool ok = span.overlong ? processor.overlong(span.number, span.length)
                                        : processor.process(batch.data(span), span.length, batch.capacity(span),
                                                            span.number, out);
                if (!ok) {
                    stop = true;
                    break;
                }
            }
            if (batch.bytes.capacity() > (8u << 20)) {
                std::vector<char>().swap(batch.bytes);  // memory flat after a huge line
            }
            in_ring.release(next);
        }
        if (out.closed()) break;  // the reader downstream went away
        if (!stop && !in_ring.has_published_after(avail)) {
            filter.on_idle(out);
            out.flush();  // input is idle: what we have goes out now
        }
    }

    if (!out.closed()) filter.on_end(out);
    const bool write_ok = out_ring.finish();
    // Unblock and collect the reader whatever state it is in.
    std::uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(wake_fd, &one, sizeof one);
    in_ring.request_stop();
    reader_thread.join();
    ::close(wake_fd);

    result.lines_in = processor.lines_in();
    result.lines_out = out.lines_written();
    result.bad = bad.count();
    if (bad.tripped()) {
        result.exit_code = cli::kExitDataError;
    } else if (out_ring.downstream_closed() && write_ok) {
        result.exit_code = cli::kExitOk;
    } else if (!write_ok || reader.read_failed) {
        result.exit_code = cli::kExitIoError;
    } else if (cfg.signals && cfg.signals->signal_number()) {
        result.exit_code = 128 + cfg.signals->signal_number();
    }
    bad.summarize();
    return result;
}

}  // namespace sos::pipeline
