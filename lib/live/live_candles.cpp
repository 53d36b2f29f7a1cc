// The tick path, the clocks and gaps. What happens to a bar once closed (holding, history,
// the ledger) is in candle_release.cpp.
#include <algorithm>

#include "live/live_candle_state.hpp"

namespace sos::live {

namespace {
std::vector<time::Timeframe> sorted(std::vector<time::Timeframe> tfs) {
    if (tfs.empty()) tfs.push_back(time::kOneMinute);
    std::sort(tfs.begin(), tfs.end());
    tfs.erase(std::unique(tfs.begin(), tfs.end()), tfs.end());
    return tfs;
}
}  // namespace

LiveCandles::LiveCandles(LiveCandleOptions options, const time::Calendar& calendar)
    : opts_(std::move(options)), calendar_(calendar), tfs_(sorted(opts_.tfs)), bars_(tfs_, calendar) {}

LiveCandles::~LiveCandles() = default;

std::size_t LiveCandles::tf_index(time::Timeframe tf) const {
    return static_cast<std::size_t>(std::find(tfs_.begin(), tfs_.end(), tf) - tfs_.begin());
}

LiveCandles::SymbolState& LiveCandles::state(std::string_view symbol, std::string_view exchange) {
    auto it = symbols_.find(symbol);
    if (it == symbols_.end()) {
        auto s = std::make_unique<SymbolState>();
        s->symbol.assign(symbol);
        s->exchange.assign(exchange);
        s->series.resize(tfs_.size());
        it = symbols_.emplace(std::string(symbol), std::move(s)).first;
    }
    return *it->second;
}

time::Timestamp LiveCandles::exchange_now(time::Timestamp wall) const {
    if (!has_clock_) return wall;
    return time::Timestamp{clock_ltt_.ns + (wall.ns - clock_wall_.ns)};
}

void LiveCandles::add_tick(const LiveTickIn& tick, time::Timestamp now) {
    if (!tick.ltt) {
        ++counts_.no_exchange_time;
        return;
    }
    const time::Timestamp ltt = *tick.ltt;
    if (ltt.ns > now.ns + ns(opts_.max_ahead_s)) {
        ++counts_.future;
        notes_.push_back(Note{NoteKind::FutureTick, std::string(tick.symbol), ltt, std::nullopt, 0});
        return;
    }
    ++counts_.ticks;
    // The first ltt seen of each new exchange second maps the wall clock onto the exchange's.
    if (!has_clock_ || ltt > clock_ltt_) {
        has_clock_ = true;
        clock_ltt_ = ltt;
        clock_wall_ = now;
    }
    SymbolState& s = state(tick.symbol, tick.exchange);
    // The first tick after a gap adds no volume: the count it carries includes trades unseen.
    const bool first_after_gap = s.suspect.open();
    if (tick.sampled) s.suspect.gap();  // what traded since the last sample is unknown
    candles::CumulativeVolume::Step vol;
    if (tick.volume && !first_after_gap) vol = s.volume.step(calendar_.local_date(ltt), *tick.volume);
    candles::BarInput in{tick.symbol, tick.exchange, ltt,        ltt,     tick.ltp, tick.ltp,
                         tick.ltp,    tick.ltp,      vol.volume, tick.oi, false,    {}};
    candles::Fate fate = bars_.add(in, closed_);
    if (fate == candles::Fate::Used) {
        s.suspect.tick(ltt);
        if (first_after_gap && tick.volume) s.volume.step(calendar_.local_date(ltt), *tick.volume, true);
        if (s.src != tick.src) s.src.assign(tick.src);
        if (vol.went_back) {
            ++counts_.volume_went_back;
            notes_.push_back(Note{NoteKind::VolumeWentBack, s.symbol, ltt, std::nullopt, 0});
        }
    } else if (fate == candles::Fate::Late) {
        ++counts_.late;
        notes_.push_back(Note{NoteKind::LateTick, s.symbol, ltt, std::nullopt, 0});
    } else {
        ++counts_.outside_session;
        // A current pre-open or post-close print still shows the feed flowing for this symbol
        // (so a feed started before the open holds no bar); an old one shows nothing.
        if (ltt.ns >= clock_ltt_.ns - ns(60)) {
            s.suspect.tick(ltt);
            if (first_after_gap && tick.volume) s.volume.step(calendar_.local_date(ltt), *tick.volume, true);
        }
    }
    if (!closed_.empty()) take_closed(now);
}

void LiveCandles::mark_gap() {
    for (auto& [name, s] : symbols_)
        s->suspect.gap();
}

void LiveCandles::advance(time::Timestamp now) {
    // Without a tick there is no exchange clock: the local clock must not stand in for it (a
    // market behind this machine's clock would have every later bar closed on arrival).
    if (!has_clock_) return;
    const time::Timestamp exch = exchange_now(now);
    bars_.advance(time::Timestamp{exch.ns - ns(opts_.grace_s)}, closed_);
    if (!closed_.empty()) take_closed(now);
    for (auto& [name, s] : symbols_)
        if (s->held) release(*s, exch);
}

void LiveCandles::finish(time::Timestamp now) {
    bars_.finish(closed_);
    take_closed(now);
    const time::Timestamp exch = exchange_now(now);
    for (auto& [name, s] : symbols_)
        release(*s, exch, true);
}

}  // namespace sos::live
