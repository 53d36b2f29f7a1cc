#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "ndjson/endpoint.hpp"

#include "temp_dir.hpp"

using namespace sos::ndjson;

namespace {

using sos::test::TempDir;

template <class F>
EndpointError error_of(F&& f) {
    try {
        f();
    } catch (const EndpointError& e) {
        return e;
    }
    FAIL("no EndpointError");
    return EndpointError("", EndpointError::Kind::Usage);
}

// Runs `body` in a child process (for what must not touch the test runner's own descriptors)
// and returns its exit status.
template <class F>
int in_child(F&& body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) ::_exit(body());
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("'-' is standard input and output, left open when the endpoint goes") {
    {
        auto in = open_input("-");
        auto out = open_output("-");
        REQUIRE(in->fd() == 0);
        REQUIRE(out->fd() == 1);
        REQUIRE(in->name().empty());
    }
    REQUIRE(::fcntl(0, F_GETFD) != -1);
    REQUIRE(::fcntl(1, F_GETFD) != -1);
}

TEST_CASE("a file is opened for reading and created for writing, named for diagnostics") {
    TempDir d;
    const std::string path = d.file("lines.ndjson");
    {
        auto out = open_output(path);
        REQUIRE(out->name() == path);
        REQUIRE(::write(out->fd(), "{}\n", 3) == 3);
        REQUIRE(out->regular_file());
    }
    auto in = open_input(path);
    char buf[8];
    REQUIRE(::read(in->fd(), buf, sizeof buf) == 3);
}

TEST_CASE("a missing input is refused naming it") {
    const auto e = error_of([] { open_input("/no/such/file.ndjson"); });
    REQUIRE(e.kind() == EndpointError::Kind::NoInput);
    REQUIRE(std::string(e.what()) == "/no/such/file.ndjson: cannot open: No such file or directory");
}

TEST_CASE("a directory given as an input is refused saying what it is") {
    TempDir d;
    const auto e = error_of([&] { open_input(d.path.string()); });
    REQUIRE(e.kind() == EndpointError::Kind::NoInput);
    REQUIRE(std::string(e.what()) == d.path.string() + ": is a directory, not a file of lines");
    REQUIRE(error_of([&] { open_output(d.path.string()); }).kind() == EndpointError::Kind::CantCreate);
}

TEST_CASE("an unknown transport is a usage error naming it and the ones there are") {
    const auto e = error_of([] { open_input("ws://127.0.0.1:9/feed"); });
    REQUIRE(e.kind() == EndpointError::Kind::Usage);
    REQUIRE(std::string(e.what()) ==
            "ws://127.0.0.1:9/feed: no transport 'ws' for input (known: -, FILE, unix:PATH)");
    REQUIRE(error_of([] { open_output("nats://localhost/sos.candles"); }).kind() ==
            EndpointError::Kind::Usage);
}

TEST_CASE("a file name with a colon in it is still a file") {
    TempDir d;
    const std::string path = d.file("2024-01-08T09:15.ndjson");
    std::ofstream(path) << "{}\n";
    REQUIRE(open_input(path)->regular_file());
    // Relative, so that the colon comes before any slash.
    REQUIRE(::chdir(d.path.c_str()) == 0);
    REQUIRE(open_input("2024-01-08T09:15.ndjson")->regular_file());
    REQUIRE(::chdir("/") == 0);
}

TEST_CASE("unix: connects an input to an output listening at the same path") {
    TempDir d;
    const std::string spec = "unix:" + d.file("feed.sock");
    const pid_t writer = ::fork();
    REQUIRE(writer >= 0);
    if (writer == 0) {
        // --out unix:PATH: listen, wait for the reader, write one line.
        auto out = open_output(spec);
        ::_exit(::write(out->fd(), "{}\n", 3) == 3 ? 0 : 1);
    }
    auto in = open_input(spec);  // retries while the writer starts listening
    REQUIRE(in->name() == spec);
    char buf[8];
    REQUIRE(::read(in->fd(), buf, sizeof buf) == 3);
    int status = 0;
    REQUIRE(::waitpid(writer, &status, 0) == writer);
    REQUIRE(WEXITSTATUS(status) == 0);
}

TEST_CASE("a closed standard input is an error naming it, not a hang") {
    const int status = in_child([] {
        ::close(0);
        guard_standard_descriptors();
        // Descriptor 0 is taken again, so nothing opened later can be mistaken for input.
        if (::fcntl(0, F_GETFD) == -1) return 2;
        try {
            open_input("-");
        } catch (const EndpointError& e) {
            return e.kind() == EndpointError::Kind::NoInput &&
                           std::string(e.what()).rfind("standard input is closed", 0) == 0
                       ? 0
                       : 3;
        }
        return 4;
    });
    REQUIRE(status == 0);
}

TEST_CASE("a closed standard output is an error for '-', and no file opened later lands on it") {
    const int status = in_child([] {
        ::close(1);
        guard_standard_descriptors();
        const int fd = ::open("/dev/null", O_RDONLY);
        if (fd == 1) return 2;
        try {
            open_output("-");
        } catch (const EndpointError& e) {
            return e.kind() == EndpointError::Kind::CantCreate ? 0 : 3;
        }
        return 4;
    });
    REQUIRE(status == 0);
}
