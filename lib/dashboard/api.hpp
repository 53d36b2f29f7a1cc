// The dashboard's HTTP interface apart from its transport: each request checked (access.hpp),
// then answered from the journal (views.hpp, metrics.hpp) or handed to the control path
// (control_port.hpp). The journal is opened for each request as a WAL reader, like `sos-journal
// status`: a reader never blocks the writer, and a journal that appears after the server started
// is found.
//
//   GET  /api/status /api/quality /api/regimes /api/pipeline /api/positions /api/pnl
//        /api/candles?symbol=&tf=&from=&to= /api/signals /api/alerts /api/report /api/brokers
//   GET  /metrics
//   POST /api/control  {"command": "pause"|"resume"|"kill", "scope": "..."}
//   POST /api/order    {"symbol", "side", "qty", "stop", "target", "feed_broker", "exec_broker"}
// (/api/events, the server-sent events, is the server's: server.hpp.)
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dashboard/access.hpp"
#include "dashboard/control_port.hpp"
#include "dashboard/http.hpp"
#include "journal/status.hpp"

namespace sos::dashboard {

struct ApiOptions {
    std::string db;
    std::string run;  // empty: the run created last
    time::Calendar calendar = time::Calendar::nse_default();
    journal::StatusLimits limits;
    std::vector<std::string> brokers;  // the brokers file's entry names, for the ticket
    std::function<double()> clock;     // the view's "now"; null: the wall clock
};

class Api {
public:
    Api(ApiOptions options, AccessPolicy access, ControlPort& control)
        : options_(std::move(options)), access_(std::move(access)), control_(control) {}

    // Every request, access checked first.
    Response handle(const Request& r);
    // Only the access check (for the event stream the server answers itself).
    std::optional<Response> refuse(const Request& r) const { return access_.check(r); }

private:
    Response read(const Request& r);
    Response control(const Request& r);
    Response order(const Request& r);
    double now() const;

    ApiOptions options_;
    AccessPolicy access_;
    ControlPort& control_;
};

}  // namespace sos::dashboard
