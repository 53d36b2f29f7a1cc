// NSE's public option chain as sos-feed live's chain source (--chain-source nse), for PCR and
// OI walls where no broker chain is available (no instance, or a broker without /optionchain).
// One lib/nse session per index instrument (NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY,
// NIFTYNXT50): the page's cookies first, then the expiries, then a chain of each of the
// nearest `expiries` every chain_every_s; cookies refused (401, 403, {}) are fetched again and
// the call repeated, fresh cookies refused too is a long wait, not a hammering. The requests go
// out over lib/net's HTTP client with a browser's headers; the chains come back as the
// contract's OPTION_CHAIN events (src "nse"), after which sos-feed's sentiment follows as for
// any chain. Driven by the exchange clock: NSE's "today" is the exchange's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "net/http_client.hpp"
#include "nse/nse_session.hpp"
#include "openalgo/frames.hpp"

namespace sos::feed::live {

struct NseChainOptions {
    std::string base_url{nse::kNseBase};  // a test server's http://127.0.0.1:PORT
    nse::NseEndpoint endpoint = nse::NseEndpoint::V3;
    std::size_t expiries = 2;   // the nearest expiries, each its own OPTION_CHAIN
    double chain_every_s = 60;  // NSE refreshes its own snapshot every few minutes
    double timeout_s = 15;
};

class NseChains {
public:
    // Throws net::UrlError naming a bad base URL.
    NseChains(NseChainOptions options, const std::vector<openalgo::Instrument>& instruments);

    // Instruments without an NSE option chain, with why (said once by the owner).
    const std::vector<std::string>& refusals() const { return refusals_; }
    bool empty() const { return watches_.empty(); }
    int ready_fd() const { return http_.ready_fd(); }
    // Takes the answers in and sends what is due at `exchange_now`: chains are appended to
    // `out`, what went wrong (for stderr) to `notes`.
    void service(time::Timestamp exchange_now, std::vector<event::Event>& out,
                 std::vector<std::string>& notes);

    nse::NseSession::Counts counts() const;

private:
    struct Watch {
        std::string symbol, exchange;  // NIFTY, NSE_INDEX
        nse::NseSession session;
        std::optional<nse::NseRequest> asked;
        std::uint64_t id = 0;
    };
    void take(Watch& w, net::HttpResult& r, time::Timestamp now, std::vector<event::Event>& out,
              std::vector<std::string>& notes);

    NseChainOptions opts_;
    net::HttpClient http_;
    std::vector<Watch> watches_;
    std::vector<std::string> refusals_;
};

}  // namespace sos::feed::live
