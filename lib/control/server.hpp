// A tool's control socket: a Unix stream socket, owner-only (0600) in an owner-only directory,
// served on a thread of its own. Each connection is checked with SO_PEERCRED (the same user
// only; anyone else is told so and cut off), then sends one request line and gets one answer
// line (handler.hpp). The socket is removed when the server goes.
#pragma once

#include <string>
#include <thread>

#include "pipeline/injector.hpp"

namespace sos::control {

class Server {
public:
    // Listens at `path`. `create_dir`: the directory is made (0700) when missing, as for
    // --control auto; otherwise it must exist. Either way it must be the user's own and open to
    // nobody else. A socket left at `path` by a process that is gone is replaced; one that
    // answers is not. Throws SocketError.
    // `live`: the stream runs on the wall clock (handler.hpp says what changes).
    Server(std::string path, bool create_dir, std::string tool, pipeline::Injector& injector,
           bool live = true);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    const std::string& path() const { return path_; }

private:
    void run();
    void serve(int fd);

    std::string path_;
    std::string tool_;
    pipeline::Injector& injector_;
    bool live_;
    int listen_fd_ = -1;
    int stop_fd_ = -1;
    std::thread thread_;
};

}  // namespace sos::control
