// The handshake NSE's public API needs, as a state machine that says which request to make and
// what each answer means; the transport (lib/net) makes the requests.
//
// NSE's edge answers its /api/ endpoints only to a client holding the cookies its pages set: a
// first GET of the option-chain page sets them, and every API call sends them back with
// browser-like headers and the page as Referer. Cookies expire within minutes; NSE then answers
// 401, 403 or an empty object ({}), and the session fetches the page again and repeats the call.
// If fresh cookies are refused too (NSE blocking the client, or an unknown symbol), it waits
// `blocked_s` instead of hammering NSE.
//
// Two APIs: V3, which NSE's page uses today (the expiries from /api/option-chain-contract-info,
// then /api/option-chain-v3 one expiry at a time), and Legacy (/api/option-chain-indices and
// -equities, every expiry in one answer), which older clients and the seed's bridge use.
//
//   next(now) -> Warmup  GET /option-chain                 sets cookies
//             -> Expiries GET /api/option-chain-contract-info (V3, once a day)
//             -> Chain   GET /api/option-chain-v3?...&expiry=  (each wanted expiry, every chain_every_s)
//   on_answer(...) -> Progress | Chain | Unchanged | SessionExpired | Failed
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nse/option_chain_answer.hpp"
#include "time/civil.hpp"
#include "time/timestamp.hpp"

namespace sos::nse {

inline constexpr std::string_view kNseBase = "https://www.nseindia.com";

enum class NseEndpoint : std::uint8_t { V3, Legacy };
enum class NseStep : std::uint8_t { Warmup, Expiries, Chain };

struct NseSessionOptions {
    std::string base{kNseBase};  // a test server's http://127.0.0.1:PORT
    std::string symbol;          // NSE's name: NIFTY, BANKNIFTY, SBIN
    bool index = true;           // an index, or an equity
    NseEndpoint endpoint = NseEndpoint::V3;
    std::size_t expiries = 2;       // the nearest expiries wanted (front and next, for the term ratio)
    double chain_every_s = 60;      // a new chain this often (NSE refreshes its own every few minutes)
    double cookie_max_age_s = 600;  // fetch the page again after this even if not told to
    double retry_s = 15;            // after a failed request
    double rate_limited_s = 60;     // after a 429
    double blocked_s = 300;         // after fresh cookies were refused too
};

struct NseRequest {
    NseStep step = NseStep::Warmup;
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<time::Date> expiry;  // the expiry a V3 chain request asks for
};

enum class NseOutcomeKind : std::uint8_t {
    Progress,        // a step of the handshake went through: ask next() again
    Chain,           // a chain: write chain_events(*chain, ..., expiries, ...)
    Unchanged,       // the same snapshot as last time (NSE's timestamp did not move): nothing to write
    SessionExpired,  // the cookies were refused: next() fetches them again at once
    Failed,          // no chain this time: `message` says why; next() waits until retry_at
};

struct NseOutcome {
    NseOutcomeKind kind = NseOutcomeKind::Progress;
    std::optional<NseChain> chain;     // Chain, Unchanged
    std::vector<time::Date> expiries;  // Chain: the expiries to write from it
    std::string message;               // SessionExpired, Failed: for a log line or an ALERT
    time::Timestamp retry_at;          // Failed
};

class NseSession {
public:
    explicit NseSession(NseSessionOptions options);

    // The request due at `now`, or nothing before due().
    std::optional<NseRequest> next(time::Timestamp now);
    // When next() will next give a request.
    time::Timestamp due() const;
    // The answer to `asked`: its status, the values of its Set-Cookie headers, its body.
    NseOutcome on_answer(const NseRequest& asked, int http_status, std::span<const std::string> set_cookies,
                         std::string_view body, time::Timestamp now);

    // The Cookie header sent with API calls ("nsit=..; nseappid=.."), empty before the warm-up.
    std::string cookie_header() const;

    struct Counts {
        std::uint64_t warmups = 0, expired = 0, failures = 0, chains = 0, unchanged = 0;
    };
    const Counts& counts() const { return counts_; }

private:
    NseRequest warmup_request() const;
    NseRequest api_request(NseStep step, std::string url, std::optional<time::Date> expiry) const;
    void take_cookies(std::span<const std::string> set_cookies);
    NseOutcome expired(const NseError& e, time::Timestamp now);
    NseOutcome failed(std::string message, double wait_s, time::Timestamp now);
    NseOutcome on_chain(const NseRequest& asked, NseResult<NseChain> r, time::Timestamp now);

    NseSessionOptions opts_;
    std::vector<std::pair<std::string, std::string>> cookies_;
    time::Timestamp cookies_at_{};
    std::vector<time::Date> listed_;                  // expiries NSE lists
    std::optional<time::Date> listed_day_;            // the day they were asked for (V3)
    std::vector<std::optional<time::Date>> pending_;  // this cycle's chain requests still to make
    time::Timestamp next_cycle_{};
    time::Timestamp wait_until_{};
    bool refreshed_ = false;  // cookies fetched again since the last answer NSE accepted
    std::map<std::optional<time::Date>, time::Timestamp> last_as_of_;
    Counts counts_;
};

// NSE's chain URLs, for tests and for the test server's README.
std::string option_chain_url(const NseSessionOptions& o, std::optional<time::Date> expiry);

}  // namespace sos::nse
