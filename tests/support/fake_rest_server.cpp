#include "fake_rest_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>
#include <vector>

namespace sos::testing {

namespace {

// The Content-Length of a request's head (lower-cased for the search); 0 when absent.
std::size_t content_length(std::string head) {
    for (auto& c : head)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = head.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return static_cast<std::size_t>(std::stoul(head.substr(at + 17)));
}

struct Connection {
    int fd = -1;
    std::string in;
};

}  // namespace

FakeRestServer::FakeRestServer(std::map<std::string, std::string> answers) : answers_(std::move(answers)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listen_fd_, 16) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0 ||
        ::pipe2(wake_, O_CLOEXEC) != 0)
        throw std::runtime_error("fake REST server: cannot listen on 127.0.0.1");
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
}

FakeRestServer::~FakeRestServer() {
    stop_ = true;
    const char b = 1;
    [[maybe_unused]] const auto n = ::write(wake_[1], &b, 1);
    thread_.join();
    for (int fd : {listen_fd_, wake_[0], wake_[1]})
        ::close(fd);
}

std::string FakeRestServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

void FakeRestServer::answer(const std::string& path, std::string body) {
    std::lock_guard lock(mutex_);
    answers_[path] = std::move(body);
}

int FakeRestServer::count(std::string_view path) const {
    std::lock_guard lock(mutex_);
    const auto it = counts_.find(path);
    return it == counts_.end() ? 0 : it->second;
}

std::map<std::string, std::string> FakeRestServer::empty_account() {
    return {{"/api/v1/orderbook", R"({"status":"success","data":{"orders":[]}})"},
            {"/api/v1/tradebook", R"({"status":"success","data":[]})"},
            {"/api/v1/positionbook", R"({"status":"success","data":[]})"},
            {"/api/v1/placeorder", R"({"status":"success","orderid":"1001"})"},
            {"/api/v1/cancelorder", R"({"status":"success","orderid":"1001"})"}};
}

std::string FakeRestServer::respond(const std::string& request) {
    const auto sp1 = request.find(' ');
    const auto sp2 = request.find(' ', sp1 + 1);
    const std::string path = request.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string body = R"({"status":"error","message":"not found"})";
    std::string status = "404 Not Found";
    {
        std::lock_guard lock(mutex_);
        ++counts_[path];
        if (const auto it = answers_.find(path); it != answers_.end()) {
            body = it->second;
            status = "200 OK";
        }
    }
    return "HTTP/1.1 " + status +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

// One thread, poll() over the listening socket, the wake pipe and every connection.
void FakeRestServer::serve() {
    std::vector<Connection> conns;
    while (!stop_) {
        std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        for (const auto& c : conns)
            fds.push_back({c.fd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), 1000) <= 0) continue;
        if (fds[0].revents & POLLIN) {
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) conns.push_back({fd, {}});
        }
        for (std::size_t i = 2; i < fds.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            auto& c = conns[i - 2];
            char buf[4096];
            const auto n = ::read(c.fd, buf, sizeof buf);
            if (n <= 0) {
                ::close(c.fd);
                c.fd = -1;
                continue;
            }
            c.in.append(buf, static_cast<std::size_t>(n));
            for (;;) {
                const auto end = c.in.find("\r\n\r\n");
                if (end == std::string::npos) break;
                const std::size_t whole = end + 4 + content_length(c.in.substr(0, end));
                if (c.in.size() < whole) break;
                const std::string out = respond(c.in.substr(0, end));
                c.in.erase(0, whole);
                [[maybe_unused]] const auto w = ::write(c.fd, out.data(), out.size());
            }
        }
        std::erase_if(conns, [](const Connection& c) { return c.fd < 0; });
    }
    for (const auto& c : conns)
        ::close(c.fd);
}

}  // namespace sos::testing
