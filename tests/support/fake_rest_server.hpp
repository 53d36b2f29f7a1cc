// A loopback HTTP/1.1 server for the live broker's unit tests, smaller than the simulator (no
// process, no market): each POST is answered 200 with the JSON body set for its path, or 404;
// what was asked is counted per path. Its own thread serves every connection (libcurl keeps
// them alive); the test's thread only sets answers and reads counts, under a lock.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace sos::testing {

class FakeRestServer {
public:
    // `answers`: path ("/api/v1/orderbook") to the body answered with 200.
    explicit FakeRestServer(std::map<std::string, std::string> answers);
    ~FakeRestServer();
    FakeRestServer(const FakeRestServer&) = delete;
    FakeRestServer& operator=(const FakeRestServer&) = delete;

    std::string url() const;  // http://127.0.0.1:PORT
    void answer(const std::string& path, std::string body);
    int count(std::string_view path) const;

    // The books of an account with nothing in it, and a placeorder that is acknowledged.
    static std::map<std::string, std::string> empty_account();

private:
    void serve();
    std::string respond(const std::string& request);

    int listen_fd_ = -1;
    int wake_[2] = {-1, -1};
    int port_ = 0;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> answers_;
    std::map<std::string, int, std::less<>> counts_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace sos::testing
