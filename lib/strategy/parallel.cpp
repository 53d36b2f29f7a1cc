#include "strategy/parallel.hpp"

#include <functional>

namespace sos::strategy {

ParallelJudge::ParallelJudge(Engine& engine, int threads) : engine_(engine), threads_(threads) {
    workers_.resize(static_cast<std::size_t>(threads));
    for (int lane = 1; lane < threads; ++lane)
        pool_.emplace_back([this, lane] { worker_main(lane); });
}

ParallelJudge::~ParallelJudge() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    start_cv_.notify_all();
    for (auto& t : pool_)
        t.join();
}

void ParallelJudge::add(const pipeline::InputLine& line, const event::EventList& events) {
    Line l;
    l.text_begin = static_cast<std::uint32_t>(text_.size());
    text_.append(line.text);
    l.text_end = static_cast<std::uint32_t>(text_.size());
    text_.append(line.type);
    l.type_end = static_cast<std::uint32_t>(text_.size());
    l.first_job = static_cast<std::uint32_t>(job_count_);
    for (const auto& e : events) {
        switch (e.env.kind) {
            case event::Kind::Sentiment:
            case event::Kind::Regime:
                engine_.apply_state(e);
                break;
            case event::Kind::Candle: {
                SymbolState* sym = engine_.route(e);
                if (!sym) break;
                if (job_count_ == jobs_.size()) jobs_.emplace_back();
                Job& j = jobs_[job_count_++];
                j.sym = sym;
                j.candle = *e.as<event::Candle>();
                j.ts = *e.env.timestamp;
                j.hist = e.env.hist;
                j.ctx = engine_.market().at(sym->underlying);
                j.lane = static_cast<int>(std::hash<std::string_view>{}(sym->symbol) %
                                          static_cast<std::size_t>(threads_));
                j.out.clear();
                break;
            }
            default:
                break;
        }
    }
    l.jobs = static_cast<std::uint32_t>(job_count_) - l.first_job;
    lines_.push_back(l);
}

void ParallelJudge::run_lane(int lane) {
    Worker& w = workers_[static_cast<std::size_t>(lane)];
    for (std::size_t i = 0; i < job_count_; ++i) {
        Job& j = jobs_[i];
        if (j.lane == lane) engine_.judge(*j.sym, j.candle, j.ts, j.hist, j.ctx, w, j.out);
    }
}

void ParallelJudge::worker_main(int lane) {
    std::uint64_t seen = 0;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mu_);
            start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
        }
        run_lane(lane);
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (--remaining_ == 0) done_cv_.notify_one();
        }
    }
}

void ParallelJudge::flush(ndjson::Output& out) {
    if (lines_.empty()) return;
    if (job_count_ > 0) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            remaining_ = threads_ - 1;
            ++generation_;
        }
        start_cv_.notify_all();
        run_lane(0);
        std::unique_lock<std::mutex> lock(mu_);
        done_cv_.wait(lock, [&] { return remaining_ == 0; });
    }
    const std::string_view text = text_;
    for (const Line& l : lines_) {
        out.pass(text.substr(l.text_end, l.type_end - l.text_end),
                 text.substr(l.text_begin, l.text_end - l.text_begin));
        for (std::uint32_t i = l.first_job; i < l.first_job + l.jobs; ++i)
            jobs_[i].out.for_each(
                [&](event::Kind k, std::string_view line) { out.emit_encoded(event::type_name(k), line); });
    }
    lines_.clear();
    text_.clear();
    job_count_ = 0;
}

}  // namespace sos::strategy
