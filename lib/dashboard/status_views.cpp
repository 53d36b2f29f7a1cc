// The views cut from status's own JSON document: one source for the figures of `sos-journal
// status --json`, the page and /metrics.
#include <nlohmann/json.hpp>

#include "dashboard/json_document.hpp"
#include "dashboard/views.hpp"
#include "journal/quality.hpp"
#include "journal/quality_format.hpp"
#include "journal/status_format.hpp"

namespace sos::dashboard {

namespace {

using Json = nlohmann::ordered_json;
namespace sj = sos::journal;

sj::Status status_of(sj::Database& db, const ViewScope& scope, int signals) {
    sj::StatusOptions o;
    o.run = scope.run;
    o.now = scope.now;
    o.calendar = scope.calendar;
    o.limits = scope.limits;
    o.signals = signals;
    return sj::build_status(db, o);
}

Json status_json(sj::Database& db, const ViewScope& scope, int signals) {
    return Json::parse(sj::format_status_json(status_of(db, scope, signals)));
}

}  // namespace

std::string status_view(sj::Database& db, const ViewScope& scope, int signals) {
    return sj::format_status_json(status_of(db, scope, signals));
}

std::string status_part(sj::Database& db, const ViewScope& scope, const char* member, int signals) {
    Json s = status_json(db, scope, signals);
    return json_document(Json{{"run", s["run"]}, {"now", s["now"]}, {member, s[member]}});
}

std::string pipeline_view(sj::Database& db, const ViewScope& scope) {
    Json s = status_json(db, scope, 0);
    return json_document(Json{{"run", s["run"]},
                              {"now", s["now"]},
                              {"ended_at", s["ended_at"]},
                              {"verdict", s["verdict"]},
                              {"tools", s["tools"]},
                              {"feed", s["feed"]},
                              {"kill", s["kill"]},
                              {"pause", s["pause"]},
                              {"breaker", s["breaker"]}});
}

std::string signals_view(sj::Database& db, const ViewScope& scope, int limit) {
    Json s = status_json(db, scope, limit);
    sj::QualityOptions q;
    q.run = scope.run;
    Json quality = Json::parse(sj::format_quality_json(sj::build_quality(db, q)));
    return json_document(Json{{"run", s["run"]},
                              {"now", s["now"]},
                              {"signals", s["signals"]},
                              {"total", quality["total"]},
                              {"reasons", quality["reasons"]}});
}

std::string quality_view(sj::Database& db, const ViewScope& scope, const sj::TimeRange& range) {
    sj::QualityOptions q;
    q.run = scope.run;
    q.range = range;
    return sj::format_quality_json(sj::build_quality(db, q));
}

}  // namespace sos::dashboard
