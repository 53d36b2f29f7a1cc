// A generic `ws` source's message mapping: JSON text messages from any WebSocket server become
// the contract's market events through lib/event's decoder, which already reads the seed's
// forms (CANDLE_UPDATE, MARKET_UPDATE, SENTIMENT_UPDATE and OPTION_CHAIN_UPDATE in the SOS
// bridge's wire form: fields in `data`, long names, camelCase, milliseconds). The transport
// (lib/net) hands each message over with the wall time it came at.
//
// What a message becomes:
// - market messages (TICK, CANDLE, OPTION_CHAIN, BREADTH, SENTIMENT_UPDATE, and the seed forms
//   that stand for them) are written, `src` set to "ws:<name>", symbols renamed by the aliases
//   (and, when `symbols` is given, only theirs and market-wide ones); a candle at or before the
//   last one written of its series is not written again (a server repeating itself after a
//   reconnection), only counted;
// - a heartbeat, ping, pong, welcome or subscription acknowledgement proves the socket, not the
//   feed: counted as liveness, not written (application pings are not answered: the protocol's
//   own pings are the transport's);
// - any other type (decisions, orders, operations, a type outside the contract) is not market
//   data: a feed source must not let a data server place orders. Counted and named once;
// - a message the decoder refuses (not JSON, a missing field, a binary frame) is reported and
//   skipped, never fatal.
//
// The SeedBridge profile reads the original SOS bridge (MaheshUmale/SOS-System-DATA-Bridge) as
// its code behaves: its candles are snapshots of the forming bar (BarSnapshots closes them);
// its sentiment is NIFTY's PCR and a market regime, so it is written market-wide (no symbol),
// and only when a figure changes (it repeats them with every symbol's update); the zeros it sends for the
// figures it does not compute (pcrVelocity, oiWallAbove, oiWallBelow) are absent; its option chains carry no
// expiry and no spot, so they have no canonical OPTION_CHAIN form and are left out (its PCR arrives in its
// sentiment).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "event/decoder.hpp"
#include "event/event.hpp"
#include "time/calendar.hpp"
#include "wsfeed/bar_snapshots.hpp"

namespace sos::wsfeed {

enum class WsProfile : std::uint8_t {
    Contract,    // a server speaking sos's contract: candles are closed bars
    SeedBridge,  // the seed's SOS bridge
};

struct WsFeedOptions {
    std::string name;  // the source's name: src is "ws:<name>"
    WsProfile profile = WsProfile::Contract;
    std::map<std::string, std::string, std::less<>> aliases;  // the server's symbol -> sos's
    std::map<std::string, std::string, std::less<>>
        exchanges;       // sos's symbol -> its exchange, when the server gives none
    double grace_s = 2;  // SeedBridge: a bar is closed this long after its end without a later snapshot
    std::set<std::string, std::less<>> symbols;  // sos's names to pass on; empty: every symbol
};

// The SOS bridge's names for sos's ("NIFTY_BANK" in its contract's examples).
std::map<std::string, std::string, std::less<>> seed_bridge_aliases();

enum class WsMessageKind : std::uint8_t { Market, Liveness, Ignored, Bad };

struct WsNote {
    WsMessageKind kind = WsMessageKind::Bad;
    std::string type;     // the message's type, when it had one
    std::string message;  // "not JSON: ...", "type 'ORDER' is not market data: not written"
};

class WsFeed {
public:
    WsFeed(WsFeedOptions options, const time::Calendar& calendar);

    // One message received at `now` (the caller's clock); `binary` for a binary frame. A
    // market message dated after `now` closes bars by its own time.
    WsMessageKind take(std::string_view message, bool binary, time::Timestamp now);
    // The time of the last market message dated after the caller's clock (the server's clock
    // running ahead of it), for the caller to follow.
    std::optional<time::Timestamp> last_time() const { return last_time_; }
    // The wall clock moved (SeedBridge: closes bars past their end and the grace period).
    void advance(time::Timestamp now);
    // End of the stream: bars still open are written flagged partial.
    void finish();
    // Messages may have been missed from here (the connection was lost): SeedBridge bars open
    // now are written flagged partial.
    void mark_gap() { snapshots_.mark_gap(); }

    // Events to write, in order; the caller takes them and clears the vector.
    std::vector<event::Event>& ready() { return ready_; }
    // Bad messages (each), ignored types and dropped bridge chains (the first of each type).
    std::vector<WsNote>& notes() { return notes_; }

    struct Counts {
        std::uint64_t messages = 0, market = 0, liveness = 0, ignored = 0, bad = 0;
        std::uint64_t chains_dropped = 0, sentiment_repeats = 0, duplicates = 0, other_symbols = 0;
        BarSnapshots::Counts snapshots;
    };
    Counts counts() const;

private:
    void market(event::Event& e, time::Timestamp now);
    void bridge_sentiment(event::Event& e);
    void note_once(WsMessageKind kind, std::string_view type, std::string message);
    void emit(event::Event&& e);
    void emit_bars();

    WsFeedOptions opts_;
    std::string src_;
    event::Decoder decoder_;
    event::EventList list_;
    BarSnapshots snapshots_;
    event::Sentiment sentiment_;  // SeedBridge: the market-wide figures written so far, merged
    std::set<std::string, std::less<>> noted_;
    std::map<std::pair<std::string, int>, time::Timestamp> written_;  // a live candle series' last
    std::vector<event::Event> ready_;
    std::vector<WsNote> notes_;
    std::optional<time::Timestamp> last_time_;
    Counts counts_;
};

}  // namespace sos::wsfeed
