// Yahoo Finance's chart endpoint as the last candle tier of sos-feed live (--feed ...,yahoo):
// for when every OpenAlgo instance is gone, or for a trader with no broker at all. It is
// polled (every every_s, only while the feed needs it), delayed (Yahoo's own lag), and gives
// closed 1-minute candles only: no ticks, no option chains. Each round asks the day's 1-minute
// chart of every instrument Yahoo has a name for (lib/yahoo: names, request, answer, closed
// bars); the answers go to the owner, which hands them to LiveCandles while the tier is the
// active one, so its bars follow the same rules as any other tier's (written once, marked
// src "yahoo"). A failure of the tier itself (429, 5xx, a body that is not a chart, no answer)
// makes the next round wait by back-off (every_s doubling to 2 minutes, with jitter: Yahoo
// answers 429 to clients that insist), until three rounds in a row have gone through; one
// symbol Yahoo does not know is only said.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "event/event.hpp"
#include "live/backoff.hpp"
#include "net/http_client.hpp"
#include "openalgo/frames.hpp"
#include "time/calendar.hpp"
#include "yahoo/chart_request.hpp"

namespace sos::feed::live {

struct YahooTierOptions {
    std::string base_url{yahoo::kDefaultBase};  // a test server's http://127.0.0.1:PORT
    std::string names_file;                     // laid over the shipped names table (may be empty)
    double every_s = 15;                        // a round of requests this often while polling
    double settle_s = 5;                        // a bar is closed this long after its end
    double timeout_s = 10;
    std::uint64_t seed = 1;  // of the back-off's jitter
};

// One instrument's answer.
struct YahooAnswer {
    std::size_t instrument = 0;  // index into the tier's instruments()
    bool ok = false;
    std::vector<event::Event> minutes;          // ok: closed 1-minute CANDLEs, src "yahoo"
    std::optional<time::Timestamp> covered_to;  // ok: Yahoo's last trade (its meta), when given
    bool empty = false;                         // ok: the chart had no row at all (before the open)
    bool tier_fault = false;                    // !ok: the tier is failing, not one symbol
    std::string error;                          // !ok: "HTTP 429 (rate limited): ..."
    bool said_before = false;                   // !ok, !tier_fault: this error was given already
    std::vector<std::string> notes;             // rows left out, with why (each said once)
};

class YahooTier {
public:
    // Throws yahoo::NamesError naming a bad names file, net::UrlError a bad base URL.
    YahooTier(YahooTierOptions options, const std::vector<openalgo::Instrument>& instruments,
              const time::Calendar& calendar);

    // Instruments Yahoo has no name for, with why (said once by the owner; never asked).
    const std::vector<std::string>& refusals() const { return refusals_; }
    const std::vector<openalgo::Instrument>& instruments() const { return instruments_; }

    // Polling is wanted (the owner decides: the tier is active, or being tried).
    void want(bool polling) { polling_ = polling; }
    bool polling() const { return polling_; }
    // Sends a round when one is due at `now` (the wall clock).
    void poll(time::Timestamp now);
    int ready_fd() const { return http_.ready_fd(); }
    // The wall time of the next round, while polling.
    std::optional<time::Timestamp> next_round() const;
    // Calls f(YahooAnswer&&) for each answer in. `exchange_now`: the exchange clock, by which
    // a chart without a row in session hours is a fault (before the open it is only early).
    template <class F>
    void drain(time::Timestamp now, time::Timestamp exchange_now, F&& f);

    std::uint64_t rounds() const { return rounds_; }
    std::uint64_t failures() const { return failures_; }
    std::optional<time::Timestamp> covered_to() const { return covered_to_; }

private:
    YahooAnswer answer_of(std::size_t instrument, const net::HttpResult& r, time::Timestamp exchange_now);
    void round_done(time::Timestamp now);

    YahooTierOptions opts_;
    const time::Calendar& calendar_;
    std::vector<openalgo::Instrument> instruments_;  // those with a Yahoo name
    std::vector<std::string> names_;                 // their Yahoo names
    std::vector<std::string> refusals_;
    // What was said of each instrument (a symbol Yahoo does not know, a row it cannot be a bar
    // of): each round asks the whole day again, and a thing is said once.
    std::vector<std::set<std::string>> said_;
    net::HttpClient http_;
    sos::live::Backoff backoff_;
    std::vector<std::pair<std::uint64_t, std::size_t>> asked_;  // request id, instrument
    bool polling_ = false;
    bool round_failed_ = false;
    bool answering_ = false;  // the last round went through
    time::Timestamp next_{INT64_MIN};
    std::optional<time::Timestamp> covered_to_;
    std::uint64_t rounds_ = 0, failures_ = 0;
};

template <class F>
void YahooTier::drain(time::Timestamp now, time::Timestamp exchange_now, F&& f) {
    http_.drain([&](net::HttpResult&& r) {
        std::size_t instrument = SIZE_MAX;
        for (auto it = asked_.begin(); it != asked_.end(); ++it)
            if (it->first == r.id) {
                instrument = it->second;
                asked_.erase(it);
                break;
            }
        if (instrument == SIZE_MAX) return;
        YahooAnswer a = answer_of(instrument, r, exchange_now);
        if (!a.ok && a.tier_fault) round_failed_ = true;
        if (asked_.empty()) round_done(now);
        f(std::move(a));
    });
}

}  // namespace sos::feed::live
