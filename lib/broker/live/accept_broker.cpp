#include "broker/live/accept_broker.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <optional>

#include "broker/live/position_line.hpp"
#include "broker/live/state_file.hpp"
#include "lockfile/account_lock.hpp"
#include "lockfile/lock_place.hpp"
#include "net/http_client.hpp"
#include "openalgo/order_answers.hpp"

namespace sos::broker::live {

namespace {

// The one request, waited for (a command run by hand, not a pipeline stage).
std::optional<net::HttpResult> ask(net::HttpClient& http, net::HttpRequest req,
                                   std::chrono::milliseconds timeout) {
    if (!http.submit(std::move(req))) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + timeout + std::chrono::seconds(1);
    std::optional<net::HttpResult> got;
    while (!got) {
        http.drain([&](net::HttpResult&& r) { got = std::move(r); }, 1);
        if (got) break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd p{http.ready_fd(), POLLIN, 0};
        ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 200)));
    }
    return got;
}

// A working exchange stop is not waited for: it rests as long as its position is held (the
// acceptance counts its fills after it, like any later fill). Nor is an entry still ARMED: it
// was never sent, so no broker's book can settle it (its expiry withdraws it at the next start).
std::string unsettled_orders(const StateFile& state) {
    std::string out;
    for (const auto& [id, o] : state.orders()) {
        if (is_final(o.state) || o.state == LiveState::Armed ||
            (o.role == OrderRole::Stop && is_working(o.state)))
            continue;
        out += fmt::format("{}{} ({}, {})", out.empty() ? "" : ", ", id, o.order_id, vocab::name(o.state));
    }
    return out;
}

time::Timestamp wall_now() {
    return time::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()};
}

}  // namespace

AcceptResult accept_broker_positions(const AcceptOptions& o) {
    std::optional<lockfile::AccountLock> lock;
    try {
        lock.emplace(lockfile::AccountLock::acquire({o.broker_name, o.rest}, lockfile::lock_dir(o.lock_dir)));
    } catch (const lockfile::LockHeld& e) {
        return {kExitTempFail,
                {},
                fmt::format("{}; accept there with a CONTROL resume line, or stop it first", e.what())};
    } catch (const lockfile::LockError& e) {
        return {kExitCantCreate, {}, e.what()};
    }
    StateFile state(o.state_path);
    if (const auto open = unsettled_orders(state); !open.empty())
        return {
            kExitTempFail,
            {},
            fmt::format("state file {}: orders not settled: {}; start sos-exec --live to settle them from "
                        "the books (it does so while entries are refused), then accept",
                        o.state_path, open)};
    net::HttpClient http(net::HttpOptions{.base_url = o.rest});
    net::HttpRequest req;
    req.method = net::HttpMethod::Post;
    req.path = std::string(openalgo::kPositionBookPath);
    req.body = openalgo::encode_key_only(o.key.reveal());
    req.idempotent = true;
    req.timeout = o.timeout;
    const auto r = ask(http, std::move(req), o.timeout);
    std::string why = r ? r->error : "no answer in time";
    std::optional<std::vector<openalgo::BookPosition>> rows;
    if (r && r->outcome == net::HttpOutcome::Answered)
        rows = openalgo::read_positionbook(r->status, r->body, why);
    if (!rows) {
        o.key.mask_in(why);
        return {
            kExitUnavailable,
            {},
            fmt::format("{}: the position book did not answer ({}); nothing accepted", o.broker_name, why)};
    }
    const auto broker = holdings_of(*rows);
    const auto checks = compare_positions(broker, state.positions());
    state.append_accept(broker);
    AcceptResult res;
    const auto at = wall_now();
    for (const auto& c : checks)
        if (c.broker_qty != 0)
            res.lines += position_line(c, row_of(*rows, c.key), "accepted", o.broker_name, at);
    res.message = fmt::format(
        "{}: {} position(s) of the broker accepted into {}{}{}", o.broker_name, broker.size(), o.state_path,
        all_agree(checks) ? "" : "; they differed from sos's: ", describe_mismatches(checks));
    return res;
}

}  // namespace sos::broker::live
