#include "journal/summary_format.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "journal/schema.hpp"
#include "journal/text_table.hpp"

namespace sos::journal {

namespace {

nlohmann::ordered_json time_json(const std::optional<double>& t) {
    return t ? nlohmann::ordered_json(*t) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json count_json(const Count& c) {
    nlohmann::ordered_json j;
    j["events"] = c.events;
    j["hist"] = c.hist;
    j["first"] = time_json(c.first);
    j["last"] = time_json(c.last);
    return j;
}

}  // namespace

std::string format_text(const Summary& s) {
    std::string out = fmt::format("journal {}{}: {} run{}, {} line{}, {} .. {} (IST)\n\n", s.path,
                                  s.run_name.empty() ? "" : ", run " + s.run_name, s.runs.size(),
                                  s.runs.size() == 1 ? "" : "s", s.lines, s.lines == 1 ? "" : "s",
                                  local_time(s.first), local_time(s.last));
    TextTable runs({"RUN", "STARTED", "ENDED", "LINES", "FIRST", "LAST"},
                   {false, false, false, true, false, false});
    for (const auto& r : s.runs)
        runs.add({r.run.name, local_time(r.run.started_at), local_time(r.run.ended_at),
                  std::to_string(r.lines), local_time(r.first), local_time(r.last)});
    out += runs.render();
    if (s.types.empty()) return out + "\nno events\n";
    TextTable types({"TYPE", "SYMBOL", "EVENTS", "HIST", "FIRST", "LAST"},
                    {false, false, true, true, false, false});
    for (const auto& t : s.types) {
        const std::string type = t.type.empty() ? "(unknown)" : t.type;
        auto row = [&](const std::string& first, const std::string& symbol, const Count& c) {
            types.add({first, symbol.empty() ? "-" : symbol, std::to_string(c.events), std::to_string(c.hist),
                       local_time(c.first), local_time(c.last)});
        };
        // A type seen for one symbol only needs no total of its own.
        if (t.symbols.size() == 1) {
            row(type, t.symbols[0].symbol, t.count);
            continue;
        }
        row(type, "(all)", t.count);
        for (const auto& sc : t.symbols)
            row("", sc.symbol, sc.count);
    }
    out += '\n';
    out += types.render();
    if (s.option_quotes)
        out += fmt::format("\noption quotes (one per strike and side): {}\n", s.option_quotes);
    return out;
}

std::string format_json(const Summary& s) {
    nlohmann::ordered_json j;
    j["journal"] = s.path;
    j["schema_version"] = kSchemaVersion;
    j["run"] = s.run_name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.run_name);
    j["lines"] = s.lines;
    j["first"] = time_json(s.first);
    j["last"] = time_json(s.last);
    auto runs = nlohmann::ordered_json::array();
    for (const auto& r : s.runs) {
        nlohmann::ordered_json o;
        o["name"] = r.run.name;
        o["started_at"] = r.run.started_at;
        o["ended_at"] = time_json(r.run.ended_at);
        o["tool_version"] = r.run.tool_version;
        o["command_line"] = r.run.command_line;
        o["lines"] = r.lines;
        o["first"] = time_json(r.first);
        o["last"] = time_json(r.last);
        runs.push_back(std::move(o));
    }
    j["runs"] = std::move(runs);
    auto types = nlohmann::ordered_json::array();
    for (const auto& t : s.types) {
        nlohmann::ordered_json o;
        o["type"] = t.type.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.type);
        o["table"] = t.table;
        o.update(count_json(t.count));
        auto symbols = nlohmann::ordered_json::array();
        for (const auto& sc : t.symbols) {
            nlohmann::ordered_json so;
            so["symbol"] =
                sc.symbol.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(sc.symbol);
            so.update(count_json(sc.count));
            symbols.push_back(std::move(so));
        }
        o["symbols"] = std::move(symbols);
        types.push_back(std::move(o));
    }
    j["types"] = std::move(types);
    j["option_quotes"] = s.option_quotes;
    // Replace rather than throw on text that is not UTF-8 (a command line can hold anything).
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace sos::journal
