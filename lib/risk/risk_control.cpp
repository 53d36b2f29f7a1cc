// sos-risk's answers to an operator (sos-ctl through the control socket): the CONTROL lines it
// obeys, said back in words, and manual signals (TOMIC's tomicSignal), decided alone at once
// by the same rules as a strategy's, sized by the same chain with the asked quantity as a cap.
#include <fmt/format.h>

#include "risk/risk_filter.hpp"

namespace sos::risk {

namespace {

std::string scope_words(const std::string& scope) {
    return scope.empty() ? std::string("everything") : scope;
}

std::string json_text(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
    }
    return out + "\"";
}

}  // namespace

pipeline::Admission RiskFilter::admit(const pipeline::InputLine& line, const event::EventList& events,
                                      ndjson::Output& out) {
    if (events.size() == 1 && events[0].env.kind == event::Kind::Signal)
        return admit_signal(line, events[0], out);
    on_line(line, events, out);  // a CONTROL acts here as it would from the stream
    if (events.size() == 1 && events[0].env.kind == event::Kind::Control)
        return admit_control(*events[0].as<event::Control>());
    return {true, {}, "passed on", {}};
}

pipeline::Admission RiskFilter::admit_control(const event::Control& c) const {
    if (!event::addressed_to(c, "sos-risk")) return {true, {}, "passed on to " + c.target, {}};
    const std::string what = scope_words(c.scope);
    if (c.command == "pause")
        return {
            true, {}, "new entries for " + what + " are refused (PAUSED) until resume; exits still work", {}};
    if (c.command == "resume") {
        if (book_.paused())
            return {true, {}, "entries for " + what + " resume, but everything is still paused", {}};
        return {true, {}, "entries for " + what + " are taken again", {}};
    }
    if (c.command == "kill")
        return {
            true, {}, "kill switch on for " + what + ": no new entries until reset; sos-exec flattens", {}};
    if (c.command == "reset") {
        const bool paused = book_.paused() || !book_.paused_scopes().empty();
        return {true,
                {},
                paused ? "kill switch and breakers cleared; the pause stays until resume"
                       : "kill switch and breakers cleared",
                {}};
    }
    return {true, {}, "passed on", {}};
}

pipeline::Admission RiskFilter::admit_signal(const pipeline::InputLine& line, event::Event e,
                                             ndjson::Output& out) {
    if (!pending_.empty()) decide_pending(out);  // the stream's signals were first
    out.pass(line.type, line.text);              // the operator's signal goes on to the journal
    auto& g = *e.as<event::Signal>();
    // Traded at the last price seen unless an entry was given; the stop gives the risk per unit.
    if (!g.f.entry) g.f.entry = book_.last_price(e.env.symbol);
    if (g.f.entry && g.f.sl && !g.f.risk)
        g.f.risk = *g.f.entry > *g.f.sl ? *g.f.entry - *g.f.sl : *g.f.sl - *g.f.entry;
    std::string orders;
    std::int64_t qty = 0;
    pipeline::Admission said{false, "SIZE_ZERO", "", {}};
    const bool buy = g.f.side == vocab::Side::Buy;
    if (!g.f.entry) {
        said.detail = "no price of " + e.env.symbol + " seen yet to enter at (give an entry)";
    } else if (!g.f.sl) {
        said.detail = "a manual signal needs a stop to size from";
    } else if (buy ? *g.f.sl >= *g.f.entry : *g.f.sl <= *g.f.entry) {
        // The decoder checks levels the operator gave; an entry taken from the last price is
        // checked here.
        said.reason = "BAD_LINE";
        said.detail = fmt::format("the stop {} is {} the entry {}: a {}'s stop lies {} it", *g.f.sl,
                                  buy ? "at or above" : "at or below", *g.f.entry, buy ? "BUY" : "SELL",
                                  buy ? "below" : "above");
    }
    const std::vector<event::Event> decided =
        said.detail.empty() ? decision_.decide({e}, wall_clock_()) : std::vector<event::Event>{};
    if (!said.detail.empty()) {
        // Said in the stream as any refusal is, so the journal has it beside the signal.
        event::Event r;
        r.env.kind = event::Kind::Reject;
        r.env.timestamp = e.env.timestamp;
        r.env.symbol = e.env.symbol;
        r.env.src = "sos-risk";
        auto& rj = r.body.emplace<event::Reject>();
        rj.stage = "risk";
        rj.ref = g.id;
        rj.reason = said.reason;
        rj.detail = said.detail;
        out.emit(r);
        return said;
    }
    for (const auto& d : decided) {
        out.emit(d);
        if (const auto* o = d.as<event::Order>()) {
            orders += (orders.empty() ? "" : ",") + json_text(o->id);
            qty += o->qty ? o->qty : (o->legs.empty() ? 0 : o->legs.front().qty);
        } else if (const auto* r = d.as<event::Reject>()) {
            said.reason = r->reason;
            said.detail = r->detail;
        }
    }
    if (orders.empty()) return said;
    return {true,
            {},
            fmt::format("approved: {} units", qty),
            fmt::format("\"signal\":{},\"orders\":[{}],\"qty\":{}", json_text(g.id), orders, qty)};
}

}  // namespace sos::risk
