#include "nse/nse_session.hpp"

#include <algorithm>
#include <cctype>

#include "nse/chain_events.hpp"

namespace sos::nse {

namespace {

// What a desktop browser sends; NSE's edge turns away clients that do not look like one.
constexpr std::string_view kUserAgent =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

std::string url_encode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool contains_nocase(std::string_view hay, std::string_view needle) {
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != hay.end();
}

time::Timestamp after(time::Timestamp t, double seconds) {
    return time::Timestamp{t.ns + static_cast<std::int64_t>(seconds * 1e9)};
}

time::Date today(time::Timestamp now) {
    return time::kIndia.local_date(now);  // NSE's day is India's
}

}  // namespace

std::string option_chain_url(const NseSessionOptions& o, std::optional<time::Date> expiry) {
    const std::string symbol = url_encode(o.symbol);
    if (o.endpoint == NseEndpoint::Legacy)
        return o.base +
               (o.index ? "/api/option-chain-indices?symbol=" : "/api/option-chain-equities?symbol=") +
               symbol;
    std::string url =
        o.base + "/api/option-chain-v3?type=" + (o.index ? "Indices" : "Equity") + "&symbol=" + symbol;
    if (expiry) url += "&expiry=" + format_nse_date(*expiry);
    return url;
}

NseSession::NseSession(NseSessionOptions options) : opts_(std::move(options)) {}

NseRequest NseSession::warmup_request() const {
    NseRequest r;
    r.step = NseStep::Warmup;
    r.url = opts_.base + "/option-chain";
    r.headers = {{"User-Agent", std::string(kUserAgent)},
                 {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
                 {"Accept-Language", "en-US,en;q=0.9"}};
    if (!cookies_.empty()) r.headers.emplace_back("Cookie", cookie_header());
    return r;
}

NseRequest NseSession::api_request(NseStep step, std::string url, std::optional<time::Date> expiry) const {
    NseRequest r;
    r.step = step;
    r.url = std::move(url);
    r.expiry = expiry;
    r.headers = {{"User-Agent", std::string(kUserAgent)},
                 {"Accept", "application/json, text/plain, */*"},
                 {"Accept-Language", "en-US,en;q=0.9"},
                 {"Referer", opts_.base + "/option-chain"},
                 {"Cookie", cookie_header()}};
    return r;
}

std::string NseSession::cookie_header() const {
    std::string out;
    for (const auto& [name, value] : cookies_) {
        if (!out.empty()) out += "; ";
        out += name + "=" + value;
    }
    return out;
}

void NseSession::take_cookies(std::span<const std::string> set_cookies) {
    for (const std::string& header : set_cookies) {
        std::string_view h = header;
        std::string_view pair = trim(h.substr(0, h.find(';')));
        auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        std::string name(trim(pair.substr(0, eq)));
        std::string value(trim(pair.substr(eq + 1)));
        if (name.empty()) continue;
        auto it =
            std::find_if(cookies_.begin(), cookies_.end(), [&](const auto& c) { return c.first == name; });
        // A cookie set empty or with Max-Age=0 is the server deleting it.
        const bool deleted = value.empty() || contains_nocase(h, "max-age=0");
        if (deleted) {
            if (it != cookies_.end()) cookies_.erase(it);
        } else if (it != cookies_.end()) {
            it->second = std::move(value);
        } else {
            cookies_.emplace_back(std::move(name), std::move(value));
        }
    }
}

std::optional<NseRequest> NseSession::next(time::Timestamp now) {
    if (now < wait_until_) return std::nullopt;
    if (cookies_.empty() || now >= after(cookies_at_, opts_.cookie_max_age_s)) return warmup_request();
    if (opts_.endpoint == NseEndpoint::V3 && listed_day_ != today(now))
        return api_request(NseStep::Expiries,
                           opts_.base + "/api/option-chain-contract-info?symbol=" + url_encode(opts_.symbol),
                           {});
    if (pending_.empty() && now >= next_cycle_) {
        next_cycle_ = after(now, opts_.chain_every_s);
        if (opts_.endpoint == NseEndpoint::Legacy) {
            pending_.push_back(std::nullopt);
        } else {
            for (time::Date d : nearest_expiries(listed_, today(now), opts_.expiries))
                pending_.push_back(d);
        }
    }
    if (pending_.empty()) return std::nullopt;
    return api_request(NseStep::Chain, option_chain_url(opts_, pending_.front()), pending_.front());
}

time::Timestamp NseSession::due() const {
    if (!pending_.empty() || cookies_.empty()) return wait_until_;
    return std::max(wait_until_, std::min(next_cycle_, after(cookies_at_, opts_.cookie_max_age_s)));
}

NseOutcome NseSession::failed(std::string message, double wait_s, time::Timestamp now) {
    ++counts_.failures;
    wait_until_ = after(now, wait_s);
    NseOutcome o;
    o.kind = NseOutcomeKind::Failed;
    o.message = std::move(message);
    o.retry_at = wait_until_;
    return o;
}

NseOutcome NseSession::expired(const NseError& e, time::Timestamp now) {
    ++counts_.expired;
    cookies_.clear();
    if (refreshed_) {
        // Fresh cookies refused as well: NSE is turning this client away (or does not know the
        // symbol). Asking again at once would only make it worse.
        refreshed_ = false;
        return failed("NSE refused fresh cookies too (" + e.describe() + "): waiting " +
                          std::to_string(static_cast<int>(opts_.blocked_s)) + " s",
                      opts_.blocked_s, now);
    }
    NseOutcome o;
    o.kind = NseOutcomeKind::SessionExpired;
    o.message = e.describe();
    return o;
}

NseOutcome NseSession::on_chain(const NseRequest& asked, NseResult<NseChain> r, time::Timestamp now) {
    if (!r.ok()) {
        if (r.error.kind == NseErrorKind::SessionExpired) return expired(r.error, now);
        return failed(r.error.describe(),
                      r.error.kind == NseErrorKind::RateLimited ? opts_.rate_limited_s : opts_.retry_s, now);
    }
    refreshed_ = false;
    if (!pending_.empty()) pending_.erase(pending_.begin());
    NseOutcome o;
    NseChain& chain = *r.value;
    if (opts_.endpoint == NseEndpoint::Legacy) {
        listed_ = chain.expiries;
        o.expiries = nearest_expiries(listed_, today(now), opts_.expiries);
    } else if (asked.expiry) {
        o.expiries = {*asked.expiry};
    }
    auto& last = last_as_of_[asked.expiry];
    if (chain.as_of && *chain.as_of == last) {
        ++counts_.unchanged;
        o.kind = NseOutcomeKind::Unchanged;
    } else {
        if (chain.as_of) last = *chain.as_of;
        ++counts_.chains;
        o.kind = NseOutcomeKind::Chain;
    }
    o.chain = std::move(chain);
    return o;
}

NseOutcome NseSession::on_answer(const NseRequest& asked, int http, std::span<const std::string> set_cookies,
                                 std::string_view body, time::Timestamp now) {
    take_cookies(set_cookies);
    switch (asked.step) {
        case NseStep::Warmup: {
            ++counts_.warmups;
            if (cookies_.empty())
                return failed("NSE's page set no cookies (HTTP " + std::to_string(http) + ")",
                              http == 403 ? opts_.blocked_s : opts_.retry_s, now);
            cookies_at_ = now;
            refreshed_ = true;
            return NseOutcome{};
        }
        case NseStep::Expiries: {
            auto r = parse_contract_info(http, body);
            if (!r.ok()) {
                if (r.error.kind == NseErrorKind::SessionExpired) return expired(r.error, now);
                return failed(
                    r.error.describe(),
                    r.error.kind == NseErrorKind::RateLimited ? opts_.rate_limited_s : opts_.retry_s, now);
            }
            refreshed_ = false;
            listed_ = std::move(*r.value);
            listed_day_ = today(now);
            pending_.clear();  // a new day's expiries: the cycle is planned again from them
            return NseOutcome{};
        }
        case NseStep::Chain:
            return on_chain(asked, parse_option_chain(http, body), now);
    }
    return NseOutcome{};
}

}  // namespace sos::nse
