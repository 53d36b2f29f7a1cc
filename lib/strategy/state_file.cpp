#include "strategy/state_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <map>

#include "files/atomic_write.hpp"
#include "files/whole_file.hpp"

namespace sos::strategy {

namespace {

constexpr char kMagic[8] = {'S', 'O', 'S', 'M', 'S', 'T', 'A', 'T'};
constexpr std::uint32_t kVersion = 1;

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

class Out {
public:
    template <class T>
    void put(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const char* p = reinterpret_cast<const char*>(&v);
        s.append(p, sizeof v);
    }
    void str(std::string_view v) {
        put<std::uint32_t>(static_cast<std::uint32_t>(v.size()));
        s.append(v);
    }
    std::string s;
};

class In {
public:
    explicit In(std::string_view b) : b_(b) {}
    template <class T>
    T get() {
        T v{};
        if (pos_ + sizeof v > b_.size()) {
            ok = false;
            return v;
        }
        std::memcpy(&v, b_.data() + pos_, sizeof v);
        pos_ += sizeof v;
        return v;
    }
    std::string str() {
        const auto n = get<std::uint32_t>();
        if (!ok || pos_ + n > b_.size()) {
            ok = false;
            return {};
        }
        std::string v(b_.substr(pos_, n));
        pos_ += n;
        return v;
    }
    std::size_t count(std::size_t max) {
        const auto n = get<std::uint64_t>();
        if (n > max) ok = false;
        return ok ? static_cast<std::size_t>(n) : 0;
    }
    bool ok = true;

private:
    std::string_view b_;
    std::size_t pos_ = 0;
};

void put_context(Out& o, const Context& c) {
    for (double v : c.sentiment)
        o.put(v);
    o.put<std::int32_t>(c.regime ? vocab::index(*c.regime) : -1);  // -1: none
    o.put<std::uint8_t>(c.regime_from_line ? 1 : 0);
}

Context get_context(In& in) {
    Context c;
    for (double& v : c.sentiment)
        v = in.get<double>();
    const auto regime = in.get<std::int32_t>();
    if (regime < -1 || regime >= vocab::kRegimeCount) in.ok = false;
    if (regime >= 0 && in.ok) c.regime = static_cast<vocab::Regime>(regime);
    c.regime_from_line = in.get<std::uint8_t>() != 0;
    return c;
}

struct SavedTracker {
    std::string pattern_id;
    int phase = 0, since = 0, cooldown = 0;
    bool has_last = false, has_prev = false;
    std::int64_t last_ts = 0, last_day = 0;
    std::array<double, expr::kCandleFields> prev{};
    std::vector<double> vars;
    std::vector<std::pair<std::uint8_t, std::int32_t>> sites;
    std::vector<std::vector<double>> ind_state;
};

}  // namespace

std::string serialize_state(Engine& engine) {
    Out o;
    o.s.append(kMagic, sizeof kMagic);
    o.put(kVersion);
    put_context(o, engine.market().market());
    o.put<std::uint64_t>(engine.market().size());
    for (std::size_t i = 0; i < engine.market().size(); ++i) {
        o.str(engine.market().name(static_cast<int>(i)));
        put_context(o, engine.market().at(static_cast<int>(i)));
    }
    o.put<std::uint64_t>(engine.strategies().size());
    for (const auto& s : engine.strategies()) {
        o.str(s->pattern_id);
        o.put(s->fingerprint);
    }
    o.put<std::uint64_t>(engine.symbols().size());
    std::vector<double> buf;
    for (const auto& sym : engine.symbols()) {
        o.str(sym->symbol);
        std::uint64_t n = 0;
        for (const auto& g : sym->groups)
            n += g.trackers.size();
        o.put(n);
        for (const auto& g : sym->groups) {
            for (const auto& t : g.trackers) {
                o.str(t.s->pattern_id);
                o.put<std::int32_t>(t.phase);
                o.put<std::int32_t>(t.since);
                o.put<std::int32_t>(t.cooldown);
                o.put<std::uint8_t>(t.has_last);
                o.put<std::int64_t>(t.last_ts.ns);
                o.put<std::int64_t>(t.last_day);
                o.put<std::uint8_t>(t.has_prev);
                for (double v : t.prev)
                    o.put(v);
                o.put<std::uint64_t>(static_cast<std::uint64_t>(t.s->program.var_count));
                for (int v = 0; v < t.s->program.var_count; ++v)
                    o.put(t.locals[static_cast<std::size_t>(v)]);
                const std::size_t sites = t.s->program.sites.size();
                o.put<std::uint64_t>(sites);
                for (std::size_t k = 0; k < sites; ++k) {
                    const auto& ind = site_indicator(g.bank, t, k);
                    o.put<std::uint8_t>(static_cast<std::uint8_t>(ind.kind()));
                    o.put<std::int32_t>(ind.period());
                    buf.clear();
                    ind.save(buf);
                    o.put<std::uint64_t>(buf.size());
                    for (double v : buf)
                        o.put(v);
                }
            }
        }
    }
    o.put(fnv1a(o.s));
    return std::move(o.s);
}

StateLoad restore_state(Engine& engine, std::string_view bytes, std::string_view source) {
    StateLoad r;
    r.loaded = true;
    auto refuse_all = [&](std::string why) {
        r.refusals.push_back(
            fmt::format("state {}: {}: nothing loaded; trackers start empty and are rebuilt from "
                        "history (hist: true lines)",
                        source, why));
        return r;
    };
    if (bytes.size() < sizeof kMagic + 12 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return refuse_all("not a sos-match state file");
    std::uint64_t sum;
    std::memcpy(&sum, bytes.data() + bytes.size() - sizeof sum, sizeof sum);
    const std::string_view body = bytes.substr(0, bytes.size() - sizeof sum);
    if (fnv1a(body) != sum) return refuse_all("damaged (checksum mismatch)");
    In in(body.substr(sizeof kMagic));
    if (in.get<std::uint32_t>() != kVersion) return refuse_all("written by another version of sos-match");

    // Read everything first: a file that does not parse to its end changes nothing.
    Context market = get_context(in);
    std::vector<std::pair<std::string, Context>> underlyings(in.count(1u << 24));
    for (auto& [name, ctx] : underlyings) {
        name = in.str();
        ctx = get_context(in);
    }
    std::map<std::string, std::uint64_t> fingerprints;
    const std::size_t ns = in.count(1u << 20);
    for (std::size_t i = 0; i < ns && in.ok; ++i) {
        std::string id = in.str();
        fingerprints[id] = in.get<std::uint64_t>();
    }
    std::vector<std::pair<std::string, std::vector<SavedTracker>>> symbols(in.count(1u << 24));
    for (auto& [symbol, trackers] : symbols) {
        if (!in.ok) break;
        symbol = in.str();
        trackers.resize(in.count(1u << 20));
        for (auto& t : trackers) {
            if (!in.ok) break;
            t.pattern_id = in.str();
            t.phase = in.get<std::int32_t>();
            t.since = in.get<std::int32_t>();
            t.cooldown = in.get<std::int32_t>();
            t.has_last = in.get<std::uint8_t>() != 0;
            t.last_ts = in.get<std::int64_t>();
            t.last_day = in.get<std::int64_t>();
            t.has_prev = in.get<std::uint8_t>() != 0;
            for (double& v : t.prev)
                v = in.get<double>();
            t.vars.resize(in.count(expr::kMaxLocals));
            for (double& v : t.vars)
                v = in.get<double>();
            const std::size_t ni = in.count(expr::kMaxLocals);
            t.sites.resize(ni);
            t.ind_state.resize(ni);
            for (std::size_t k = 0; k < ni && in.ok; ++k) {
                t.sites[k].first = in.get<std::uint8_t>();
                t.sites[k].second = in.get<std::int32_t>();
                t.ind_state[k].resize(in.count(2 * expr::kMaxPeriod + 16));
                for (double& v : t.ind_state[k])
                    v = in.get<double>();
            }
        }
    }
    if (!in.ok) return refuse_all("damaged (it ends too soon or holds impossible counts)");

    engine.market().market() = market;
    for (const auto& [name, ctx] : underlyings)
        engine.market().at(engine.market().index(name)) = ctx;
    std::map<std::string, const Strategy*> current;
    for (const auto& s : engine.strategies())
        current[s->pattern_id] = s.get();
    for (const auto& [id, fp] : fingerprints) {
        auto it = current.find(id);
        if (it == current.end()) continue;
        if (it->second->fingerprint != fp)
            r.refusals.push_back(
                fmt::format("state {}: strategy {} ({}) changed since the state was saved: its "
                            "trackers start empty and are rebuilt from history (hist: true lines)",
                            source, id, it->second->file));
    }
    for (auto& [symbol, trackers] : symbols) {
        SymbolState& sym = engine.symbol_state(symbol);
        // Restored trackers come with indicators of their own; the group shares them again after.
        for (auto& g : sym.groups)
            own_indicators(g.bank, g.trackers);
        for (auto& saved : trackers) {
            auto fp = fingerprints.find(saved.pattern_id);
            auto cur = current.find(saved.pattern_id);
            if (fp == fingerprints.end() || cur == current.end() || cur->second->fingerprint != fp->second)
                continue;
            Tracker* t = nullptr;
            for (auto& g : sym.groups)
                for (auto& x : g.trackers)
                    if (x.s->pattern_id == saved.pattern_id) t = &x;
            if (!t) continue;
            const Strategy& s = *t->s;
            bool fits = saved.phase >= 0 && saved.phase < static_cast<int>(s.phases.size()) &&
                        saved.since >= 0 && saved.cooldown >= 0 &&
                        saved.vars.size() == static_cast<std::size_t>(s.program.var_count) &&
                        saved.sites.size() == t->inds.size();
            for (std::size_t k = 0; fits && k < saved.sites.size(); ++k)
                fits = saved.sites[k].first == static_cast<std::uint8_t>(t->inds[k].kind()) &&
                       saved.sites[k].second == t->inds[k].period();
            Tracker restored(t->s);
            for (std::size_t k = 0; fits && k < saved.sites.size(); ++k) {
                const double* p = saved.ind_state[k].data();
                fits = restored.inds[k].load(p, p + saved.ind_state[k].size()) &&
                       p == saved.ind_state[k].data() + saved.ind_state[k].size();
            }
            if (!fits) {
                r.refusals.push_back(
                    fmt::format("state {}: the tracker of {} on {} does not fit its strategy: it starts "
                                "empty",
                                source, saved.pattern_id, symbol));
                continue;
            }
            restored.explain = t->explain;
            restored.phase = saved.phase;
            restored.since = saved.since;
            restored.cooldown = saved.cooldown;
            restored.has_last = saved.has_last;
            restored.last_ts = time::Timestamp{saved.last_ts};
            restored.last_day = saved.last_day;
            restored.has_prev = saved.has_prev;
            restored.prev = saved.prev;
            std::copy(saved.vars.begin(), saved.vars.end(), restored.locals.begin());
            *t = std::move(restored);
            ++r.trackers;
        }
        for (auto& g : sym.groups)
            share_indicators(g.bank, g.trackers);
    }
    return r;
}

std::string write_state_file(const std::string& path, Engine& engine) {
    if (auto f = files::write_file_atomically(path, serialize_state(engine)))
        return fmt::format("state {}: {}", path, f->message);
    return {};
}

std::string state_path_problem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return fmt::format("state {}: a folder, not a file", path);
        if (!S_ISREG(st.st_mode)) return fmt::format("state {}: not a regular file", path);
    } else if (errno != ENOENT) {
        return fmt::format("state {}: {}", path, std::strerror(errno));
    }
    // The file is replaced by renaming a sibling over it: its folder must take new files.
    const auto slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (::stat(folder.c_str(), &st) != 0)
        return fmt::format("state {}: its folder {}: {}", path, folder, std::strerror(errno));
    if (!S_ISDIR(st.st_mode)) return fmt::format("state {}: {} is not a folder", path, folder);
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        return fmt::format("state {}: cannot write in its folder {}: {}", path, folder, std::strerror(errno));
    return {};
}

StateLoad load_state_file(const std::string& path, Engine& engine) {
    auto whole = files::read_whole(path, files::kStateLimit);
    if (!whole.ok()) {
        StateLoad r;
        if (whole.error_number != ENOENT)
            r.refusals.push_back(fmt::format("state {}: {}", path, whole.error));
        return r;
    }
    return restore_state(engine, whole.text, path);
}

}  // namespace sos::strategy
