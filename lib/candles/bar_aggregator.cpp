#include "candles/bar_aggregator.hpp"

#include <algorithm>
#include <tuple>

namespace sos::candles {

using time::Timestamp;

BarAggregator::BarAggregator(std::vector<time::Timeframe> tfs, const time::Calendar& calendar)
    : tfs_(std::move(tfs)), calendar_(calendar) {
    std::sort(tfs_.begin(), tfs_.end());
    tfs_.erase(std::unique(tfs_.begin(), tfs_.end()), tfs_.end());
}

void BarAggregator::write_bar(const SymbolState& s, std::size_t i, std::vector<event::Event>& out, bool gap) {
    const TfState& st = s.tfs[i];
    event::Event e;
    e.env.kind = event::Kind::Candle;
    e.env.timestamp = st.start;
    e.env.symbol = s.symbol;
    e.env.exchange = s.exchange;
    e.env.true_regime = st.true_regime;
    auto& k = e.body.emplace<event::Candle>();
    k.tf = tfs_[i];
    if (gap) {
        k.o = k.h = k.l = k.c = st.last_close;
        k.v = 0;
        k.gap = true;
    } else {
        k.o = st.o;
        k.h = st.h;
        k.l = st.l;
        k.c = st.c;
        k.v = st.v;
        k.oi = st.oi;
    }
    out.push_back(std::move(e));
}

void BarAggregator::close_due(SymbolState& s, Timestamp now, std::vector<event::Event>& out,
                              bool end_of_data) {
    for (std::size_t i = 0; i < s.tfs.size(); ++i) {
        TfState& st = s.tfs[i];
        if (st.open && st.end <= now) {
            if (st.any_trade) {
                write_bar(s, i, out, false);
                st.last_close = st.c;
            } else if (st.has_close) {
                write_bar(s, i, out, true);
            }
            st.open = false;
            if (st.any_trade || st.has_close) {
                st.has_close = true;
                st.written_end = st.end;
            }
        }
        // Minutes without trades after the symbol's first of the session: gap bars.
        if (st.has_close && !st.open && s.session && !tfs_[i].daily()) {
            while (st.written_end < s.session->close) {
                auto span = time::bar_containing(st.written_end, *s.session, tfs_[i]);
                if (span.end > now) break;
                st.start = span.start;
                st.end = span.end;
                write_bar(s, i, out, true);
                st.written_end = span.end;
            }
        }
        if (end_of_data && st.open) {
            if (st.any_trade || st.has_close) {
                write_bar(s, i, out, !st.any_trade);
                out.back().as<event::Candle>()->partial = true;
            }
            st.open = false;
        }
    }
}

Timestamp BarAggregator::next_due(const SymbolState& s) const {
    Timestamp due{INT64_MAX};
    for (std::size_t i = 0; i < s.tfs.size(); ++i) {
        const TfState& st = s.tfs[i];
        if (st.open) {
            due = std::min(due, st.end);
        } else if (st.has_close && s.session && !tfs_[i].daily() && st.written_end < s.session->close) {
            due = std::min(due, time::bar_containing(st.written_end, *s.session, tfs_[i]).end);
        }
    }
    return due;
}

void BarAggregator::scan(Timestamp now, std::vector<event::Event>& out, bool end_of_data) {
    pending_.clear();
    next_due_ = Timestamp{INT64_MAX};
    for (auto& s : symbols_) {
        close_due(s, now, pending_, end_of_data);
        next_due_ = std::min(next_due_, next_due(s));
    }
    sort_by_end(pending_);
    for (auto& e : pending_)
        out.push_back(std::move(e));
}

void BarAggregator::sort_by_end(std::vector<event::Event>& bars) {
    // Oldest end first; for the same end, by symbol, then the smaller timeframe first. A bar's
    // nominal end (open + timeframe) orders the same way as its real, session-cut end.
    auto key = [](const event::Event& e) {
        const auto* k = e.as<event::Candle>();
        return std::make_tuple(e.time().ns + static_cast<std::int64_t>(k->tf.seconds) * time::kNanosPerSecond,
                               std::string_view(e.env.symbol), k->tf.seconds);
    };
    std::stable_sort(bars.begin(), bars.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
}

void BarAggregator::advance(Timestamp now, std::vector<event::Event>& closed) {
    if (now > clock_) clock_ = now;
    if (clock_ >= next_due_) scan(clock_, closed, false);
}

Fate BarAggregator::add(const BarInput& in, std::vector<event::Event>& closed) {
    // Inputs mostly fall in the session of the one before: the calendar is asked only on a change.
    if (!last_session_ || in.t < last_session_->open || in.t >= last_session_->close)
        last_session_ = calendar_.session_at(in.t);
    const std::optional<time::Session>& session = last_session_;
    if (!session) {
        ++outside_;
        return Fate::OutsideSession;
    }
    advance(in.t, closed);

    auto it = index_.find(in.symbol);
    const bool inserted = it == index_.end();
    if (inserted) {
        it = index_.emplace(std::string(in.symbol), symbols_.size()).first;
        symbols_.emplace_back();
        symbols_.back().symbol.assign(in.symbol);
        symbols_.back().exchange.assign(in.exchange);
        symbols_.back().tfs.resize(tfs_.size());
    }
    SymbolState& s = symbols_[it->second];
    if (!s.session || s.session->date != session->date) {
        if (s.session && session->open < s.session->open) {
            ++late_;  // a trade from a session already finished for this symbol
            return Fate::Late;
        }
        std::vector<event::Event> rest;
        close_due(s, in.t, rest, false);
        for (auto& e : rest)
            closed.push_back(std::move(e));
        s.session = session;
        for (auto& st : s.tfs)
            st = TfState{};
    }

    // Late for any timeframe means late for all: folding into some bars only would make the
    // timeframes disagree.
    for (std::size_t i = 0; i < tfs_.size(); ++i) {
        const TfState& st = s.tfs[i];
        auto span = time::bar_containing(in.t, *session, tfs_[i]);
        if ((st.open && span.start < st.start) || (st.has_close && span.end <= st.written_end)) {
            ++late_;
            return Fate::Late;
        }
    }

    // Bars that ended before this input (possible when the clock has not yet passed them).
    std::vector<event::Event> rest;
    close_due(s, in.t, rest, false);
    bool ends_a_bar = false;
    for (std::size_t i = 0; i < tfs_.size(); ++i) {
        TfState& st = s.tfs[i];
        if (!st.open) {
            auto span = time::bar_containing(in.t, *session, tfs_[i]);
            st.open = true;
            st.any_trade = false;
            st.start = span.start;
            st.end = span.end;
            st.v = 0;
            st.oi.reset();
            next_due_ = std::min(next_due_, st.end);
        }
        if (!in.gap) {
            if (!st.any_trade) {
                st.o = in.o;
                st.h = in.h;
                st.l = in.l;
                st.any_trade = true;
            } else {
                st.h = std::max(st.h, in.h);
                st.l = std::min(st.l, in.l);
            }
            st.c = in.c;
            st.v += in.v;
            if (in.oi) st.oi = in.oi;
        }
        if (!in.true_regime.empty()) st.true_regime.assign(in.true_regime);
        ends_a_bar = ends_a_bar || in.input_end >= st.end;
    }
    // The input bar that ends a bar has arrived: nothing more can fall in it.
    if (ends_a_bar) close_due(s, in.input_end, rest, false);
    sort_by_end(rest);
    for (auto& e : rest)
        closed.push_back(std::move(e));
    // The shared clock moves by input start times only: a closed 09:19 bar of one symbol says
    // nothing about another symbol's 09:19 bar, which may still be on its way.
    return Fate::Used;
}

void BarAggregator::finish(std::vector<event::Event>& closed) {
    scan(clock_, closed, true);
}

}  // namespace sos::candles
