// The producing stage (stage.hpp): the producer's loop on the caller's thread, the output
// through the writer ring.
#include <fmt/format.h>

#include <exception>

#include "diag/bad_input.hpp"
#include "diag/log.hpp"
#include "event/decoder.hpp"
#include "event/kind.hpp"
#include "ndjson/line_reader.hpp"
#include "pipeline/output_ring.hpp"
#include "pipeline/stage.hpp"

namespace sos::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

// A stop signal is looked for at least this often while the producer is busy (a system call,
// so not on every record: the clock is read every 64 records and the signal when this passed).
constexpr auto kSignalCheck = std::chrono::milliseconds(1);

class ProducerLoop {
public:
    ProducerLoop(const StageConfig& cfg, Producer& producer, ndjson::Output& out)
        : cfg_(cfg), producer_(producer), out_(out), last_check_(Clock::now()) {}

    void run() {
        std::uint32_t steps = 0;
        while (!out_.closed()) {
            Producer::Step step = Producer::Step::End;
            if (!guarded([&] { step = producer_.step(out_); }) || step == Producer::Step::End) return;
            if (step == Producer::Step::Wrote) {
                if ((++steps & 63) == 0 && stop_signalled(Clock::now())) return;
                serve_operator();  // a busy source does not hold an operator back
                continue;
            }
            // Nothing ready: what was produced goes out now, then wait for more.
            if (!guarded([&] { producer_.on_idle(out_); })) return;
            out_.flush();
            if (!wait()) return;
        }
    }

    // The end of the run, unless the producer failed: its state is no longer trusted then.
    void end() {
        if (!failed) guarded([&] { producer_.on_end(out_); });
    }

    bool failed = false;       // the producer threw something other than a read error
    bool read_failed = false;  // the producer's input could not be read

private:
    // An operator's request waiting (Injector, a control socket): a line is checked and written
    // between two records, a state read, on this thread.
    void serve_operator() {
        if (!cfg_.injector || !cfg_.injector->waiting()) return;
        Injector::LoopServer server;
        server.line = [this](const Injector::LineMaker& make) {
            return write_operator_line(make(std::nullopt));
        };
        server.state = [this] {
            HealthState h;
            producer_.health(h);
            return h.fields;
        };
        guarded([&] { cfg_.injector->serve(server); });
    }

    Admission write_operator_line(std::string text) {
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        if (!decoder_.decode(text, events_) || events_.empty())
            return Admission{false, "BAD_LINE", decoder_.error().message(), {}};
        out_.pass(event::type_name(events_[0].env.kind), text);
        out_.flush();
        return Admission{true, {}, "passed on", {}};
    }

    bool stop_signalled(Clock::time_point now) {
        if (!cfg_.signals || now - last_check_ < kSignalCheck) return false;
        last_check_ = now;
        return cfg_.signals->requested();
    }

    // Waits for what the producer named, a tick, or a stop signal; false on a stop signal.
    bool wait() {
        waits_.clear();
        if (!guarded([&] { producer_.wait_on(waits_); })) return false;
        if (cfg_.signals) waits_.add(cfg_.signals->fd());
        if (cfg_.injector) waits_.add(cfg_.injector->wake_fd());
        const auto cap = cfg_.tick.count() > 0 ? Clock::now() + cfg_.tick : Clock::time_point::max();
        waits_.wait(cap);
        if (cfg_.signals && cfg_.signals->requested()) return false;
        serve_operator();
        return guarded([&] { producer_.woke(waits_); });
    }

    template <class F>
    bool guarded(F&& f) {
        try {
            f();
            return true;
        } catch (const ndjson::ReadError& e) {
            diag::error("{}", e.what());
            read_failed = true;
        } catch (const std::exception& e) {
            diag::error("internal error: {}", e.what());
            failed = true;
        } catch (...) {
            diag::error("internal error: an exception that is not a std::exception");
            failed = true;
        }
        return false;
    }

    const StageConfig& cfg_;
    Producer& producer_;
    ndjson::Output& out_;
    WaitSet waits_;
    Clock::time_point last_check_;
    event::Decoder decoder_;  // checks an operator's line
    event::EventList events_;
};

}  // namespace

StageOutcome run_producer(const StageConfig& cfg, Producer& producer) {
    diag::BadInput own_bad(cfg.strict);
    diag::BadInput& bad = cfg.bad ? *cfg.bad : own_bad;
    OutputRing out_ring(cfg.out_fd, cfg.output_ring);
    ndjson::Output out(out_ring, cfg.types);
    ProducerLoop loop(cfg, producer, out);
    if (cfg.injector) cfg.injector->open_loop();
    loop.run();
    if (cfg.injector) cfg.injector->close_loop();  // before the producer's end: nothing after it
    loop.end();                                    // also after a stop: the bars still open are written
    const bool write_ok = out_ring.finish();

    StageEvents seen;
    seen.tool_failed = loop.failed;
    seen.bad_input_tripped = bad.tripped();
    seen.downstream_closed = out_ring.downstream_closed();
    seen.write_ok = write_ok;
    seen.read_failed = loop.read_failed;
    seen.signal = cfg.signals ? cfg.signals->signal_number() : 0;
    bad.summarize();
    return outcome_of(seen);
}

}  // namespace sos::pipeline
