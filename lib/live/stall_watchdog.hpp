// One connection's silence watch: a socket that is open but silent is as good as down (the
// feed failure users meet most, user needs §1.1). Only market data counts as speech: pongs
// and acks prove the socket, not the feed.
//
// The rule:
// - The connection is stalled when, inside the session, none of its instruments has ticked
//   for `stall_after_s` seconds. Silence is counted from the latest of the last tick, the
//   (re)connection and the session's open, so a feed is never stale for the night before.
// - An instrument is stale when it has not ticked for `instrument_after_s` seconds (by default
//   the same). That is reported per instrument and never stalls the connection on its own: an
//   illiquid option may trade once in ten minutes while the index beside it ticks every
//   second. A connection carrying only illiquid instruments needs a longer stall_after_s.
// - Outside the session nothing is watched and nothing is said; a stall or staleness still
//   standing at the close is cleared without a word, and the watch starts afresh at the open.
// Events come out of check(); a tick only records its time, so the per-tick cost is a store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "live/session_hours.hpp"

namespace sos::live {

struct StallPolicy {
    double stall_after_s = 30;
    double instrument_after_s = 0;  // 0: the same as stall_after_s
};

enum class WatchKind : std::uint8_t {
    ConnectionStalled,  // no instrument ticked for stall_after_s in session: treat as down
    ConnectionLive,     // ticks again after a stall
    InstrumentStale,    // this instrument silent for instrument_after_s
    InstrumentFresh,    // it ticked again
};

struct WatchEvent {
    WatchKind kind;
    std::string symbol;  // empty for the connection
    double silent_s = 0;
};

class StallWatchdog {
public:
    using InstrumentId = std::size_t;

    StallWatchdog(SessionHours hours, StallPolicy policy);

    // The instruments subscribed on this connection; returns the id to tick with.
    InstrumentId watch(std::string_view symbol);
    // Finds a watched symbol's id (for a frame naming it); nullopt when not watched.
    std::optional<InstrumentId> find(std::string_view symbol) const;

    // Connected, authenticated and subscribed at `now`: silence counts from here.
    void connected(time::Timestamp now);
    // The socket is gone: nothing to watch until connected again (the reconnect logic speaks).
    void disconnected();
    // Market data for one instrument (or for one not watched: it still proves the feed).
    void tick(InstrumentId id, time::Timestamp now);
    void tick_unwatched(time::Timestamp now) { last_any_ = std::max(last_any_, now); }

    // Appends what changed since the last check.
    void check(time::Timestamp now, std::vector<WatchEvent>& out);

    bool stalled() const { return stalled_; }
    bool watching() const { return connected_; }
    // Seconds since the instrument last ticked, or nothing if it never has (for HEALTH).
    std::optional<double> age_s(InstrumentId id, time::Timestamp now) const;
    const std::string& symbol(InstrumentId id) const { return instruments_[id].symbol; }
    std::size_t size() const { return instruments_.size(); }

private:
    struct Instrument {
        std::string symbol;
        time::Timestamp last{INT64_MIN};
        bool stale = false;
    };
    void quiet();  // outside the session: clear every flag silently

    SessionHours hours_;
    std::int64_t stall_ns_;
    std::int64_t instrument_ns_;
    std::vector<Instrument> instruments_;
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, InstrumentId, NameHash, std::equal_to<>>
        ids_;  // found by view, per frame
    bool connected_ = false;
    time::Timestamp connected_at_{};
    time::Timestamp last_any_{INT64_MIN};
    bool stalled_ = false;
};

}  // namespace sos::live
