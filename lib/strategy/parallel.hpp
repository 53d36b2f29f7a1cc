// Judging candles of different symbols on several threads with output identical to one
// thread's. Lines are collected into a segment (until input goes idle or the segment is full):
// regime and sentiment updates are applied at once, in input order, and each candle takes a
// copy of its underlying's state as it stood at its line. At the flush each thread judges the
// candles of its own symbols in input order (a symbol's trackers are touched by one thread
// only), and then the lines are written in input order, each followed by what it derived.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ndjson/output.hpp"
#include "pipeline/filter.hpp"
#include "strategy/engine.hpp"

namespace sos::strategy {

class ParallelJudge {
public:
    ParallelJudge(Engine& engine, int threads);
    ~ParallelJudge();
    ParallelJudge(const ParallelJudge&) = delete;
    ParallelJudge& operator=(const ParallelJudge&) = delete;

    void add(const pipeline::InputLine& line, const event::EventList& events);
    bool pending() const { return !lines_.empty(); }
    bool full() const { return lines_.size() >= kMaxLines || text_.size() >= kMaxBytes; }
    void flush(ndjson::Output& out);

    static constexpr std::size_t kMaxLines = 4096;
    static constexpr std::size_t kMaxBytes = 4u << 20;

private:
    struct Line {
        std::uint32_t text_begin, text_end, type_end;  // type is stored right after the text
        std::uint32_t first_job, jobs;
    };
    struct Job {
        SymbolState* sym = nullptr;
        event::Candle candle;
        time::Timestamp ts;
        bool hist = false;
        Context ctx;
        int lane = 0;
        Derived out;
    };

    void run_lane(int lane);
    void worker_main(int lane);

    Engine& engine_;
    const int threads_;
    std::string text_;
    std::vector<Line> lines_;
    std::vector<Job> jobs_;
    std::size_t job_count_ = 0;
    std::vector<Worker> workers_;

    std::mutex mu_;
    std::condition_variable start_cv_, done_cv_;
    std::uint64_t generation_ = 0;
    int remaining_ = 0;
    bool stop_ = false;
    std::vector<std::thread> pool_;
};

}  // namespace sos::strategy
