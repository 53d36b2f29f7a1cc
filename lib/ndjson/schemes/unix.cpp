// unix:PATH, a Unix socket on this machine: as an input, connect to a socket listening at PATH
// (retrying for five seconds while its writer starts) and read from it; as an output, listen at
// PATH, wait for one reader to connect and write to it. Tools on one host chained without a
// shell pipe (a supervisor starting each one), or a reader that comes and goes.
#include "ndjson/endpoint.hpp"
#include "ndjson/unix_socket.hpp"

namespace sos::ndjson::schemes {

void register_unix() {
    Scheme s;
    s.name = "unix";
    s.usage = "unix:PATH";
    s.open_input = [](const std::string& spec) {
        return std::make_unique<Endpoint>(connect_unix_socket(spec.substr(5)), spec);
    };
    s.open_output = [](const std::string& spec) {
        return std::make_unique<Endpoint>(accept_one_unix(spec.substr(5)), spec);
    };
    register_scheme(std::move(s));
}

}  // namespace sos::ndjson::schemes
