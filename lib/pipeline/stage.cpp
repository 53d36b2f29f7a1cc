#include "pipeline/stage.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "cli/exit_codes.hpp"
#include "diag/bad_input.hpp"
#include "diag/log.hpp"
#include "event/decoder.hpp"
#include "ndjson/fd_io.hpp"
#include "ndjson/line_assembler.hpp"
#include "pipeline/line_decoder.hpp"
#include "pipeline/line_processor.hpp"

namespace sos::pipeline {

namespace {

// One ring slot: lines as read, and each line decoded by the batch's worker.
struct InputBatch {
    ndjson::LineBatch lines;
    std::vector<DecodedLine> decoded;

    void clear() { lines.clear(); }
};

// The reading thread: reads the input descriptor, cuts lines and publishes batches until end
// of input, a stop signal, or the deciding thread's request (written to wake_fd).
class Reader {
public:
    Reader(const StageConfig& cfg, RingBuffer<InputBatch>& ring, int wake_fd)
        : cfg_(cfg), ring_(ring), wake_fd_(wake_fd), assembler_(cfg.max_line_bytes, event::Decoder::padding()),
          buf_(64 << 10) {}

    void run() {
        for (bool done = false; !done;) {
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
                done = true;
            } else {
                assembler_.feed(buf_.data(), static_cast<std::size_t>(n), *b);
            }
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
        return &ring_.slot(seq_).lines;
    }
    void publish_if_lines() {
        // A claimed batch still waiting for its first complete line stays claimed.
        if (seq_ >= 0 && !ring_.slot(seq_).lines.lines.empty()) {
            ring_.publish(seq_);
            seq_ = -1;
        }
    }

    const StageConfig& cfg_;
    RingBuffer<InputBatch>& ring_;
    int wake_fd_;
    ndjson::LineAssembler assembler_;
    std::vector<char> buf_;
    std::int64_t seq_ = -1;
};

// A decoding worker: decodes every n-th published batch (those with seq % n == k), so the
// costly JSON work of consecutive batches runs on several cores while the deciding thread
// still sees batches in order. Each worker publishes its progress on its own Sequence.
class DecodeWorker {
public:
    DecodeWorker(RingBuffer<InputBatch>& ring, int k, int n, const std::atomic<bool>& stop)
        : ring_(ring), k_(k), n_(n), stop_(stop) {}

    void run() {
        std::int64_t next = k_;
        for (;;) {
            std::int64_t avail = ring_.wait(next);
            if (avail < next || stop_.load(std::memory_order_acquire)) break;
            for (; next <= avail; next += n_) {
                InputBatch& b = ring_.slot(next);
                const auto& lines = b.lines.lines;
                if (b.decoded.size() < lines.size()) b.decoded.resize(lines.size());
                for (std::size_t i = 0; i < lines.size(); ++i) {
                    const auto& span = lines[i];
                    if (span.overlong) continue;  // reported by the deciding thread
                    LineDecoder::decode_only(decoder_, b.lines.data(span), span.length, b.lines.capacity(span),
                                             b.decoded[i]);
                }
                done.set_and_fence(next);
                wait.signal();
            }
        }
        wait.signal_all();
    }

    Sequence done;
    SpinThenBlockWait wait;

private:
    RingBuffer<InputBatch>& ring_;
    const int k_, n_;
    const std::atomic<bool>& stop_;
    event::Decoder decoder_;
};

}  // namespace

int StageConfig::default_decode_workers() {
    // Two keeps both cores of a small machine busy; more rarely pays since one deciding thread
    // consumes the result.
    return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
}

StageResult run_filter(const StageConfig& cfg, Filter& filter) {
    StageResult result;
    diag::BadInput bad(cfg.strict);
    RingBuffer<InputBatch> in_ring(cfg.input_ring.slots, cfg.input_ring.spin_iterations);
    OutputRing out_ring(cfg.out_fd, cfg.output_ring);
    ndjson::Output out(out_ring, cfg.types);
    LineDecoder checker(bad, cfg.source);

    int wake_fd = ::eventfd(0, EFD_CLOEXEC);
    Reader reader(cfg, in_ring, wake_fd);
    std::thread reader_thread([&] { reader.run(); });
    std::atomic<bool> stop_workers{false};
    const int n_workers = std::max(1, cfg.decode_workers);
    std::vector<std::unique_ptr<DecodeWorker>> workers;
    std::vector<std::thread> worker_threads;
    for (int k = 0; k < n_workers; ++k) {
        workers.push_back(std::make_unique<DecodeWorker>(in_ring, k, n_workers, stop_workers));
        worker_threads.emplace_back([w = workers.back().get()] { w->run(); });
    }

    bool stop = false;
    std::uint64_t lines_in = 0;
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
            DecodeWorker& w = *workers[static_cast<std::size_t>(next % n_workers)];
            if (w.done.get() < next && w.wait.wait_for(next, w.done, stop_workers) < next) {
                stop = true;
                break;
            }
            InputBatch& batch = in_ring.slot(next);
            const auto& lines = batch.lines.lines;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const auto& span = lines[i];
                DecodedLine& d = batch.decoded[i];
                ++lines_in;
                if (span.overlong) checker.overlong(span.number, span.length, d);
                else checker.check(span.number, d);
                if (d.ok) deliver(filter, batch.lines.text(span), span.number, d, out);
                if (d.stop || filter.stop_requested()) {
                    stop = true;
                    break;
                }
            }
            if (batch.lines.bytes.capacity() > (8u << 20)) {
                std::vector<char>().swap(batch.lines.bytes);  // memory flat after a huge line
            }
            in_ring.release(next);
        }
        if (out.closed()) break;  // the reader downstream went away
        if (!stop && !in_ring.has_published_after(avail)) {
            filter.on_idle(out);
            out.flush();  // input is idle: what we have goes out now
        }
    }

    filter.on_end(out);
    const bool write_ok = out_ring.finish();
    // Unblock and collect the other threads whatever state they are in.
    std::uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(wake_fd, &one, sizeof one);
    stop_workers.store(true, std::memory_order_seq_cst);
    in_ring.request_stop();
    reader_thread.join();
    for (auto& t : worker_threads) t.join();
    ::close(wake_fd);

    result.lines_in = lines_in;
    result.lines_out = out.lines_written();
    result.bad = bad.count();
    if (filter.stop_requested()) {
        result.exit_code = filter.stop_exit_code();
    } else if (bad.tripped()) {
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
