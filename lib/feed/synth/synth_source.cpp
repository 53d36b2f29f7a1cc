#include "feed/synth/synth_source.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

#include "feed/synth/breadth_model.hpp"
#include "feed/synth/chain_model.hpp"
#include "feed/synth/index_model.hpp"
#include "feed/synth/index_profile.hpp"
#include "feed/synth/intraday_shape.hpp"
#include "feed/synth/stock_model.hpp"
#include "feed/synth/vix_model.hpp"

namespace sos::feed {

using namespace synth;

namespace {

enum class Phase : std::uint8_t { Candles, Breadth, Chains };
enum class SeriesKind : std::uint8_t { Index, Stock, Vix };

// One symbol with candles: what model draws it and whose regime it reports.
struct Series {
    std::string symbol;
    std::string_view exchange;
    SeriesKind kind = SeriesKind::Index;
    std::size_t model = 0;
    std::size_t regime_of = 0;  // an index
};

constexpr std::string_view kVixSymbol = "INDIAVIX";

std::vector<time::Session> plan_sessions(const SynthConfig& cfg, const time::Calendar& cal,
                                         std::size_t& warmup) {
    time::Date first = cal.is_trading_day(cfg.from) ? cfg.from : cal.next_trading_day(cfg.from);
    std::vector<time::Session> out;
    time::Date d = first;
    // A calendar with no trading day for ten years ends the plan rather than looping on.
    for (int i = 0; i < cfg.warmup_days; ++i) {
        d = cal.previous_trading_day(d);
        auto s = cal.session(d);
        if (!s) break;
        out.push_back(*s);
    }
    std::reverse(out.begin(), out.end());
    warmup = out.size();
    d = first;
    for (int i = 0; i < cfg.days; ++i) {
        auto s = cal.session(d);
        if (!s) break;
        out.push_back(*s);
        d = cal.next_trading_day(d);
    }
    return out;
}

}  // namespace

struct SynthSource::Impl {
    SynthConfig cfg;
    time::Calendar own_calendar;
    const time::Calendar* cal;
    std::vector<time::Session> sessions;
    std::size_t warmup_sessions = 0;
    time::Timestamp live_start;
    std::uint64_t total_minutes = 0, done_minutes = 0;

    IntradayShape shape;
    Rng market;
    std::vector<IndexProfile> profiles;
    std::vector<IndexModel> indices;
    std::vector<StockModel> stocks;
    std::vector<std::size_t> stock_home;
    std::vector<std::vector<const StockModel*>> members;
    std::vector<BreadthModel> breadth_models;
    std::vector<event::Breadth> breadth;
    std::vector<ChainModel> chains;
    std::optional<VixModel> vix;
    std::size_t vix_index = 0;
    std::vector<Series> series;

    // Where the stream is: which session and minute, and what of that minute is out.
    std::size_t day = 0;
    int minute = 0;
    bool minute_ready = false;
    bool chains_due = false;
    Phase phase = Phase::Candles;
    std::size_t cursor = 0;
    event::OptionChain spare_chain;  // a chain's storage, kept while its slot holds other kinds

    explicit Impl(const SynthConfig& c)
        : cfg(c),
          own_calendar(c.calendar ? time::Calendar{} : time::Calendar::nse_default()),
          cal(c.calendar ? c.calendar : &own_calendar),
          market(c.seed, "market") {
        sessions = plan_sessions(cfg, *cal, warmup_sessions);
        for (const auto& s : sessions)
            total_minutes += static_cast<std::uint64_t>((s.close.ns - s.open.ns) / 60'000'000'000);
        time::Date first = cal->is_trading_day(cfg.from) ? cfg.from : cal->next_trading_day(cfg.from);
        auto first_session = cal->session(first);
        live_start = first_session ? first_session->open : cal->zone().at(first, 0);
        build_series();
    }

    void build_series() {
        const int per_index = std::max(cfg.constituents, 0);
        std::vector<std::vector<std::string>> names;
        for (const auto& sym : cfg.indices) {
            if (std::any_of(profiles.begin(), profiles.end(),
                            [&](const IndexProfile& p) { return p.symbol == sym; }))
                continue;  // a repeated index would give two series of one symbol
            profiles.push_back(index_profile(sym));
            indices.emplace_back(profiles.back(), cfg.seed);
            names.push_back(constituent_names(profiles.back(), per_index));
        }
        // A stock listed in several indices is one series. It moves with the most specific
        // index that lists it (BANKNIFTY for a bank, the index with the fewest names).
        std::vector<std::string> stock_names;
        std::vector<std::vector<std::size_t>> member_ids(indices.size());
        for (std::size_t i = 0; i < indices.size(); ++i) {
            for (const auto& n : names[i]) {
                auto it = std::find(stock_names.begin(), stock_names.end(), n);
                std::size_t id = static_cast<std::size_t>(it - stock_names.begin());
                if (it == stock_names.end()) {
                    stock_names.push_back(n);
                    stock_home.push_back(i);
                } else if (profiles[i].names.size() < profiles[stock_home[id]].names.size()) {
                    stock_home[id] = i;
                }
                member_ids[i].push_back(id);
            }
        }
        for (const auto& n : stock_names)
            stocks.emplace_back(n, cfg.seed);
        for (std::size_t i = 0; i < indices.size(); ++i) {
            series.push_back({profiles[i].symbol, "NSE_INDEX", SeriesKind::Index, i, i});
            for (std::size_t id : member_ids[i])
                if (stock_home[id] == i && std::none_of(series.begin(), series.end(), [&](const Series& s) {
                        return s.kind == SeriesKind::Stock && s.model == id;
                    }))
                    series.push_back({stock_names[id], "NSE", SeriesKind::Stock, id, i});
            members.emplace_back();
            for (std::size_t id : member_ids[i])
                members.back().push_back(&stocks[id]);
            breadth_models.emplace_back(profiles[i].symbol, cfg.seed);
        }
        breadth.resize(indices.size());
        if (cfg.chain_every_minutes > 0)
            for (const auto& p : profiles)
                chains.emplace_back(p, cfg.seed, cfg.strikes_each_side, cfg.rate);
        if (!indices.empty()) {
            // India VIX is NIFTY's volatility; without NIFTY the first index stands in.
            auto nifty = std::find_if(profiles.begin(), profiles.end(),
                                      [](const IndexProfile& p) { return p.symbol == "NIFTY"; });
            vix_index = nifty == profiles.end() ? 0 : static_cast<std::size_t>(nifty - profiles.begin());
            vix.emplace(cfg.seed, profiles[vix_index].daily_vol / std::sqrt(375.0));
            series.push_back({std::string(kVixSymbol), "NSE_INDEX", SeriesKind::Vix, 0, vix_index});
        }
    }

    int session_minutes() const {
        const auto& s = sessions[day];
        return static_cast<int>((s.close.ns - s.open.ns) / 60'000'000'000);
    }

    void start_day() {
        shape.resize(session_minutes());
        for (auto& ix : indices)
            ix.start_day();
        for (std::size_t j = 0; j < stocks.size(); ++j)
            stocks[j].start_day(indices[stock_home[j]]);
        if (vix) vix->start_day();
        for (std::size_t i = 0; i < chains.size(); ++i)
            chains[i].start_day(sessions[day].date, *cal, round_tick(indices[i].level()));
    }

    void generate_minute() {
        const int n = session_minutes();
        double mz = market.normal();
        for (auto& ix : indices)
            ix.step(minute, shape, mz);
        for (std::size_t j = 0; j < stocks.size(); ++j)
            stocks[j].step(minute, shape, indices[stock_home[j]]);
        if (vix) vix->step(indices[vix_index].minute_return() / shape.vol(minute));
        for (std::size_t i = 0; i < indices.size(); ++i) {
            const IndexModel& ix = indices[i];
            if (members[i].empty()) {
                double day_return = std::log(ix.bar().c / ix.prev_close());
                breadth_models[i].notional(day_return, profiles[i].daily_vol, (minute + 1.0) / n, breadth[i]);
            } else {
                BreadthModel::count(members[i], breadth[i]);
            }
        }
        for (std::size_t i = 0; i < chains.size(); ++i)
            chains[i].advance(indices[i].regime(), indices[i].bar().c,
                              indices[i].bar().v / profiles[i].minute_volume);
        chains_due = !chains.empty() && (minute + 1) % cfg.chain_every_minutes == 0;
    }

    // Prepares the next minute to emit; false when every session is done.
    bool begin_minute() {
        while (day < sessions.size() && session_minutes() <= 0)
            ++day;  // a calendar's empty session
        if (day >= sessions.size()) return false;
        if (minute == 0) start_day();
        generate_minute();
        minute_ready = true;
        phase = Phase::Candles;
        cursor = 0;
        return true;
    }

    void end_minute() {
        minute_ready = false;
        ++done_minutes;
        if (++minute >= session_minutes()) {
            minute = 0;
            ++day;
        }
    }

    // The slot an event is written into still holds the last record's body. A chain's
    // strikes are worth keeping: set aside while the slot carries other kinds, moved back
    // for the next chain, so steady state allocates nothing.
    template <class T>
    T& body(event::Event& e) {
        if constexpr (std::is_same_v<T, event::OptionChain>) {
            if (auto* chain = std::get_if<event::OptionChain>(&e.body)) return *chain;
            return e.body.emplace<event::OptionChain>(std::move(spare_chain));
        } else {
            if (auto* chain = std::get_if<event::OptionChain>(&e.body)) spare_chain = std::move(*chain);
            return event::EventList::body_as<T>(e);
        }
    }

    event::Event& start_event(FeedItem& item, event::Kind kind, time::Timestamp t, std::string_view symbol,
                              std::string_view exchange, std::size_t regime_of) {
        event::Event& e = item.events.add();
        e.env.kind = kind;
        e.env.timestamp = t;
        e.env.symbol = symbol;
        e.env.exchange = exchange;
        e.env.src = "synth";
        e.env.true_regime = regime_name(indices[regime_of].regime());
        return e;
    }

    time::Timestamp bar_open() const { return sessions[day].open.plus_seconds(60 * minute); }

    void emit_candle(FeedItem& item, const Series& s) {
        event::Event& e =
            start_event(item, event::Kind::Candle, bar_open(), s.symbol, s.exchange, s.regime_of);
        const Bar& b = s.kind == SeriesKind::Index   ? indices[s.model].bar()
                       : s.kind == SeriesKind::Stock ? stocks[s.model].bar()
                                                     : vix->bar();
        auto& k = body<event::Candle>(e);
        k.tf = time::kOneMinute;
        k.o = b.o;
        k.h = b.h;
        k.l = b.l;
        k.c = b.c;
        k.v = b.v;
    }

    void emit_breadth(FeedItem& item, std::size_t i) {
        event::Event& e = start_event(item, event::Kind::Breadth, bar_open().plus_seconds(60),
                                      profiles[i].symbol, "NSE_INDEX", i);
        body<event::Breadth>(e) = breadth[i];
    }

    void emit_chain(FeedItem& item, std::size_t i, std::size_t slot) {
        event::Event& e = start_event(item, event::Kind::OptionChain, bar_open().plus_seconds(60),
                                      profiles[i].symbol, "NSE_INDEX", i);
        chains[i].fill(slot, bar_open().plus_seconds(60), indices[i].bar().c, vix ? vix->bar().c : 15.0,
                       body<event::OptionChain>(e));
    }

    bool next(FeedItem& item) {
        item.events.clear();
        item.raw.clear();
        item.raw_type.clear();
        for (;;) {
            if (!minute_ready && !begin_minute()) return false;
            switch (phase) {
                case Phase::Candles:
                    if (cursor < series.size()) {
                        emit_candle(item, series[cursor++]);
                        return true;
                    }
                    phase = Phase::Breadth;
                    cursor = 0;
                    break;
                case Phase::Breadth:
                    if (cursor < indices.size()) {
                        emit_breadth(item, cursor++);
                        return true;
                    }
                    phase = Phase::Chains;
                    cursor = 0;
                    break;
                case Phase::Chains:
                    // Cursor runs over (index, expiry slot), two slots per index.
                    while (chains_due && cursor < 2 * chains.size()) {
                        std::size_t i = cursor / 2, slot = cursor % 2;
                        ++cursor;
                        if (slot < chains[i].expiries()) {
                            emit_chain(item, i, slot);
                            return true;
                        }
                    }
                    end_minute();
                    break;
            }
        }
    }
};

SynthSource::SynthSource(const SynthConfig& config) : impl_(std::make_unique<Impl>(config)) {}
SynthSource::~SynthSource() = default;

Source::Pull SynthSource::next(FeedItem& item) {
    return impl_->next(item) ? Pull::Ready : Pull::End;
}

SourceProgress SynthSource::progress() const {
    return {impl_->done_minutes, impl_->total_minutes};
}

time::Timestamp SynthSource::live_start() const {
    return impl_->live_start;
}

const std::vector<time::Session>& SynthSource::sessions() const {
    return impl_->sessions;
}

std::vector<std::string> SynthSource::symbols() const {
    std::vector<std::string> out;
    for (const auto& s : impl_->series)
        out.push_back(s.symbol);
    return out;
}

}  // namespace sos::feed
