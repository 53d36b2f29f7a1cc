// The calibration report as a table for a person and as JSON for a script.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "regime/calibration.hpp"

namespace sos::regime {

namespace {

struct Halves {
    std::uint64_t n = 0, bull = 0, side = 0, bear = 0;
};

Halves halves(const std::array<std::uint64_t, vocab::kRegimeCount>& c) {
    Halves h;
    for (std::size_t i = 0; i < c.size(); ++i) {
        h.n += c[i];
        const auto r = static_cast<Regime>(i);
        if (bullish_half(r))
            h.bull += c[i];
        else if (bearish_half(r))
            h.bear += c[i];
        else
            h.side += c[i];
    }
    return h;
}

double pct(std::uint64_t a, std::uint64_t b) {
    return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

std::string day_of(std::optional<time::Timestamp> t) {
    return t ? time::format_date(time::kIndia.local_date(*t)) : "-";
}

void text_block(std::string& out, std::string_view name, const UnderlyingReport& r,
                const std::vector<double>& hz) {
    const double hours = r.seconds / 3600;
    fmt::format_to(std::back_inserter(out),
                   "\n{}: {} updates over {:.1f} h of data ({} .. {}), {} switches, {:.2f} per hour", name,
                   r.updates, hours, day_of(r.first), day_of(r.last), r.switches,
                   hours > 0 ? static_cast<double>(r.switches) / hours : 0.0);
    if (r.stale_marks) fmt::format_to(std::back_inserter(out), ", {} stale", r.stale_marks);
    out += "\n";
    std::string head = fmt::format("  {:<17} {:>8} {:>6} {:>8}", "regime", "hours", "time", "updates");
    for (double h : hz)
        head += fmt::format("  {:>12} {:>5}", fmt::format("fwd {:g}m bp", h), "up");
    out += head + "\n";
    for (Regime g : vocab::all<Regime>()) {
        const auto& s = r.regimes[static_cast<std::size_t>(index(g))];
        std::string row = fmt::format("  {:<17} {:>8.2f} {:>5.1f}% {:>8}", vocab::name(g), s.seconds / 3600,
                                      r.seconds > 0 ? 100 * s.seconds / r.seconds : 0.0, s.updates);
        for (std::size_t h = 0; h < hz.size(); ++h) {
            if (s.ret_n[h])
                row += fmt::format("  {:>+12.2f} {:>4.0f}%",
                                   1e4 * s.ret_sum[h] / static_cast<double>(s.ret_n[h]),
                                   pct(s.ret_up[h], s.ret_n[h]));
            else
                row += fmt::format("  {:>12} {:>5}", "-", "-");
        }
        out += row + "\n";
    }
    if (r.agreement.empty()) return;
    out += fmt::format("  agreement with true_regime (share of that truth's updates)\n");
    out += fmt::format("  {:<17} {:>8} {:>8} {:>8} {:>8}   by regime, bearish to bullish\n", "true regime",
                       "updates", "bullish", "sideways", "bearish");
    for (const auto& [truth, counts] : r.agreement) {
        Halves h = halves(counts);
        std::string detail;
        for (auto c : counts)
            detail += fmt::format(" {:>5.1f}", pct(c, h.n));
        out += fmt::format("  {:<17} {:>8} {:>7.1f}% {:>7.1f}% {:>7.1f}%  {}\n", truth, h.n, pct(h.bull, h.n),
                           pct(h.side, h.n), pct(h.bear, h.n), detail);
    }
}

nlohmann::json json_block(const UnderlyingReport& r, const std::vector<double>& hz) {
    nlohmann::json j;
    j["updates"] = r.updates;
    j["hours"] = r.seconds / 3600;
    j["switches"] = r.switches;
    j["switches_per_hour"] = r.seconds > 0 ? static_cast<double>(r.switches) / (r.seconds / 3600) : 0.0;
    j["stale_marks"] = r.stale_marks;
    j["first_day"] = day_of(r.first);
    j["last_day"] = day_of(r.last);
    nlohmann::json regimes = nlohmann::json::object();
    for (Regime g : vocab::all<Regime>()) {
        const auto& s = r.regimes[static_cast<std::size_t>(index(g))];
        nlohmann::json e;
        e["hours"] = s.seconds / 3600;
        e["share"] = r.seconds > 0 ? s.seconds / r.seconds : 0.0;
        e["updates"] = s.updates;
        nlohmann::json fwd = nlohmann::json::object();
        for (std::size_t h = 0; h < hz.size(); ++h) {
            nlohmann::json f;
            f["n"] = s.ret_n[h];
            f["mean_bp"] = s.ret_n[h] ? 1e4 * s.ret_sum[h] / static_cast<double>(s.ret_n[h]) : 0.0;
            f["up_share"] =
                s.ret_n[h] ? static_cast<double>(s.ret_up[h]) / static_cast<double>(s.ret_n[h]) : 0.0;
            fwd[fmt::format("{:g}m", hz[h])] = f;
        }
        e["forward"] = fwd;
        regimes[std::string(vocab::name(g))] = e;
    }
    j["regimes"] = regimes;
    nlohmann::json agree = nlohmann::json::object();
    for (const auto& [truth, counts] : r.agreement) {
        Halves h = halves(counts);
        nlohmann::json a;
        a["updates"] = h.n;
        a["bullish"] = h.n ? static_cast<double>(h.bull) / static_cast<double>(h.n) : 0.0;
        a["sideways"] = h.n ? static_cast<double>(h.side) / static_cast<double>(h.n) : 0.0;
        a["bearish"] = h.n ? static_cast<double>(h.bear) / static_cast<double>(h.n) : 0.0;
        nlohmann::json by = nlohmann::json::object();
        for (Regime g : vocab::all<Regime>())
            by[std::string(vocab::name(g))] = counts[static_cast<std::size_t>(index(g))];
        a["by_regime"] = by;
        agree[truth] = a;
    }
    j["agreement"] = agree;
    return j;
}

}  // namespace

std::string Calibration::text(std::string_view model) const {
    std::string out = fmt::format("sos-regime calibration, model {}: {} underlying{}\n", model,
                                  reports_.size(), reports_.size() == 1 ? "" : "s");
    for (const auto& [name, r] : reports_)
        text_block(out, name, r, horizons_);
    if (reports_.size() > 1) text_block(out, "all", total(), horizons_);
    return out;
}

std::string Calibration::json(std::string_view model) const {
    nlohmann::json j;
    j["model"] = model;
    nlohmann::json u = nlohmann::json::object();
    for (const auto& [name, r] : reports_)
        u[name] = json_block(r, horizons_);
    j["underlyings"] = u;
    j["all"] = json_block(total(), horizons_);
    return j.dump(2) + "\n";
}

}  // namespace sos::regime
