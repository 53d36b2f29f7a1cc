// Each tool's last HEALTH line, read from the health table and the line kept in raw (the tool's
// own fields are only in the line), and the feed's instances from sos-feed's.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "journal/status_facts.hpp"

namespace sos::journal {

namespace {

using Json = nlohmann::ordered_json;  // the tool's fields in the order it wrote them

// Fields every HEALTH has (the envelope, the contract's, the identity): not the tool's state.
constexpr std::array<std::string_view, 18> kCommonFields = {
    "type", "ver",      "timestamp", "symbol", "exchange", "src",   "hist", "seq",     "tool",
    "pid",  "uptime_s", "in",        "out",    "bad",      "lag_s", "host", "started", "version"};

bool common_field(std::string_view name) {
    return std::find(kCommonFields.begin(), kCommonFields.end(), name) != kCommonFields.end();
}

// The youngest age in an instance's entry: sos-feed live's per instrument, the ws source's one.
std::optional<double> youngest_age(const Json& source) {
    std::optional<double> best;
    auto take = [&](const Json& v) {
        if (v.is_number() && (!best || v.get<double>() < *best)) best = v.get<double>();
    };
    if (auto it = source.find("last_tick_age_s"); it != source.end() && it->is_object())
        for (const auto& [symbol, age] : it->items())
            take(age);
    if (auto it = source.find("last_message_age_s"); it != source.end()) take(*it);
    return best;
}

std::string text_field(const Json& j, const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void add_instances(const Json& sources, double at, std::vector<FeedInstance>& out) {
    if (!sources.is_array()) return;
    for (const auto& s : sources) {
        if (!s.is_object()) continue;
        out.push_back({text_field(s, "name"), text_field(s, "state"), text_field(s, "connection"),
                       youngest_age(s), at});
    }
}

// The identity and the tool's own fields from the line as written; a line that does not read
// as an object (it always does, from sos tools) leaves them empty.
void read_line(std::string_view line, ToolHealth& t, std::vector<FeedInstance>& instances) {
    const Json j = Json::parse(line, nullptr, false);
    if (!j.is_object()) return;
    t.host = text_field(j, "host");
    t.version = text_field(j, "version");
    for (const auto& [name, value] : j.items()) {
        if (common_field(name)) continue;
        if (name == "sources") {
            add_instances(value, t.at, instances);
            continue;
        }
        t.state.emplace_back(name, value.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
}

}  // namespace

void load_tools(Database& db, std::int64_t run_id, StatusFacts& f) {
    // The latest line of each tool, by its place in the stream.
    Statement s = db.prepare(
        "SELECT h.raw_id, h.tool, coalesce(h.pid, 0), h.ts, coalesce(h.uptime_s, 0), coalesce(h.lines_in, "
        "0), "
        "coalesce(h.lines_out, 0), coalesce(h.bad, 0), h.lag_s, r.line "
        "FROM health h LEFT JOIN raw r ON r.id = h.raw_id WHERE h.id IN ("
        "SELECT max(id) FROM health WHERE run_id = ?1 AND hist = 0 AND tool IS NOT NULL AND ts IS NOT NULL "
        "GROUP BY tool) ORDER BY h.tool");
    s.bind_int(1, run_id);
    while (s.step()) {
        ToolHealth t;
        t.line = s.column_int(0);
        t.tool = s.column_text(1);
        t.pid = s.column_int(2);
        t.at = s.column_real(3);
        t.uptime_s = s.column_real(4);
        t.in = s.column_int(5);
        t.out = s.column_int(6);
        t.bad = s.column_int(7);
        t.lag_s = s.column_opt_real(8);
        std::vector<FeedInstance> instances;
        if (!s.is_null(9)) read_line(s.column_view(9), t, instances);
        if (t.tool == "sos-feed") f.instances = std::move(instances);
        f.tools.push_back(std::move(t));
    }
}

}  // namespace sos::journal
