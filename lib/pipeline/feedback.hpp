// The feedback channel from sos-exec back to sos-risk. A pipeline only flows forward, but
// sos-risk's daily loss limit, losing-streak breaker and kill switch need the fills and exits
// sos-exec makes downstream. So sos-exec also sends the lines it writes over a Unix socket
// (`--feedback PATH` on both tools), and the two stay in lockstep where it matters: before
// deciding, sos-risk writes a SYNC line into the stream and waits for sos-exec to answer it on
// the socket. sos-exec answers when it reaches that line, so everything it did with the lines
// before it has arrived, and a backtest decides with exactly the fills it would have had live,
// the same way on every run, however fast each process happens to be.
//
//   stream:   {"type":"SYNC","timestamp":T,"src":"sos-risk","seq":K}   (sos-exec consumes it)
//   feedback: sos-exec's lines, then {"type":"SYNC","src":"sos-exec","seq":K}
//
// Neither side ever blocks the other outside a SYNC: sos-exec buffers what the socket cannot
// take yet, and sos-risk reads whatever has arrived whenever its input pauses.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "event/event.hpp"
#include "time/timestamp.hpp"

namespace sos::pipeline {

// A SYNC (event::Kind::Sync: the contract's envelope, no body) from `src`, timed on sos-risk's
// side only; written by the one encoder like every other message.
event::Event sync_event(std::uint64_t seq, std::optional<time::Timestamp> at, std::string_view src);
// The SYNC line (with its newline) sos-risk writes into the stream.
std::string sync_line(std::uint64_t seq, time::Timestamp at);
// The sequence number of a decoded SYNC, from either side; none for any other event.
std::optional<std::uint64_t> sync_seq(const event::Event& e);
// The same for a line not decoded yet (the feedback socket's): decoded here, so a SYNC is
// what the decoder says it is, never a line that merely contains the text.
std::optional<std::uint64_t> sync_seq(std::string_view line);

// sos-risk's end: listens at `path` from construction, so sos-exec may connect at any time.
class FeedbackReceiver {
public:
    explicit FeedbackReceiver(std::string path);  // throws ndjson::EndpointError
    ~FeedbackReceiver();
    FeedbackReceiver(const FeedbackReceiver&) = delete;
    FeedbackReceiver& operator=(const FeedbackReceiver&) = delete;

    enum class Wait { Acked, NoSender, Closed, TimedOut };
    // Reads until sos-exec acknowledges `seq`, giving each line before the acknowledgement to
    // `on_line` (without its newline). `connect_timeout` bounds the wait for sos-exec to
    // connect the first time, `timeout` the wait for the acknowledgement.
    Wait wait_for(std::uint64_t seq, std::chrono::milliseconds connect_timeout,
                  std::chrono::milliseconds timeout, const std::function<void(std::string_view)>& on_line);
    // Reads whatever has arrived, without waiting; the lines are kept for the next wait_for.
    void drain();
    // Reads whatever has arrived, without waiting, and gives each whole line to `on_line` at
    // once (acknowledgements are dropped: no SYNC is outstanding between waits). For a live
    // sos-risk, whose decisions do not need to be repeatable but must see a loss promptly.
    void take(const std::function<void(std::string_view)>& on_line);
    bool connected() const { return conn_ >= 0; }
    const std::string& path() const { return path_; }

private:
    bool accept_within(std::chrono::milliseconds timeout);
    // Reads once; false when the sender closed the connection.
    bool read_some(bool wait, std::chrono::milliseconds timeout);

    std::string path_;
    int listen_ = -1;
    int conn_ = -1;
    std::string buffer_;  // bytes read, not yet given to on_line
};

// sos-exec's end.
class FeedbackSender {
public:
    // Waits up to `wait` for sos-risk to be listening. Throws ndjson::EndpointError.
    explicit FeedbackSender(const std::string& path,
                            std::chrono::milliseconds wait = std::chrono::seconds(10));
    ~FeedbackSender();
    FeedbackSender(const FeedbackSender&) = delete;
    FeedbackSender& operator=(const FeedbackSender&) = delete;

    // A line (with its newline); never blocks: what the socket cannot take waits here.
    void send(std::string_view line);
    // Answers sos-risk's SYNC `seq`, after everything sent before it; blocks until written
    // (sos-risk is waiting for it, reading).
    void acknowledge(std::uint64_t seq);
    // False once sos-risk has gone away; sending then does nothing.
    bool open() const { return fd_ >= 0; }

private:
    void write_pending(bool block);

    int fd_ = -1;
    std::string pending_;
};

}  // namespace sos::pipeline
