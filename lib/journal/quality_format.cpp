#include "journal/quality_format.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "journal/text_table.hpp"

namespace sos::journal {

namespace {

using Json = nlohmann::ordered_json;

std::string rate(const std::optional<double>& share) {
    return share ? fmt::format("{:.1f}%", 100.0 * *share) : "-";
}

std::string range_text(const TimeRange& r) {
    if (!r.bounded()) return "the whole run";
    return fmt::format("{} .. {} (IST)", r.from ? local_time(r.from) : std::string("start"),
                       r.to ? local_time(r.to) : std::string("end"));
}

std::vector<std::string> cells(const QualityRow& r) {
    return {r.strategy,
            r.regime,
            std::to_string(r.signals),
            std::to_string(r.routed),
            std::to_string(r.accepted),
            std::to_string(r.filled),
            std::to_string(r.rejected),
            std::to_string(r.pending),
            std::to_string(r.vetoed),
            rate(r.accept_rate())};
}

Json row_json(const QualityRow& r) {
    Json j;
    j["strategy"] = r.strategy;
    j["regime"] = r.regime;
    j["signals"] = r.signals;
    j["routed"] = r.routed;
    j["accepted"] = r.accepted;
    j["filled"] = r.filled;
    j["rejected"] = r.rejected;
    j["pending"] = r.pending;
    j["vetoed"] = r.vetoed;
    const auto share = r.accept_rate();
    j["accept_rate"] = share ? Json(*share) : Json(nullptr);
    return j;
}

Json bound(const std::optional<double>& t) {
    return t ? Json(*t) : Json(nullptr);
}

}  // namespace

std::string format_quality_text(const Quality& q) {
    std::string out =
        fmt::format("signal quality of {}, run {}: {}\n\n", q.path, q.run.name, range_text(q.range));
    if (q.rows.empty()) return out + "no signals and no vetoes\n";
    TextTable t({"STRATEGY", "REGIME", "SIGNALS", "ROUTED", "ACCEPTED", "FILLED", "REJECTED", "PENDING",
                 "VETOED", "ACCEPT%"},
                {false, false, true, true, true, true, true, true, true, true});
    for (const auto& r : q.rows)
        t.add(cells(r));
    t.add(cells(q.total));
    out += t.render() + '\n';
    if (q.reasons.empty()) return out + "no rejections and no vetoes\n";
    TextTable reasons({"STRATEGY", "REGIME", "STAGE", "REASON", "COUNT"}, {false, false, false, false, true});
    for (const auto& r : q.reasons)
        reasons.add({r.strategy, r.regime, r.stage.empty() ? "-" : r.stage, r.reason.empty() ? "-" : r.reason,
                     std::to_string(r.count)});
    return out + reasons.render();
}

std::string format_quality_json(const Quality& q) {
    Json j;
    j["journal"] = q.path;
    j["run"] = q.run.name;
    j["from"] = bound(q.range.from);
    j["to"] = bound(q.range.to);
    auto rows = Json::array();
    for (const auto& r : q.rows)
        rows.push_back(row_json(r));
    j["rows"] = std::move(rows);
    j["total"] = row_json(q.total);
    auto reasons = Json::array();
    for (const auto& r : q.reasons)
        reasons.push_back(Json{{"strategy", r.strategy},
                               {"regime", r.regime},
                               {"stage", r.stage},
                               {"reason", r.reason},
                               {"count", r.count}});
    j["reasons"] = std::move(reasons);
    return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sos::journal
