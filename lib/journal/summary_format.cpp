#include "journal/summary_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "journal/schema.hpp"
#include "time/civil.hpp"

namespace sos::journal {

namespace {

std::string local_time(const std::optional<double>& t) {
    if (!t) return "-";
    const auto ts = time::Timestamp::from_seconds(static_cast<std::int64_t>(std::floor(*t)));
    const int sod = time::kIndia.local_seconds_of_day(ts);
    return fmt::format("{} {:02}:{:02}:{:02}", time::format_date(time::kIndia.local_date(ts)), sod / 3600,
                       sod / 60 % 60, sod % 60);
}

// Columns padded to their widest cell; numbers (right_aligned) line up on their last digit.
class TextTable {
public:
    TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
        : right_(std::move(right_aligned)) {
        rows_.push_back(std::move(header));
    }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

    std::string render() const {
        std::vector<std::size_t> width(rows_[0].size(), 0);
        for (const auto& r : rows_)
            for (std::size_t i = 0; i < r.size(); ++i)
                width[i] = std::max(width[i], r[i].size());
        std::string out;
        for (const auto& r : rows_) {
            std::string line;
            for (std::size_t i = 0; i < r.size(); ++i) {
                if (i) line += "  ";
                const std::string pad(width[i] - r[i].size(), ' ');
                line += right_[i] ? pad + r[i] : r[i] + (i + 1 < r.size() ? pad : "");
            }
            while (!line.empty() && line.back() == ' ')
                line.pop_back();
            out += line + '\n';
        }
        return out;
    }

private:
    std::vector<std::vector<std::string>> rows_;
    std::vector<bool> right_;
};

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
