#include "sentiment/state_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "config/json_document.hpp"
#include "files/whole_file.hpp"

#include "files/atomic_write.hpp"

namespace sos::sentiment {

namespace {

void read_series(const nlohmann::json& arr, DailySeries& out, const std::string& where) {
    if (!arr.is_array()) throw StateFileError(where + ": not an array");
    for (const auto& p : arr) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_number())
            throw StateFileError(where + ": each point must be [\"YYYY-MM-DD\", number]");
        auto d = time::parse_date(p[0].get<std::string>());
        if (!d) throw StateFileError(where + ": '" + p[0].get<std::string>() + "' is not a date");
        out.set(*d, p[1].get<double>());
    }
}

nlohmann::json write_series(const DailySeries& s) {
    auto arr = nlohmann::json::array();
    for (const auto& p : s.points())
        arr.push_back({time::format_date(p.date), p.value});
    return arr;
}

}  // namespace

HistoryMap load_state(const std::string& path) {
    HistoryMap out;
    const auto whole = files::read_whole(path, files::kStateLimit);
    if (!whole.ok()) {
        if (whole.error_number == ENOENT) return out;
        throw StateFileError(fmt::format("{}: {}", path, whole.error));
    }
    auto doc = config::parse_document<nlohmann::json>(whole.text);
    if (!doc.ok()) throw StateFileError(fmt::format("{}: {}", path, doc.problems.front()));
    const nlohmann::json& j = doc.value;
    const auto version = j.is_object() ? j.find("version") : j.end();
    if (!j.is_object() || version == j.end() || *version != 1 || !j.contains("underlyings") ||
        !j["underlyings"].is_object())
        throw StateFileError(fmt::format("{}: not a sos sentiment state file (version 1)", path));
    for (const auto& [name, u] : j["underlyings"].items()) {
        if (!u.is_object()) throw StateFileError(fmt::format("{}: {}: not an object", path, name));
        auto& h = out[name];
        if (u.contains("atm_iv"))
            read_series(u["atm_iv"], h.atm_iv, fmt::format("{}: {}.atm_iv", path, name));
        if (u.contains("close")) read_series(u["close"], h.close, fmt::format("{}: {}.close", path, name));
    }
    return out;
}

void save_state(const std::string& path, const HistoryMap& history) {
    nlohmann::json u = nlohmann::json::object();
    for (const auto& [name, h] : history)
        u[name] = {{"atm_iv", write_series(h.atm_iv)}, {"close", write_series(h.close)}};
    nlohmann::json j = {{"version", 1}, {"underlyings", u}};
    if (auto f = files::write_file_atomically(path, j.dump() + '\n')) throw StateFileError(f->message);
}

}  // namespace sos::sentiment
