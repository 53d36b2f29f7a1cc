#include "journal/status_format.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "journal/text_table.hpp"
#include "money/paise.hpp"

namespace sos::journal {

namespace {

std::string rupees(std::int64_t paise) {
    return money::Paise{paise}.to_string();
}

// A HEALTH field's value for a person: strings without their quotes, anything else as written.
std::string state_value(const std::string& json) {
    if (json.size() >= 2 && json.front() == '"' && json.back() == '"') return json.substr(1, json.size() - 2);
    return json;
}

std::string state_text(const ToolHealth& t) {
    std::string out;
    for (const auto& [name, value] : t.state)
        out += (out.empty() ? "" : " ") + name + "=" + state_value(value);
    return out.empty() ? "-" : out;
}

std::string header(const Status& s) {
    const Run& r = s.facts.run;
    const std::string recording =
        r.ended_at ? "ended " + local_time(r.ended_at) : "recording since " + local_time(r.started_at);
    std::string verdict(vocab::name(s.verdict.activity));
    if (s.verdict.reason) verdict += fmt::format(": {}", vocab::name(*s.verdict.reason));
    return fmt::format("status of {}, run {} ({}), at {} IST\n{}: {}\n", s.facts.path, r.name, recording,
                       local_time(s.now), verdict, s.verdict.evidence);
}

std::string tools_text(const Status& s) {
    if (s.facts.tools.empty()) return "no HEALTH line in the run (a replay writes none unless asked)\n";
    TextTable t({"TOOL", "PID", "HOST", "AGE", "UPTIME", "IN", "OUT", "BAD", "LAG", "STATE"},
                {false, true, false, true, true, true, true, true, true, false});
    for (const auto& h : s.facts.tools) {
        const std::string age =
            duration_text(s.now - h.at) + (is_silent(h, s.now, s.limits) ? " SILENT" : "");
        t.add({h.tool, std::to_string(h.pid), h.host.empty() ? "-" : h.host, age, duration_text(h.uptime_s),
               std::to_string(h.in), std::to_string(h.out), std::to_string(h.bad),
               h.lag_s ? duration_text(*h.lag_s) : "-", state_text(h)});
    }
    return t.render();
}

std::string feed_text(const Status& s) {
    const StatusFacts& f = s.facts;
    std::string out;
    if (f.sources.empty()) {
        out = "no live market data";
    } else {
        TextTable t({"SOURCE", "NEWEST", "ENDS", "AGE", "FRESH", "LINES", "SYMBOLS"},
                    {false, false, false, true, false, true, true});
        for (const auto& src : f.sources) {
            const std::string newest = src.last_type +
                                       (src.last_symbol.empty() ? "" : " " + src.last_symbol) +
                                       (src.last_tf.empty() ? "" : " " + src.last_tf);
            t.add({src.src, newest, local_time(src.last_end), duration_text(s.now - src.last_end),
                   is_stale(src, s.now, s.calendar, s.limits) ? "stale" : "yes", std::to_string(src.lines),
                   std::to_string(src.symbols)});
        }
        out = t.render();
    }
    if (f.history_lines > 0)
        out += fmt::format("{}history: {} line{}, up to {}\n", out.back() == '\n' ? "" : "\n",
                           f.history_lines, f.history_lines == 1 ? "" : "s", local_time(f.history_end));
    else if (out.back() != '\n')
        out += '\n';
    if (f.instances.empty()) return out;
    TextTable t({"INSTANCE", "STATE", "CONNECTION", "TICK AGE"}, {false, false, false, true});
    for (const auto& i : f.instances)
        t.add({i.name, i.state.empty() ? "-" : i.state, i.connection.empty() ? "-" : i.connection,
               i.tick_age_s ? duration_text(*i.tick_age_s + (s.now - i.at)) : "-"});
    return out + '\n' + t.render();
}

std::string regimes_text(const StatusFacts& f) {
    if (f.regimes.empty()) return "no REGIME line in the run\n";
    TextTable t({"UNDERLYING", "REGIME", "AT", "FLAGS"}, {false, false, false, false});
    for (const auto& r : f.regimes) {
        std::string flags;
        for (const auto& flag : r.flags)
            flags += (flags.empty() ? "" : ",") + flag;
        t.add({r.symbol, r.regime.empty() ? "-" : r.regime, local_time(r.at), flags.empty() ? "-" : flags});
    }
    return t.render();
}

std::string switch_text(const Switch& sw, const char* on, const char* off) {
    if (sw.evidence.empty()) return std::string(off) + " (nothing in the run says otherwise)";
    return fmt::format("{} ({})", sw.on ? on : off, sw.evidence);
}

std::string breaker_text(const StatusFacts& f) {
    std::string out;
    if (!f.breaker.known)
        out = "unknown (no HEALTH from sos-risk)";
    else if (f.breaker.open)
        out = fmt::format("OPEN: {} ({})", *f.breaker.open, f.breaker.evidence);
    else
        out = fmt::format("closed ({})", f.breaker.evidence);
    if (f.last_circuit_alert) out += "; last CIRCUIT_OPEN alert: " + *f.last_circuit_alert;
    return out;
}

std::string controls_text(const StatusFacts& f) {
    std::string out = fmt::format("kill switch  {}\n", switch_text(f.kill, "ON", "off"));
    if (!f.scoped_kills.empty()) {
        std::string scopes;
        for (const auto& s : f.scoped_kills)
            scopes += (scopes.empty() ? "" : ", ") + s;
        out += fmt::format("killed scope {}\n", scopes);
    }
    out += fmt::format("pause        {}\n", switch_text(f.pause, "PAUSED", "off"));
    return out + fmt::format("breaker      {}\n", breaker_text(f));
}

std::string positions_text(const Status& s) {
    const StatusFacts& f = s.facts;
    std::string out;
    if (f.positions.empty()) {
        out = "no open positions\n";
    } else {
        TextTable t({"POSITION", "QTY", "AVG PRICE", "MARKED P&L", "MARKED AT", "MODE"},
                    {false, true, true, true, false, false});
        for (const auto& p : f.positions)
            t.add({p.symbol, std::to_string(p.qty), rupees(p.avg_price_paise), rupees(p.unrealized_paise),
                   local_time(p.at), p.mode.empty() ? "-" : p.mode});
        out = t.render();
    }
    if (!f.day.date) return out + "no trading day yet\n";
    const std::string day = time::format_date(*f.day.date);
    switch (f.day.source) {
        case PnlSource::Positions:
            return out + fmt::format("day {}: P&L {} INR = realised {} + open {} (POSITION lines)\n", day,
                                     rupees(f.day.total_paise()), rupees(f.day.realized_paise),
                                     rupees(f.day.unrealized_paise));
        case PnlSource::Exits:
            return out + fmt::format("day {}: P&L {} INR realised (EXIT lines; nothing marked)\n", day,
                                     rupees(f.day.total_paise()));
        case PnlSource::None:
            break;
    }
    return out + fmt::format("day {}: no P&L (no POSITION or EXIT line that day)\n", day);
}

std::string outcome_text(const SignalOutcome& o) {
    std::string out(vocab::name(o.fate));
    if (o.fate == SignalFate::Rejected) out += fmt::format(" {} {}", o.stage, o.reason);
    return out;
}

std::string signals_text(const StatusFacts& f) {
    if (f.signals.empty()) return "no signals\n";
    TextTable t({"SIGNAL AT", "SYMBOL", "STRATEGY", "SIDE", "TF", "REGIME", "OUTCOME"},
                {false, false, false, false, false, false, false});
    for (const auto& s : f.signals)
        t.add({local_time(s.ts), s.symbol.empty() ? "-" : s.symbol, s.strategy, s.side.empty() ? "-" : s.side,
               s.tf.empty() ? "-" : s.tf, s.regime, outcome_text(s)});
    return t.render();
}

}  // namespace

std::string format_status_text(const Status& s) {
    std::string out = header(s);
    out += '\n' + tools_text(s);
    out += '\n' + feed_text(s);
    out += '\n' + regimes_text(s.facts);
    out += '\n' + controls_text(s.facts);
    out += '\n' + positions_text(s);
    out += '\n' + signals_text(s.facts);
    return out;
}

}  // namespace sos::journal
