#include "regime/regime_engine.hpp"

#include <algorithm>

#include "instrument/symbology.hpp"
#include "options/expiry.hpp"
#include "regime/blend_model.hpp"
#include "regime/flags.hpp"
#include "regime/inputs_json.hpp"
#include "regime/sos_model.hpp"
#include "regime/tomic_model.hpp"
#include "time/bar_close.hpp"

namespace sos::regime {

struct RegimeEngine::Underlying {
    std::string name, exchange;
    bool tracked = false;
    SentimentInputs s;
    BarIndicators bars;
    Classifier classifier;
    std::optional<double> score;
    std::string phase;
    std::optional<time::Timestamp> last_fresh;
    bool stale_marked = false;
    std::optional<double> price;

    Underlying(std::string n, const IndicatorPeriods& p) : name(std::move(n)), bars(p) {}
};

namespace {

std::unique_ptr<Model> make_model(const RegimeConfig& c) {
    if (c.model == "sos") return std::make_unique<SosModel>(c.sos);
    if (c.model == "tomic") return std::make_unique<TomicModel>(c.tomic);
    return std::make_unique<BlendModel>(c.blend);
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

RegimeEngine::RegimeEngine(const RegimeConfig& cfg, bool trust_upstream, time::Calendar calendar)
    : cfg_(cfg), trust_upstream_(trust_upstream), model_(make_model(cfg)), calendar_(std::move(calendar)) {
    for (const auto& s : cfg_.symbols)
        underlying(s).tracked = true;
}

RegimeEngine::~RegimeEngine() = default;

std::string_view RegimeEngine::model_name() const {
    return model_->name();
}

bool RegimeEngine::triggers_on(event::Kind k) const {
    const auto& list = cfg_.model == "sos"     ? cfg_.sos.recompute_on
                       : cfg_.model == "tomic" ? cfg_.tomic.recompute_on
                                               : cfg_.blend.recompute_on;
    return std::find(list.begin(), list.end(), k) != list.end();
}

RegimeEngine::Underlying& RegimeEngine::underlying(std::string_view name) {
    auto it = underlyings_.find(name);
    if (it == underlyings_.end()) {
        auto u = std::make_unique<Underlying>(std::string(name), cfg_.periods);
        u->s = market_;
        it = underlyings_.emplace(std::string(name), std::move(u)).first;
    }
    return *it->second;
}

RegimeEngine::Underlying* RegimeEngine::tracked(std::string_view name, bool auto_track) {
    if (name.empty() || name == cfg_.vix_symbol) return nullptr;
    if (!cfg_.symbols.empty()) {
        auto it = underlyings_.find(name);
        return it != underlyings_.end() && it->second->tracked ? it->second.get() : nullptr;
    }
    if (!auto_track) {
        auto it = underlyings_.find(name);
        return it != underlyings_.end() && it->second->tracked ? it->second.get() : nullptr;
    }
    Underlying& u = underlying(name);
    u.tracked = true;
    return &u;
}

void RegimeEngine::observe(const event::Event& e, std::vector<RegimeLine>& out) {
    if (e.env.timestamp) {
        const time::Timestamp t = *e.env.timestamp;
        if (!clock_ || t > *clock_) clock_ = t;
        // A new session: inputs were silent all night by design, so freshness restarts from
        // the day's first event instead of marking every regime stale at the open.
        const time::Date d = calendar_.local_date(*clock_);
        if (day_ != d) {
            day_ = d;
            for (auto& [name, u] : underlyings_) {
                if (u->last_fresh) u->last_fresh = *clock_;
                u->stale_marked = false;
            }
        }
    }
    switch (e.env.kind) {
        case event::Kind::Candle:
            on_candle(e, out);
            break;
        case event::Kind::Tick: {
            const double ltp = e.as<event::Tick>()->ltp;
            if (e.env.symbol == cfg_.vix_symbol && e.env.timestamp)
                vix_.set(ltp, *e.env.timestamp);
            else if (auto it = underlyings_.find(e.env.symbol); it != underlyings_.end())
                it->second->price = ltp;
            break;
        }
        case event::Kind::Breadth: {
            Underlying* u = tracked(instrument::underlying_of(e.env.symbol), true);
            if (!u || !e.env.timestamp) break;
            u->s.merge(*e.as<event::Breadth>(), *e.env.timestamp);
            if (triggers_on(event::Kind::Breadth)) recompute(*u, e, *e.env.timestamp, out);
            break;
        }
        case event::Kind::Sentiment: {
            if (!e.env.timestamp) break;
            const auto& s = *e.as<event::Sentiment>();
            const bool upstream = trust_upstream_ && s.regime;
            if (e.env.symbol.empty()) {
                market_.merge(s, *e.env.timestamp);
                for (auto& [name, u] : underlyings_) {
                    u->s.merge(s, *e.env.timestamp);
                    if (u->tracked && (upstream || triggers_on(event::Kind::Sentiment)))
                        recompute(*u, e, *e.env.timestamp, out);
                }
                break;
            }
            Underlying* u = tracked(instrument::underlying_of(e.env.symbol), true);
            if (!u) break;
            u->s.merge(s, *e.env.timestamp);
            if (upstream || triggers_on(event::Kind::Sentiment)) recompute(*u, e, *e.env.timestamp, out);
            break;
        }
        case event::Kind::OptionChain:
            tracked(instrument::underlying_of(e.env.symbol), true);
            break;
        default:
            break;
    }
    if (clock_) mark_stale(*clock_, out);
}

void RegimeEngine::check_stale(time::Timestamp now, std::vector<RegimeLine>& out) {
    // Only forward: a wall clock behind the stream's (a replay at speed) has nothing to add.
    if (!clock_ || now <= *clock_) return;
    mark_stale(now, out);
}

void RegimeEngine::on_candle(const event::Event& e, std::vector<RegimeLine>& out) {
    const auto& k = *e.as<event::Candle>();
    if (!e.env.timestamp) return;
    const time::Timestamp open = *e.env.timestamp;
    const time::Timestamp close = bar_close(open, k.tf);
    if (e.env.symbol == cfg_.vix_symbol) {
        vix_.set(k.c, close);
        return;
    }
    const std::string_view sym = e.env.symbol;
    if (instrument::underlying_of(sym) != sym) return;  // an option's or future's own bars
    const bool index = ends_with(e.env.exchange, "_INDEX") || options::expiry_rule_for(sym).has_value();
    Underlying* u = tracked(sym, index);
    if (!u) return;
    u->price = k.c;
    if (u->exchange.empty()) u->exchange = e.env.exchange;
    if (k.tf != cfg_.timeframe) return;
    u->bars.add(k, calendar_.local_date(open));
    if (triggers_on(event::Kind::Candle)) recompute(*u, e, close, out);
}

time::Timestamp RegimeEngine::bar_close(time::Timestamp open, time::Timeframe tf) {
    if (!session_ || open < session_->open || open >= session_->close)
        if (auto s = calendar_.session_at(open)) session_ = s;
    return time::bar_close(open, tf, &calendar_, &session_);
}

std::optional<double> RegimeEngine::fresh_vix(const Underlying& u, time::Timestamp t) const {
    if (const double* v = vix_.fresh(t, cfg_.vix_max_age_s)) return *v;
    if (const double* v = u.s.vix.fresh(t, cfg_.vix_max_age_s)) return *v;
    return std::nullopt;
}

void RegimeEngine::flags_for(const Underlying& u, time::Timestamp t, RegimeLine& line,
                             std::string& note) const {
    if (auto v = fresh_vix(u, t)) {
        line.flags = vix_flags(*v, cfg_.flags);
        note = ",\"flags_from\":{\"vix\":";
        event::JsonWriter::append_number(note, *v);
        note += '}';
    } else if (const double* iv = u.s.iv.fresh(t, cfg_.max_age.sentiment_s)) {
        // ATM IV in percent stands in for the index of implied volatility.
        line.flags = vix_flags(*iv * 100, cfg_.flags);
        note = ",\"flags_from\":{\"atm_iv\":";
        event::JsonWriter::append_number(note, round_to(*iv * 100, 1e4));
        note += '}';
    }
}

void RegimeEngine::recompute(Underlying& u, const event::Event& cause, time::Timestamp t,
                             std::vector<RegimeLine>& out) {
    RegimeLine line;
    line.t = t;
    line.symbol = u.name;
    line.exchange = u.exchange;
    line.model = model_->name();
    line.hist = cause.env.hist;
    line.true_regime = cause.env.true_regime;
    line.price = u.price;

    const Regime* up = trust_upstream_ ? u.s.upstream_regime.fresh(t, cfg_.max_age.sentiment_s) : nullptr;
    std::optional<Regime> upstream = up ? std::optional<Regime>(*up) : std::nullopt;
    if (upstream) {
        auto d = u.classifier.force(*upstream);
        line.regime = d.regime;
        line.changed = d.changed;
        line.inputs = "{\"upstream\":\"" + std::string(vocab::name(*upstream)) + "\"";
        u.score.reset();
        u.phase.clear();
    } else {
        ModelInputs in;
        in.now = t;
        in.sentiment = &u.s;
        in.bars = u.bars.bars() > 0 ? &u.bars : nullptr;
        in.vix = fresh_vix(u, t);
        in.max_age = cfg_.max_age;
        Evaluation ev = model_->evaluate(in);
        if (!ev.ok) return;  // nothing fresh: the last regime stands (and goes stale in time)
        auto d = u.classifier.update(*model_, ev);
        line.regime = d.regime;
        line.changed = d.changed;
        line.score = round_to(ev.score, 1e2);
        line.phase = ev.phase;
        u.score = line.score;
        u.phase = ev.phase;
        line.inputs = std::move(ev.inputs);
        line.inputs.pop_back();  // reopen the model's object to add what the engine knows
        if (model_->smoothing() > 1 && !ev.ruled) {
            line.inputs += ",\"raw_score\":";
            event::JsonWriter::append_number(line.inputs, round_to(ev.raw_score, 1e2));
        }
    }
    std::string note;
    flags_for(u, t, line, note);
    line.inputs += note;
    line.inputs += '}';
    const bool congestion_band =
        std::find(cfg_.congestion.begin(), cfg_.congestion.end(), line.regime) != cfg_.congestion.end();
    line.congestion = congestion_band || (cfg_.tomic_congestion_phase && line.phase == "CONGESTION");
    u.last_fresh = t;
    u.stale_marked = false;
    out.push_back(std::move(line));
}

void RegimeEngine::mark_stale(time::Timestamp now, std::vector<RegimeLine>& out) {
    for (auto& [name, up] : underlyings_) {
        Underlying& u = *up;
        auto current = u.classifier.current();
        if (!u.tracked || !current || !u.last_fresh || u.stale_marked) continue;
        if (static_cast<double>(now.ns - u.last_fresh->ns) <= cfg_.stale_after_s * 1e9) continue;
        u.stale_marked = true;
        u.classifier.release_dwell();
        RegimeLine line;
        line.t = now;
        line.symbol = u.name;
        line.exchange = u.exchange;
        line.model = model_->name();
        line.regime = *current;
        line.score = u.score;
        line.phase = u.phase;
        line.stale = true;
        line.price = u.price;
        line.inputs = "{\"stale_since\":";
        time::append_epoch_seconds(line.inputs, *u.last_fresh);
        std::string note;
        flags_for(u, now, line, note);
        line.inputs += note;
        line.inputs += '}';
        line.congestion =
            std::find(cfg_.congestion.begin(), cfg_.congestion.end(), line.regime) != cfg_.congestion.end() ||
            (cfg_.tomic_congestion_phase && line.phase == "CONGESTION");
        out.push_back(std::move(line));
    }
}

}  // namespace sos::regime
