#include "pipeline/stage.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <thread>
#include <vector>

#include "diag/bad_input.hpp"
#include "diag/log.hpp"
#include "diag/progress.hpp"
#include "event/decoder.hpp"
#include "ndjson/line_reader.hpp"
#include "pipeline/decider.hpp"
#include "pipeline/input_batch.hpp"

namespace sos::pipeline {

namespace {

// The size of the input when it is a regular file, for the progress bar; 0 otherwise.
std::uint64_t regular_file_size(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// Whether the input can go quiet: a pipe, a socket or a terminal can; a regular file cannot
// (all of it is there to read). Only then is "everything read so far is decided" the input being
// idle: in a file it is the reader lagging the deciding thread, and taking it for a pause made a
// replayed recording's output depend on thread timing (the sentiment writer, holding a chain's
// update until it knows the next line, wrote its own before the recording's: doubled).
bool input_can_pause(int fd) {
    struct stat st {};
    return !(::fstat(fd, &st) == 0 && S_ISREG(st.st_mode));
}

// The reading thread: reads the input descriptor and cuts lines. A small batch read while
// everything before it is decided is decided here at once (run-to-completion); anything else
// is published on the ring for the workers and the deciding thread. Ends at end of input, a
// stop signal, a stop from deciding, or the deciding thread's request (written to wake_fd).
class Reader {
public:
    Reader(const StageConfig& cfg, RingBuffer<InputBatch>& ring, int wake_fd, WorkerSignal& workers,
           Decider& decider)
        : cfg_(cfg),
          ring_(ring),
          wake_fd_(wake_fd),
          workers_(workers),
          decider_(decider),
          reader_(cfg.in_fd, cfg.source,
                  ndjson::LineReaderOptions{cfg.max_line_bytes, event::Decoder::padding(), 64 << 10}),
          progress_(cfg.progress_label, regular_file_size(cfg.in_fd), "B",
                    !cfg.progress_label.empty() && diag::Progress::stderr_is_terminal()),
          input_can_pause_(input_can_pause(cfg.in_fd)) {}

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
            InputBatch* b = batch();
            if (!b) break;
            const auto got = reader_.read(b->lines);
            if (got == ndjson::LineReader::Read::Failed) {
                diag::error("{}", reader_.failure());
                read_failed = true;
                break;
            }
            done = got == ndjson::LineReader::Read::End;
            progress_.update(reader_.bytes_read());
            if (!decide_here(*b)) break;
            publish_if_lines();
        }
        publish_if_lines();
        progress_.finish();
        ring_.close();
        workers_.stop.store(true, std::memory_order_seq_cst);  // they finish what was published
        workers_.wait.signal_all();
    }

    bool read_failed = false;

private:
    InputBatch* batch() {
        if (seq_ < 0) {
            seq_ = ring_.claim();
            if (seq_ < 0) return nullptr;
            ring_.slot(seq_).clear();
        }
        return &ring_.slot(seq_);
    }

    // Decides a small batch on this thread when nothing earlier is still being decided; the
    // slot then stays claimed for the next read. Returns false when deciding must stop.
    bool decide_here(InputBatch& b) {
        const auto n = b.lines.lines.size();
        if (n == 0 || n > kDecodeInline || ring_.consumed() != seq_ - 1 || !decider_.try_acquire())
            return true;
        b.inline_decode = true;
        bool go_on = decider_.decide(b);
        if (go_on && input_can_pause_) decider_.idle();
        decider_.release();
        b.clear();
        return go_on && !decider_.stopped();  // the filter may have thrown while idle
    }

    void publish_if_lines() {
        // A claimed batch still waiting for its first complete line stays claimed.
        if (seq_ >= 0 && !ring_.slot(seq_).lines.lines.empty()) {
            InputBatch& b = ring_.slot(seq_);
            b.inline_decode = b.lines.lines.size() <= kDecodeInline;
            ring_.publish(seq_);
            if (!b.inline_decode) workers_.wait.signal();
            seq_ = -1;
        }
    }

    const StageConfig& cfg_;
    RingBuffer<InputBatch>& ring_;
    int wake_fd_;
    WorkerSignal& workers_;
    Decider& decider_;
    ndjson::LineReader reader_;
    diag::Progress progress_;
    const bool input_can_pause_;
    std::int64_t seq_ = -1;
};

// A decoding worker: decodes every n-th published batch (those with seq % n == k), so the
// costly JSON work of consecutive batches runs on several cores while the deciding thread
// still takes batches in order. Each worker publishes its progress on its own Sequence.
class DecodeWorker {
public:
    DecodeWorker(RingBuffer<InputBatch>& ring, int k, int n, WorkerSignal& signal)
        : ring_(ring), k_(k), n_(n), signal_(signal) {}

    void run() {
        std::int64_t next = k_;
        for (;;) {
            std::int64_t avail = signal_.wait.wait_for(next, ring_.cursor(), signal_.stop);
            if (avail < next) {
                // Stopped: by the reader at the end of input (then finish what is published),
                // or by the deciding thread (then leave at once).
                if (ring_.stopped() || ring_.cursor().get() < next) break;
                avail = ring_.cursor().get();
            }
            for (; next <= avail; next += n_) {
                InputBatch& b = ring_.slot(next);
                if (!b.inline_decode) LineDecoder::decode_batch(decoder_, b.lines, b.decoded);
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
    WorkerSignal& signal_;
    event::Decoder decoder_;
};

// The deciding thread's loop: takes the batches in order (waiting for the worker of each),
// decides them, and lets the filter work while input is idle, when a tick passes, or when the
// stage's waker is woken (a nudge ends the ring's wait as the tick's deadline does). Returns when
// input ends, deciding must stop, or the reader downstream has gone.
void decide_in_order(const StageConfig& cfg, RingBuffer<InputBatch>& in_ring,
                     std::vector<std::unique_ptr<DecodeWorker>>& workers, Decider& decider,
                     ndjson::Output& out, const std::atomic<bool>& stop_deciding) {
    const auto n_workers = static_cast<std::int64_t>(workers.size());
    std::int64_t next = 0;
    const auto tick = cfg.tick;
    const bool can_pause = input_can_pause(cfg.in_fd);
    while (!decider.stopped()) {
        auto deadline = tick.count() > 0 ? std::chrono::steady_clock::now() + tick
                                         : std::chrono::steady_clock::time_point::max();
        std::int64_t avail = in_ring.wait(next, deadline);
        if (avail < next) {
            if (in_ring.closed() || in_ring.stopped()) break;
            decider.acquire();
            decider.idle();
            decider.release();
            continue;
        }
        bool stop = false;
        for (; next <= avail && !stop; ++next) {
            InputBatch& batch = in_ring.slot(next);
            if (!batch.inline_decode) {
                DecodeWorker& w = *workers[static_cast<std::size_t>(next % n_workers)];
                if (w.done.get() < next && w.wait.wait_for(next, w.done, stop_deciding) < next) {
                    stop = true;
                    break;
                }
            }
            decider.acquire();
            stop = !decider.decide(batch);
            if (batch.lines.bytes.capacity() > (8u << 20)) {
                std::vector<char>().swap(batch.lines.bytes);  // memory flat after a huge line
            }
            in_ring.release(next);
            const bool idle = can_pause && !stop && next == avail && !in_ring.has_published_after(avail);
            if (idle) decider.idle();  // input is idle: what we have goes out now
            decider.release();
        }
        if (stop || out.closed()) break;  // stopped, or the reader downstream went away
    }
}

}  // namespace

int StageConfig::default_decode_workers() {
    // Two keeps both cores of a small machine busy; more rarely pays since one deciding thread
    // consumes the result.
    return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
}

StageOutcome run_filter(const StageConfig& cfg, Filter& filter) {
    diag::BadInput own_bad(cfg.strict);
    diag::BadInput& bad = cfg.bad ? *cfg.bad : own_bad;
    RingBuffer<InputBatch> in_ring(cfg.input_ring.slots, cfg.input_ring.spin_iterations);
    OutputRing out_ring(cfg.out_fd, cfg.output_ring);
    ndjson::Output out(out_ring, cfg.types);
    Decider decider(filter, out, bad, cfg.source);

    int wake_fd = ::eventfd(0, EFD_CLOEXEC);
    WorkerSignal worker_signal;
    std::atomic<bool> stop_deciding{false};
    const int n_workers = std::max(1, cfg.decode_workers);
    std::vector<std::unique_ptr<DecodeWorker>> workers;
    std::vector<std::thread> worker_threads;
    for (int k = 0; k < n_workers; ++k) {
        workers.push_back(std::make_unique<DecodeWorker>(in_ring, k, n_workers, worker_signal));
        worker_threads.emplace_back([w = workers.back().get()] { w->run(); });
    }
    Reader reader(cfg, in_ring, wake_fd, worker_signal, decider);
    std::thread reader_thread([&] { reader.run(); });
    if (cfg.injector) cfg.injector->attach(decider);
    // A wake ends the deciding thread's wait for the next batch (decide_in_order): on_idle runs.
    if (cfg.waker) cfg.waker->attach([&in_ring] { in_ring.nudge(); });

    decide_in_order(cfg, in_ring, workers, decider, out, stop_deciding);
    if (cfg.waker) cfg.waker->detach();        // before the ring goes
    if (cfg.injector) cfg.injector->detach();  // before the filter's end: nothing after it

    // Stop and collect the other threads first: the reader may still hold the role.
    std::uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(wake_fd, &one, sizeof one);
    stop_deciding.store(true, std::memory_order_seq_cst);
    worker_signal.stop.store(true, std::memory_order_seq_cst);
    in_ring.request_stop();
    worker_signal.wait.signal_all();
    reader_thread.join();
    for (auto& t : worker_threads)
        t.join();
    ::close(wake_fd);
    decider.acquire();
    decider.end();  // also when the reader downstream has gone: a journal still commits
    decider.release();
    const bool write_ok = out_ring.finish();

    StageEvents seen;
    seen.tool_failed = decider.filter_failed();
    seen.bad_input_tripped = bad.tripped();
    seen.downstream_closed = out_ring.downstream_closed();
    seen.write_ok = write_ok;
    seen.read_failed = reader.read_failed;
    seen.signal = cfg.signals ? cfg.signals->signal_number() : 0;
    bad.summarize();
    return outcome_of(seen);
}

}  // namespace sos::pipeline
