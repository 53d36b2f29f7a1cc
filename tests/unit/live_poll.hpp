// Polls a live broker every 5 ms until `done` holds or `limit` passes; whether it holds. The
// live broker tests' one wait for what its HTTP thread answers.
#pragma once

#include <chrono>
#include <thread>

namespace sos::testing {

template <class Broker, class Sink, class F>
bool poll_until(Broker& b, Sink& out, F done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        b.poll(out);
    }
    return done();
}

}  // namespace sos::testing
