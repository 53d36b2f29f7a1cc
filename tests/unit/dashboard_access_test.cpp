// The dashboard's access rules and token: loopback by default, the token for anything that changes
// state (and for everything beyond loopback), reads refused under a foreign Host, the token read
// from an owner-only file or the environment or made new in an owner-only file.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "config/json_config.hpp"
#include "dashboard/access.hpp"
#include "dashboard/token.hpp"
#include "temp_dir.hpp"

using namespace sos::dashboard;
using sos::brokers::Secret;

namespace {

Request get(const std::string& host, const std::string& auth = {}) {
    Request r;
    r.path = "/api/status";
    r.host = host;
    r.authorization = auth;
    return r;
}

Request post(const std::string& auth) {
    Request r = get("127.0.0.1:8080", auth);
    r.method = Method::Post;
    r.path = "/api/control";
    return r;
}

}  // namespace

TEST_CASE("dashboard: --listen addresses, and which are loopback") {
    auto a = parse_listen("127.0.0.1:8080");
    CHECK(a.host == "127.0.0.1");
    CHECK(a.port == 8080);
    CHECK(a.loopback());
    CHECK(parse_listen("127.1.2.3:1").loopback());
    CHECK(parse_listen("[::1]:9000").loopback());
    CHECK(parse_listen("[::1]:9000").port == 9000);
    CHECK(parse_listen("localhost:80").loopback());
    CHECK_FALSE(parse_listen("0.0.0.0:8080").loopback());
    CHECK_FALSE(parse_listen("192.168.1.5:8080").loopback());
    CHECK_FALSE(parse_listen("[::]:8080").loopback());
    CHECK_THROWS_AS(parse_listen("127.0.0.1"), std::invalid_argument);
    CHECK_THROWS_AS(parse_listen("127.0.0.1:99999"), std::invalid_argument);
    CHECK_THROWS_AS(parse_listen("127.0.0.1:http"), std::invalid_argument);
    CHECK_THROWS_AS(parse_listen("example.com:80"), std::invalid_argument);
}

TEST_CASE("dashboard: a request that changes state needs the token, always") {
    const AccessPolicy on_loopback(Secret("s3cret-token"), true, 8080);
    CHECK(on_loopback.check(post(""))->status == 401);
    CHECK(on_loopback.check(post("Bearer wrong"))->status == 401);
    CHECK(on_loopback.check(post("s3cret-token"))->status == 401);  // not a bearer token
    CHECK(on_loopback.check(post("Bearer s3cret-token x"))->status == 401);
    CHECK_FALSE(on_loopback.check(post("Bearer s3cret-token")));
    // The refusal never carries the token back.
    CHECK(on_loopback.check(post("Bearer wrong"))->body.find("s3cret") == std::string::npos);
}

TEST_CASE("dashboard: reads are open on loopback, to the loopback's own Host only") {
    const AccessPolicy p(Secret("t0ken"), true, 8080);
    CHECK_FALSE(p.check(get("127.0.0.1:8080")));
    CHECK_FALSE(p.check(get("localhost:8080")));
    CHECK_FALSE(p.check(get("[::1]:8080")));
    // A foreign name rebound to 127.0.0.1 (DNS rebinding) is refused.
    CHECK(p.check(get("evil.example:8080"))->status == 403);
    CHECK(p.check(get(""))->status == 403);
}

TEST_CASE("dashboard: beyond loopback every request needs the token") {
    const AccessPolicy p(Secret("t0ken"), false, 8080);
    CHECK(p.check(get("10.0.0.2:8080"))->status == 401);
    CHECK(p.check(get("127.0.0.1:8080"))->status == 401);
    CHECK_FALSE(p.check(get("10.0.0.2:8080", "Bearer t0ken")));
}

TEST_CASE("dashboard: the token from an owner-only file, refused from a file others can read") {
    sos::test::TempDir dir;
    const std::string path = dir.file("token");
    std::ofstream(path) << "  abc123\n";
    ::chmod(path.c_str(), 0600);
    const Token t = load_token(path);
    CHECK(t.secret.matches("abc123"));
    CHECK(t.origin.find("abc123") == std::string::npos);
    ::chmod(path.c_str(), 0644);
    try {
        load_token(path);
        FAIL("a token file others can read was taken");
    } catch (const sos::config::ConfigError& e) {
        CHECK(std::string(e.what()).find("abc123") == std::string::npos);
        CHECK(std::string(e.what()).find("0644") != std::string::npos);
    }
    std::ofstream(path) << "two words\n";
    ::chmod(path.c_str(), 0600);
    CHECK_THROWS_AS(load_token(path), sos::config::ConfigError);
}

TEST_CASE("dashboard: the token from the environment, or a new one in an owner-only file") {
    sos::test::TempDir dir;
    ::setenv("XDG_RUNTIME_DIR", dir.path.c_str(), 1);
    ::setenv(kTokenEnv, "from-env", 1);
    CHECK(load_token("").secret.matches("from-env"));
    CHECK(load_token("").origin == kTokenEnv);
    ::unsetenv(kTokenEnv);
    const Token t = load_token("");
    const std::string path = dir.path.string() + "/sos-dashboard.token";
    CHECK(t.origin == "new, in " + path);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::string written;
    std::ifstream(path) >> written;
    CHECK(written.size() == 64);
    CHECK(t.secret.matches(written));
    // A second start makes another one: the file holds the token in force.
    const Token u = load_token("");
    CHECK_FALSE(u.secret.matches(written));
    ::unsetenv("XDG_RUNTIME_DIR");
}
