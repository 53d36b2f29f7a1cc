// --history N: a warm start from REST /history. Asked once the exchange clock is known (the
// first tick: this machine's date need not be the exchange's), for each instrument and
// timeframe, over enough past sessions to hold N bars; the last N bars that had closed when
// asked go out first, flagged hist: true, through LiveCandles' ledger, so a bar the live feed
// also builds is written once. Live bars wait until every answer is in (or history_wait_s has
// passed: the feed is not held hostage by a slow history); a live bar already waiting wins
// over a warm bar of the same or a later time. The requests leave within the tier's api budget
// (its brokers file entry's "limits"), not all at once.
#include <fmt/format.h>

#include <algorithm>

#include "diag/log.hpp"
#include "feed/live/live_source.hpp"
#include "openalgo/rest_events.hpp"
#include "openalgo/rest_requests.hpp"

namespace sos::feed::live {

namespace {

// OpenAlgo's interval names: 1m, 5m, 1h, D.
std::string interval_of(time::Timeframe tf) {
    return tf.daily() ? "D" : time::to_string(tf);
}

// The first date to ask for: enough sessions back from `last` to hold n bars of tf, and one more.
time::Date first_date(const time::Calendar& cal, time::Date last, std::size_t n, time::Timeframe tf) {
    const double wanted_s = tf.daily() ? 0 : static_cast<double>(n) * tf.seconds;
    std::size_t sessions = 0;
    double held_s = 0;
    time::Date d = last;
    for (int i = 0; i < 400; ++i) {
        if (auto s = cal.session(d)) {
            ++sessions;
            held_s += static_cast<double>(s->close.ns - s->open.ns) / 1e9;
            if (tf.daily() ? sessions > n : held_s >= wanted_s && sessions >= 2) break;
        }
        d = time::add_days(d, -1);
    }
    return d;
}

}  // namespace

void LiveSource::ask_warm_start(time::Timestamp now) {
    if (warm_ != Warm::Due || !candles_.has_clock() || rest_.empty()) return;
    warm_ = Warm::Asked;
    warm_deadline_ = time::Timestamp{now.ns + static_cast<std::int64_t>(cfg_.history_wait_s * 1e9)};
    const time::Timestamp exch = candles_.exchange_now(now);
    const time::Date today = calendar_.local_date(exch);
    const std::size_t tier = history_tier();
    std::vector<time::Timeframe> tfs =
        cfg_.tfs.empty() ? std::vector<time::Timeframe>{time::kOneMinute} : cfg_.tfs;
    for (const auto& inst : cfg_.instruments) {
        for (const auto tf : tfs) {
            const std::string interval = interval_of(tf);
            openalgo::HistoryRequest r{inst.symbol, inst.exchange,
                                       interval,    first_date(calendar_, today, cfg_.history, tf),
                                       today,       {}};
            net::HttpRequest req;
            req.path = std::string(openalgo::kHistoryPath);
            req.body = openalgo::encode_history(cfg_.tiers[tier].key.reveal(), r);
            req.idempotent = true;
            req.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(cfg_.history_wait_s * 1000));
            ++warm_pending_;
            warm_queue_.push_back({std::move(req), HistoryAsk{inst.symbol, inst.exchange, tier, exch, tf}});
        }
    }
    send_warm();
}

// As many queued warm-start requests as the tier's budget allows now (its entry's "api"
// limits, OpenAlgo's 50/s by default): a long --history over many series must not meet 429s.
// The rest go at later ticks, within history_wait_s like the others.
void LiveSource::send_warm() {
    while (!warm_queue_.empty()) {
        auto& next = warm_queue_.front();
        const std::size_t tier = next.ask.tier;
        if (!limits_[tier].try_acquire(openalgo::kHistoryPath, ratelimit::Clock::now()).granted) return;
        if (auto id = rest_[tier]->submit(std::move(next.request)))
            history_asks_[*id] = std::move(next.ask);
        else
            --warm_pending_;  // the client's queue is full: this series starts cold
        warm_queue_.pop_front();
    }
}

void LiveSource::take_warm(const HistoryAsk& ask, const std::vector<openalgo::HistoryRow>& rows) {
    std::vector<event::Event> bars;
    openalgo::CandleSeries series{ask.symbol, ask.exchange, rest_src_[ask.tier], *ask.warm, true};
    openalgo::history_to_candles(rows, series, calendar_, ask.closed_by, bars);
    const std::size_t keep = std::min(bars.size(), cfg_.history);
    for (auto it = bars.end() - static_cast<std::ptrdiff_t>(keep); it != bars.end(); ++it)
        warm_bars_.push_back(std::move(*it));
}

void LiveSource::release_warm() {
    warm_ = Warm::Done;
    warm_queue_.clear();  // not sent by the deadline: going on without them
    if (warm_pending_ > 0)
        diag::warn("--history: {} /history answer{} not in after {:.0f} s; going on without", warm_pending_,
                   warm_pending_ == 1 ? "" : "s", cfg_.history_wait_s);
    std::stable_sort(warm_bars_.begin(), warm_bars_.end(),
                     [](const event::Event& a, const event::Event& b) { return a.time() < b.time(); });
    const auto& waiting = candles_.ready();
    for (auto& bar : warm_bars_) {
        const auto& k = *bar.as<event::Candle>();
        // A live bar of this series already waiting: it is in the ledger, and it is the truth
        // from its time on; a warm bar before it is still written, unrecorded.
        const event::Event* first_live = nullptr;
        for (const auto& e : waiting)
            if (e.env.symbol == bar.env.symbol && e.as<event::Candle>()->tf == k.tf) {
                first_live = &e;
                break;
            }
        if (first_live ? bar.time() >= first_live->time() : !candles_.admit(bar)) continue;
        out_.push_back(Outgoing{std::move(bar), {}});
    }
    warm_bars_.clear();
}

}  // namespace sos::feed::live
