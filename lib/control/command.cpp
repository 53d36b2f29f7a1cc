#include "control/command.hpp"

#include <nlohmann/json.hpp>

#include "event/encoder.hpp"
#include "event/event.hpp"
#include "event/operations.hpp"
#include "event/trading.hpp"

namespace sos::control {

namespace {

using json = nlohmann::json;

std::string text_member(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_string()) throw CommandError(std::string(key) + ": not a string");
    return it->get<std::string>();
}

std::optional<double> number_member(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) throw CommandError(std::string(key) + ": not a number");
    const double v = it->get<double>();
    if (!(v > 0)) throw CommandError(std::string(key) + ": must be above 0");
    return v;
}

ManualSignal read_signal(const json& j) {
    ManualSignal s;
    s.symbol = text_member(j, "symbol");
    if (s.symbol.empty()) throw CommandError("signal: a symbol is required");
    s.exchange = text_member(j, "exchange");
    const auto side = vocab::parse_any_case<vocab::Side>(text_member(j, "side"));
    if (!side) throw CommandError("signal: side must be BUY or SELL");
    s.side = *side;
    if (auto it = j.find("qty"); it != j.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() <= 0)
            throw CommandError("qty: must be a whole number above 0");
        s.qty = it->get<std::int64_t>();
    }
    s.entry = number_member(j, "entry");
    s.stop = number_member(j, "sl");
    s.target = number_member(j, "tp");
    if (auto strategy = text_member(j, "strategy"); !strategy.empty()) s.strategy = strategy;
    return s;
}

void write_signal(json& j, const ManualSignal& s) {
    j["symbol"] = s.symbol;
    if (!s.exchange.empty()) j["exchange"] = s.exchange;
    j["side"] = std::string(vocab::name(s.side));
    if (s.qty) j["qty"] = *s.qty;
    if (s.entry) j["entry"] = *s.entry;
    if (s.stop) j["sl"] = *s.stop;
    if (s.target) j["tp"] = *s.target;
    if (s.strategy != "manual") j["strategy"] = s.strategy;
}

// A manual signal's line: its own id (who and when, so two are never one), the fields a
// strategy's SIGNAL has that sos-risk reads, and the cap. The entry, when not given, and the
// risk per unit are sos-risk's to fill in from the last price it saw.
event::Event signal_event(const ManualSignal& s, const event::Asker& who, time::Timestamp stamp) {
    event::Event e;
    e.env.kind = event::Kind::Signal;
    e.env.timestamp = stamp;
    e.env.symbol = s.symbol;
    e.env.exchange = s.exchange;
    e.env.src = "sos-ctl";
    auto& g = e.body.emplace<event::Signal>();
    const auto at_ms = who.at ? who.at->ns / 1'000'000 : 0;
    g.id = "manual:" + (who.name.empty() ? std::to_string(who.uid.value_or(0)) : who.name) + ":" +
           std::to_string(at_ms);
    g.f.pattern_id = s.strategy;
    g.f.kind = "pattern";
    g.f.side = s.side;
    g.f.entry = s.entry;
    g.f.sl = s.stop;
    g.f.tp = s.target;
    if (s.entry && s.stop) g.f.risk = *s.entry > *s.stop ? *s.entry - *s.stop : *s.stop - *s.entry;
    g.qty = s.qty;
    g.asked = who;
    return e;
}

}  // namespace

std::string request_text(const Command& c) {
    json j;
    j["command"] = std::string(vocab::name(c.verb));
    if (!c.scope.empty()) j["scope"] = c.scope;
    if (!c.target.empty()) j["target"] = c.target;
    if (c.verb == Verb::Signal) write_signal(j, c.signal);
    return j.dump();
}

Command parse_request(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw CommandError("not a JSON object");
    Command c;
    const std::string word = text_member(j, "command");
    const auto verb = vocab::parse<Verb>(word);
    if (!verb) throw CommandError("unknown command '" + word + "'");
    c.verb = *verb;
    c.scope = text_member(j, "scope");
    if (c.scope == "all") c.scope.clear();
    c.target = text_member(j, "target");
    if (c.verb == Verb::Signal) c.signal = read_signal(j);
    return c;
}

namespace {
std::string one_line(std::string text) {
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}
}  // namespace

std::string stream_line(const Command& c, const event::Asker& who, time::Timestamp stamp) {
    if (c.verb == Verb::Signal) return one_line(event::encode(signal_event(c.signal, who, stamp)));
    event::Event e;
    e.env.kind = event::Kind::Control;
    e.env.timestamp = stamp;  // the time an executor's flattening is stamped with
    e.env.src = "sos-ctl";
    auto& k = e.body.emplace<event::Control>();
    k.command = std::string(vocab::name(c.verb));
    k.scope = c.scope;
    k.target = c.target;
    k.asked = who;
    return one_line(event::encode(e));
}

}  // namespace sos::control
