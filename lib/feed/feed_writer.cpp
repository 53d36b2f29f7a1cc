#include "feed/feed_writer.hpp"

#include <fmt/format.h>

#include <thread>

#include "diag/log.hpp"

namespace sos::feed {

FeedWriter::FeedWriter(const FeedOptions& opts, const time::Calendar& calendar, diag::BadInput& bad,
                       pipeline::StopSignals* signals)
    : opts_(opts), bad_(bad), signals_(signals), builder_(opts.tfs, calendar), history_(opts.history) {}

bool FeedWriter::pace(time::Timestamp known_at, ndjson::Output& out) {
    if (opts_.speed <= 0 || stopped_) return !stopped_;
    auto now = std::chrono::steady_clock::now();
    if (!pace_base_event_) {
        pace_base_event_ = known_at;
        pace_base_wall_ = now;
        return true;
    }
    double event_seconds = static_cast<double>(known_at.ns - pace_base_event_->ns) / 1e9;
    auto target = pace_base_wall_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(event_seconds / opts_.speed));
    // What is due goes out now, also when pacing runs behind: a paced stream is watched live.
    if (observer_) observer_->flush(out);
    out.flush();
    if (target <= now) return true;
    bool completed =
        signals_ ? signals_->sleep_for(target - now) : (std::this_thread::sleep_until(target), true);
    if (!completed) stopped_ = true;
    return completed;
}

void FeedWriter::write_built(std::vector<event::Event>& bars, ndjson::Output& out) {
    for (auto& e : bars) {
        e.env.src = opts_.src;
        if (!live(e.time()) && !history_released_) {
            history_.add(e);
            continue;
        }
        // A bar is known when it closes.
        const auto* k = e.as<event::Candle>();
        if (!pace(e.time().plus_seconds(k ? k->tf.seconds : 0), out)) return;
        write(e, {}, {}, out);
    }
    bars.clear();
}

void FeedWriter::release_history(ndjson::Output& out) {
    history_released_ = true;
    for (const auto& e : history_.take())
        write(e, {}, {}, out);
}

void FeedWriter::write(const event::Event& e, std::string_view raw, std::string_view raw_type,
                       ndjson::Output& out) {
    if (observer_) observer_->before_write(e, out);
    if (!raw.empty())
        out.pass(raw_type, raw);
    else
        out.emit(e);
    if (observer_) observer_->after_write(e, out);
}

bool FeedWriter::take(const event::EventList& events, std::string_view raw, std::string_view raw_type,
                      std::string_view origin, std::uint64_t line, ndjson::Output& out, int series) {
    if (stopped_) return false;
    for (const auto& e : events) {
        if (opts_.check_order) {
            if (auto why = series >= 0 && events.size() == 1 ? order_.check(e, series) : order_.check(e)) {
                if (!bad_.report(origin, line, fmt::format("{}: {}", event::type_name(e.env.kind), *why)))
                    return false;
                continue;
            }
        }
        if (const auto* ch = e.as<event::OptionChain>(); ch && (!ch->expiry || !ch->spot)) {
            // The SOS bridge's OPTION_CHAIN_UPDATE carries only OI changes: without expiry and
            // spot no canonical OPTION_CHAIN can be written, and a half-chain would mislead.
            diag::warn("{}{}{}: option chain without expiry and spot has no canonical form; skipped", origin,
                       origin.empty() ? "line " : ":", line);
            continue;
        }
        const time::Timestamp t = e.time();
        if (opts_.end && e.env.timestamp && t >= *opts_.end && !e.env.hist) {
            stopped_ = true;
            return false;
        }
        // Without --start every record is written as it comes (its own hist flag kept);
        // with it, records before the start are history to hold back.
        const auto kind = e.env.kind;
        if (!opts_.start && e.env.hist) {
            if (kind == event::Kind::Tick)
                builder_.add_tick(e, built_);
            else if (kind == event::Kind::Candle && !builder_.add_candle(e, built_).write_input)
                continue;
            write(e, events.size() == 1 ? raw : std::string_view{}, raw_type, out);
            write_built(built_, out);
            continue;
        }
        const bool is_live = live(t) && !e.env.hist;
        bool write_input = true;
        if (kind == event::Kind::Tick) {
            auto fate = builder_.add_tick(e, built_);
            if (fate == candles::Fate::Late) {
                diag::warn("{}{}{}: late tick for {} at {}: its bar was already written; not folded in",
                           origin, origin.empty() ? "line " : ":", line, e.env.symbol,
                           time::to_epoch_string(t));
            }
        } else if (kind == event::Kind::Candle) {
            write_input = builder_.add_candle(e, built_).write_input;
        } else if (e.env.timestamp) {
            builder_.advance(t, built_);
        }
        if (!is_live && !history_released_) {
            // Before the live start: rebuilt bars and the latest state wait in the history buffer.
            write_built(built_, out);
            // Ticks become bars; an input candle of a timeframe not asked for (1m under
            // --tf 5m) only feeds the bars built from it.
            if (kind == event::Kind::Candle ? write_input : kind != event::Kind::Tick) history_.add(e);
            continue;
        }
        if (!history_released_ && opts_.start) {
            write_built(built_, out);  // bars that closed before the start are still history
            release_history(out);
        }
        if (write_input) {
            if (!e.env.hist && !pace(t, out)) return false;
            write(e, events.size() == 1 ? raw : std::string_view{}, raw_type, out);
        }
        write_built(built_, out);
        if (out.closed() || stopped_) return false;
    }
    return true;
}

void FeedWriter::finish(ndjson::Output& out) {
    builder_.finish(built_);
    write_built(built_, out);
    if (!history_released_ && !history_.empty()) release_history(out);
    if (observer_) observer_->flush(out);
    if (builder_.late())
        diag::warn("{} late tick{} refused (their bars had already been written)", builder_.late(),
                   builder_.late() == 1 ? "" : "s");
    if (builder_.outside_session())
        diag::info("{} record{} outside trading sessions ignored for candles", builder_.outside_session(),
                   builder_.outside_session() == 1 ? "" : "s");
}

}  // namespace sos::feed
