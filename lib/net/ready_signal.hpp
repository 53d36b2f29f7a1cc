// A file descriptor that is readable while a queue has something for its consumer (an eventfd
// used as a flag), so a consumer waiting in poll() on a WebSocket, a timer and standard input
// also wakes for the network clients' queues. The producer raises it at most once per
// consumer pass, not once per message: a write() per message would cost more than the message.
#pragma once

namespace sos::net {

class ReadySignal {
public:
    ReadySignal();  // throws std::system_error
    ~ReadySignal();
    ReadySignal(const ReadySignal&) = delete;
    ReadySignal& operator=(const ReadySignal&) = delete;

    int fd() const { return fd_; }
    void raise();  // the fd becomes readable (idempotent)
    void lower();  // the fd stops being readable

private:
    int fd_ = -1;
};

}  // namespace sos::net
