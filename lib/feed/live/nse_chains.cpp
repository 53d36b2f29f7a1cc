#include "feed/live/nse_chains.hpp"

#include <algorithm>
#include <array>

#include "nse/chain_events.hpp"

namespace sos::feed::live {

namespace {

// The indices NSE lists options on, by OpenAlgo's NSE_INDEX names (which are NSE's own).
constexpr std::array<std::string_view, 5> kOptionIndices = {"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY",
                                                            "NIFTYNXT50"};

std::string without_trailing_slash(std::string s) {
    while (!s.empty() && s.back() == '/')
        s.pop_back();
    return s;
}

net::HttpOptions http_options(const NseChainOptions& o) {
    net::HttpOptions h;
    h.base_url = o.base_url;
    h.max_in_flight = 32;
    h.max_connections_per_host = 2;
    h.accept_compressed = true;
    return h;
}

}  // namespace

NseChains::NseChains(NseChainOptions options, const std::vector<openalgo::Instrument>& instruments)
    : opts_(std::move(options)), http_(http_options(opts_)) {
    opts_.base_url = without_trailing_slash(opts_.base_url);
    for (const auto& i : instruments) {
        if (i.exchange != "NSE_INDEX") continue;  // equities' chains are not asked (as OpenAlgo's path)
        if (std::find(kOptionIndices.begin(), kOptionIndices.end(), i.symbol) == kOptionIndices.end()) {
            refusals_.push_back(i.exchange + ":" + i.symbol + ": NSE lists no options on it");
            continue;
        }
        nse::NseSessionOptions s;
        s.base = opts_.base_url;
        s.symbol = i.symbol;
        s.index = true;
        s.endpoint = opts_.endpoint;
        s.expiries = opts_.expiries;
        s.chain_every_s = opts_.chain_every_s;
        s.retry_s = std::min(s.retry_s, opts_.chain_every_s);
        watches_.push_back(Watch{i.symbol, i.exchange, nse::NseSession(std::move(s)), std::nullopt, 0});
    }
}

void NseChains::service(time::Timestamp now, std::vector<event::Event>& out,
                        std::vector<std::string>& notes) {
    http_.drain([&](net::HttpResult&& r) {
        for (Watch& w : watches_)
            if (w.asked && w.id == r.id) take(w, r, now, out, notes);
    });
    for (Watch& w : watches_) {
        if (w.asked) continue;
        auto req = w.session.next(now);
        if (!req) continue;
        // The session's URLs are the base's: what follows it is the path and the query.
        const std::string target = req->url.substr(opts_.base_url.size());
        const auto q = target.find('?');
        net::HttpRequest h;
        h.method = net::HttpMethod::Get;
        h.path = target.substr(0, q);
        if (q != std::string::npos) h.query = target.substr(q + 1);
        h.headers = req->headers;
        h.idempotent = true;
        h.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opts_.timeout_s * 1000));
        if (auto id = http_.submit(std::move(h))) {
            w.asked = std::move(*req);
            w.id = *id;
        }
    }
}

void NseChains::take(Watch& w, net::HttpResult& r, time::Timestamp now, std::vector<event::Event>& out,
                     std::vector<std::string>& notes) {
    const nse::NseRequest asked = std::move(*w.asked);
    w.asked.reset();
    const bool answered = r.outcome == net::HttpOutcome::Answered;
    if (!answered) notes.push_back(w.symbol + ": " + r.error);
    // No answer is a failed request to the session too: it waits its retry time.
    auto o = w.session.on_answer(asked, answered ? r.status : 0, r.set_cookies, answered ? r.body : "", now);
    switch (o.kind) {
        case nse::NseOutcomeKind::Progress:
        case nse::NseOutcomeKind::Unchanged:
            return;
        case nse::NseOutcomeKind::SessionExpired:
            notes.push_back(w.symbol + ": NSE refused the session's cookies (" + o.message +
                            "): its page is asked again");
            return;
        case nse::NseOutcomeKind::Failed:
            if (answered) notes.push_back(w.symbol + ": " + o.message);
            return;
        case nse::NseOutcomeKind::Chain:
            break;
    }
    const nse::ChainSeries series{w.symbol, w.exchange, "nse"};
    auto conv = nse::chain_events(*o.chain, series, o.expiries, now, out);
    if (!conv.refusal.empty()) notes.push_back(w.symbol + ": " + conv.refusal);
    for (const auto& d : conv.missing)
        notes.push_back(w.symbol + ": NSE's chain has no row of the expiry " + nse::format_nse_date(d));
    for (const auto& bad : o.chain->bad_rows)
        notes.push_back(w.symbol + ": " + bad + ": left out");
}

nse::NseSession::Counts NseChains::counts() const {
    nse::NseSession::Counts c;
    for (const Watch& w : watches_) {
        const auto& s = w.session.counts();
        c.warmups += s.warmups;
        c.expired += s.expired;
        c.failures += s.failures;
        c.chains += s.chains;
        c.unchanged += s.unchanged;
    }
    return c;
}

}  // namespace sos::feed::live
