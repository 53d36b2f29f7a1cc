// The kill switch, the pause and sos-risk's breaker. sos-risk's HEALTH says what it holds; a
// CONTROL line or an ALERT written after that HEALTH is newer evidence, and in a run without
// sos-risk's HEALTH (a replay) the CONTROL lines and alerts are all there is. The rules are
// sos-risk's own (lib/risk/risk_book.cpp): a kill of everything latches until `reset`, `pause`
// holds until `resume`, `resume` and `reset` close a breaker, and a kill with a scope stops only
// that underlying or strategy.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "journal/status_facts.hpp"
#include "journal/text_table.hpp"

namespace sos::journal {

namespace {

constexpr std::string_view kRisk = "sos-risk";

struct Evidence {
    std::int64_t line = 0;  // raw_id: stream order
    double ts = 0;
    bool control = false;  // else an alert
    std::string word;      // the CONTROL's command or the ALERT's code
    std::string target;    // the CONTROL's target or the ALERT's tool
    std::string text;      // the CONTROL's scope or the ALERT's message
    std::string by;        // who asked for the CONTROL (an operator's, lib/control); empty otherwise
};

std::vector<Evidence> load_evidence(Database& db, std::int64_t run_id) {
    Statement s = db.prepare(
        "SELECT raw_id, coalesce(ts, 0), 1, command, coalesce(target, ''), coalesce(scope, ''), "
        "coalesce(asked_by, '') FROM controls WHERE run_id = ?1 AND hist = 0 UNION ALL "
        "SELECT raw_id, coalesce(ts, 0), 0, code, coalesce(tool, ''), coalesce(message, ''), '' FROM alerts "
        "WHERE run_id = ?1 AND hist = 0 AND code IN ('DAILY_LOSS_HIT', 'CIRCUIT_OPEN') ORDER BY 1");
    s.bind_int(1, run_id);
    std::vector<Evidence> out;
    while (s.step())
        out.push_back({s.column_int(0), s.column_real(1), s.column_int(2) != 0, s.column_text(3),
                       s.column_text(4), s.column_text(5), s.column_text(6)});
    return out;
}

const std::string* state_of(const ToolHealth& t, std::string_view name) {
    for (const auto& [n, v] : t.state)
        if (n == name) return &v;
    return nullptr;
}

// The starting point: what sos-risk's last HEALTH said.
void from_health(const ToolHealth& risk, StatusFacts& f) {
    const std::string said = fmt::format("sos-risk's HEALTH at {}", local_time(risk.at));
    auto flag = [&](std::string_view name, Switch& sw) {
        const std::string* v = state_of(risk, name);
        if (!v) return;
        sw.on = *v == "true";
        sw.at = risk.at;
        sw.evidence = said;
    };
    flag("killed", f.kill);
    flag("paused", f.pause);
    if (const std::string* v = state_of(risk, "breaker")) {
        f.breaker.known = true;
        f.breaker.at = risk.at;
        f.breaker.evidence = said;
        const auto j = nlohmann::json::parse(*v, nullptr, false);
        if (j.is_string()) f.breaker.open = j.get<std::string>();
    }
}

void set(Switch& sw, bool on, const Evidence& e, std::string evidence) {
    sw.on = on;
    sw.at = e.ts;
    sw.evidence = std::move(evidence);
}

void close_breaker(BreakerState& b, const Evidence& e) {
    if (!b.known) return;
    b.open.reset();
    b.at = e.ts;
    b.evidence = fmt::format("CONTROL {} at {}", e.word, local_time(e.ts));
}

void apply_control(const Evidence& e, StatusFacts& f) {
    if (!e.target.empty() && e.target != kRisk) return;  // another tool's business
    const std::string said = fmt::format("CONTROL {}{} at {}{}", e.word, e.text.empty() ? "" : " " + e.text,
                                         local_time(e.ts), e.by.empty() ? "" : " by " + e.by);
    // A pause or resume scoped to an underlying or a strategy leaves the pause of everything.
    const bool scoped = !e.text.empty() && e.text != "all";
    if (e.word == "kill" && (e.text.empty() || e.text == "all")) {
        set(f.kill, true, e, said);
    } else if (e.word == "reset") {
        set(f.kill, false, e, said);
        close_breaker(f.breaker, e);
    } else if (e.word == "pause" && !scoped) {
        set(f.pause, true, e, said);
    } else if (e.word == "resume" && !scoped) {
        set(f.pause, false, e, said);
        close_breaker(f.breaker, e);
    }
}

void apply_alert(const Evidence& e, StatusFacts& f) {
    if (e.word == "DAILY_LOSS_HIT") {
        set(f.kill, true, e, fmt::format("ALERT DAILY_LOSS_HIT at {}: {}", local_time(e.ts), e.text));
    } else if (f.breaker.known) {  // CIRCUIT_OPEN after sos-risk's last HEALTH
        f.breaker.open = e.text;
        f.breaker.at = e.ts;
        f.breaker.evidence = fmt::format("ALERT CIRCUIT_OPEN at {}", local_time(e.ts));
    }
}

// Scoped kills are not in sos-risk's HEALTH: every CONTROL line of the run counts.
void track_scopes(const Evidence& e, std::vector<std::string>& scopes) {
    if (!e.control || (!e.target.empty() && e.target != kRisk)) return;
    if (e.word == "reset") scopes.clear();
    if (e.word == "kill" && !e.text.empty() && e.text != "all" &&
        std::find(scopes.begin(), scopes.end(), e.text) == scopes.end())
        scopes.push_back(e.text);
}

}  // namespace

void load_switches(Database& db, std::int64_t run_id, StatusFacts& f) {
    const auto risk =
        std::find_if(f.tools.begin(), f.tools.end(), [](const ToolHealth& t) { return t.tool == kRisk; });
    const std::int64_t after = risk != f.tools.end() ? risk->line : 0;
    if (risk != f.tools.end()) from_health(*risk, f);
    for (const Evidence& e : load_evidence(db, run_id)) {
        track_scopes(e, f.scoped_kills);
        if (!e.control && e.word == "CIRCUIT_OPEN") f.last_circuit_alert = e.text;
        if (e.line <= after) continue;
        if (e.control)
            apply_control(e, f);
        else if (e.target.empty() || e.target == kRisk)
            apply_alert(e, f);
    }
}

}  // namespace sos::journal
