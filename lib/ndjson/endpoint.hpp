// Where a tool reads and writes: the transport seam behind --in, --out and sos-feed replay's
// inputs. A spec names an endpoint; every endpoint is a kernel descriptor the stage reads or
// writes, so the tools and the stage never know which transport is behind it.
//
//   -              standard input or output (the default)
//   FILE           a file (an existing socket file given as --in is connected to)
//   unix:PATH      --in: connect to a listening Unix socket; --out: listen at PATH, wait for one
//                  reader to connect, and write to it
//   SCHEME:...     any transport registered under SCHEME (ws://, nats://, ...)
//
// Adding a transport is adding one file, lib/ndjson/schemes/NAME.cpp, which defines
// `void sos::ndjson::schemes::register_NAME()` calling register_scheme(); the build lists the
// folder and calls every register_*() before the first endpoint is opened. A transport that
// is not a descriptor by nature (a WebSocket client, a NATS subscription) bridges its messages
// into one: a pipe or socketpair filled by a thread of its own, owned by its Endpoint, one
// message a line. A spec of the form NAME://... whose NAME is not registered is a usage error.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sos::ndjson {

class EndpointError : public std::runtime_error {
public:
    enum class Kind {
        NoInput,     // an input cannot be opened (exit 66)
        CantCreate,  // an output cannot be created (exit 73)
        Usage,       // the spec itself is wrong, e.g. an unknown scheme (exit 64)
    };
    EndpointError(const std::string& what, Kind kind) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// An opened endpoint: a descriptor, closed with the endpoint (standard input and output are
// left open). A transport with more to own (a thread, a connection) derives from it.
class Endpoint {
public:
    Endpoint(int fd, std::string name, bool owned = true) : fd_(fd), name_(std::move(name)), owned_(owned) {}
    virtual ~Endpoint();
    Endpoint(const Endpoint&) = delete;
    Endpoint& operator=(const Endpoint&) = delete;

    int fd() const { return fd_; }
    // For diagnostics: the spec as given; empty for standard input or output.
    const std::string& name() const { return name_; }
    // A regular file: its size is known and it can be read at any offset.
    bool regular_file() const;

private:
    int fd_;
    std::string name_;
    bool owned_;
};

// Open a spec as an input or an output. Throw EndpointError with a message naming the spec.
std::unique_ptr<Endpoint> open_input(const std::string& spec);
std::unique_ptr<Endpoint> open_output(const std::string& spec);

// A transport: how to open an input and an output of specs starting with "NAME:".
struct Scheme {
    std::string name;   // "unix", "ws"
    std::string usage;  // the spec's form, for --help and errors: "unix:PATH"
    // `spec` is the whole spec as given. Either may be null: that direction is not offered.
    std::unique_ptr<Endpoint> (*open_input)(const std::string& spec) = nullptr;
    std::unique_ptr<Endpoint> (*open_output)(const std::string& spec) = nullptr;
};
void register_scheme(Scheme scheme);
// The registered schemes' forms, for usage messages ("unix:PATH").
std::vector<std::string> scheme_forms();

// Makes sure descriptors 0, 1 and 2 are open, before anything else opens a descriptor: one
// closed by the caller (`tool <&-`) would otherwise be reused by the next file or socket the
// tool opens, which would then be read as input or overwritten as output. A closed one is
// replaced with /dev/null and remembered: opening "-" for it is then an error naming it.
void guard_standard_descriptors();

}  // namespace sos::ndjson
