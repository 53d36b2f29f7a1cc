// /metrics: the dashboard's figures in Prometheus' text format (version 0.0.4), for users who
// already run Prometheus and Grafana. Made from the same documents as the page's views (status
// --json and quality --json), so a figure is the same wherever it is read.
#pragma once

#include <string>

#include "dashboard/views.hpp"

namespace sos::dashboard {

std::string metrics_text(journal::Database& db, const ViewScope& scope);

// From the two documents, for tests: `status` as status_view() gives it, `quality` as
// quality_view().
std::string metrics_from(const std::string& status, const std::string& quality);

// A label's value as the format wants it: backslash, double quote and newline escaped.
std::string label_value(const std::string& v);

}  // namespace sos::dashboard
