// The brokers file and the keys it points to: every refusal names the file and the entry, and
// a dummy key is in no message.
#include "brokers/brokers_file.hpp"
#include "brokers/api_key.hpp"
#include "config/json_config.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "temp_dir.hpp"

using namespace sos::brokers;
using Catch::Matchers::Contains;
using sos::config::ConfigError;

namespace {

constexpr const char* kDummyKey = "DUMMYKEYf00dfeed1234567890abcdef0123456789abcdef0123456789abcd";

using sos::test::TempDir;

std::string entry(const std::string& key_part, const std::string& extra = "") {
    return R"({"brokers": {"zerodha": {"rest": "http://127.0.0.1:5002", "ws": "ws://127.0.0.1:8767", )" +
           key_part + extra + "}}}";
}

// The message of the ConfigError `f` throws (the test fails if it throws none).
template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError");
    return "";
}

std::string parse_refusal(const std::string& text) {
    return refusal([&] { parse_brokers_file(text, "brokers.json"); });
}

}  // namespace

TEST_CASE("The issue's example reads as written") {
    ::setenv("HOME", "/home/trader", 1);
    const auto f = parse_brokers_file(R"({"brokers": {
      "zerodha": {"rest": "http://127.0.0.1:5002", "ws": "ws://127.0.0.1:8767", "api_key_env": "SOS_KEY_ZERODHA"},
      "dhan":    {"rest": "http://127.0.0.1:5001", "ws": "ws://127.0.0.1:8766", "api_key_file": "~/.config/sos/dhan.key",
                  "live": true, "comment": "orders go here"}
    }})",
                                      "b.json");
    REQUIRE(f.entries.size() == 2);
    const auto& z = f.find("zerodha");
    CHECK(z.rest == "http://127.0.0.1:5002");
    CHECK(z.ws == "ws://127.0.0.1:8767");
    CHECK(z.key_source == KeySource::Env);
    CHECK(z.key_location == "SOS_KEY_ZERODHA");
    CHECK_FALSE(z.live);
    const auto& d = f.find("dhan");
    CHECK(d.key_source == KeySource::File);
    CHECK(d.key_location == "/home/trader/.config/sos/dhan.key");
    CHECK(d.live);
}

TEST_CASE("examples/brokers.json is TOMIC's three instances") {
    const auto f = load_brokers_file(std::string(SOS_SOURCE_DIR) + "/examples/brokers.json");
    REQUIRE(f.entries.size() == 3);
    CHECK(f.find("kotak").rest == "http://127.0.0.1:5000");
    CHECK(f.find("kotak").ws == "ws://127.0.0.1:8765");
    CHECK(f.find("dhan").rest == "http://127.0.0.1:5001");
    CHECK(f.find("dhan").ws == "ws://127.0.0.1:8766");
    CHECK(f.find("zerodha").rest == "http://127.0.0.1:5002");
    CHECK(f.find("zerodha").ws == "ws://127.0.0.1:8767");
    for (const auto& e : f.entries)
        CHECK_FALSE(e.live);  // an example never trades for real
}

TEST_CASE("Unknown keys, missing keys and bad values are refused naming the file and the entry") {
    CHECK_THAT(parse_refusal(entry(R"("api_key_env": "K", "api_key": "x")")),
               Contains("brokers.json: brokers.zerodha.api_key: unknown setting"));
    CHECK_THAT(parse_refusal(R"({"brokers": {"z": {"ws": "ws://127.0.0.1:1", "api_key_env": "K"}}})"),
               Contains("brokers.json: brokers.z.rest: missing"));
    CHECK_THAT(parse_refusal(R"({"brokers": {"z": {"rest": "http://127.0.0.1:1", "api_key_env": "K"}}})"),
               Contains("brokers.json: brokers.z.ws: missing"));
    CHECK_THAT(parse_refusal(entry(R"("api_key_env": "K", "api_key_file": "/k")")),
               Contains("brokers.json: brokers.zerodha: give exactly one of api_key_env and api_key_file "
                        "(both are given)"));
    CHECK_THAT(parse_refusal(entry(R"("live": true)")), Contains("(neither is given)"));
    CHECK_THAT(parse_refusal(entry(R"("api_key_env": "K")", R"(, "live": "yes")")),
               Contains("brokers.zerodha.live: must be true or false"));
    CHECK_THAT(parse_refusal(R"({"brokers": {}})"), Contains("brokers.json: brokers: must be an object"));
    CHECK_THAT(parse_refusal(R"({"brokers": {"z": {}}, "feeds": 1})"), Contains("brokers.json: "));
    CHECK_THAT(parse_refusal(R"({"instances": {}})"), Contains("brokers.json: brokers: missing"));
    CHECK_THAT(parse_refusal(R"({"brokers": {"Zerodha!": {}}})"),
               Contains("brokers.Zerodha!: a broker's name"));
}

TEST_CASE("URLs are checked, and carry no credentials or query") {
    const std::string k = R"(, "api_key_env": "K")";
    auto with = [&](const std::string& rest, const std::string& ws) {
        return parse_refusal(R"({"brokers": {"z": {"rest": ")" + rest + R"(", "ws": ")" + ws + "\"" + k +
                             "}}}");
    };
    CHECK_THAT(with("ws://127.0.0.1:5000", "ws://127.0.0.1:8765"), Contains("brokers.z.rest: must be a URL"));
    CHECK_THAT(with("http://127.0.0.1:5000", "http://127.0.0.1:8765"),
               Contains("brokers.z.ws: must be a URL"));
    CHECK_THAT(with("http://127.0.0.1:5000/?apikey=x", "ws://h:1"), Contains("brokers.z.rest"));
    CHECK_THAT(with("http://user:pw@127.0.0.1:5000", "ws://h:1"), Contains("brokers.z.rest"));
    CHECK_NOTHROW(parse_brokers_file(
        R"({"brokers": {"z": {"rest": "https://algo.example.in/", "ws": "wss://algo.example.in/ws")" + k +
            "}}}",
        "b.json"));
}

TEST_CASE("A file that is not JSON is refused by position, without quoting it") {
    const std::string msg = parse_refusal(std::string("{\"brokers\": {\n  \"z\": ") + kDummyKey + "}}");
    CHECK_THAT(msg, Contains("brokers.json: not valid JSON at line 2"));
    CHECK_THAT(msg, !Contains(kDummyKey));
    CHECK_THAT(refusal([] { load_brokers_file("/nonexistent/brokers.json"); }),
               Contains("/nonexistent/brokers.json: cannot open the brokers file"));
}

TEST_CASE("The file named on the command line, then SOS_BROKERS, or a clear refusal") {
    ::setenv("SOS_BROKERS", "/etc/sos/brokers.json", 1);
    CHECK(brokers_path("mine.json") == "mine.json");
    CHECK(brokers_path("") == "/etc/sos/brokers.json");
    ::unsetenv("SOS_BROKERS");
    CHECK_THAT(refusal([] { brokers_path(""); }), Contains("give --brokers FILE or set SOS_BROKERS"));
}

TEST_CASE("A key from the environment") {
    const auto f = parse_brokers_file(entry(R"("api_key_env": "SOS_TEST_KEY_Z")"), "b.json");
    ::setenv("SOS_TEST_KEY_Z", (std::string(kDummyKey) + "\n").c_str(), 1);
    CHECK(read_api_key(f, f.entries[0]).reveal() == kDummyKey);
    ::setenv("SOS_TEST_KEY_Z", "", 1);
    CHECK_THAT(
        refusal([&] { read_api_key(f, f.entries[0]); }),
        Contains("b.json: brokers.zerodha.api_key_env: the environment variable SOS_TEST_KEY_Z is empty"));
    ::unsetenv("SOS_TEST_KEY_Z");
    CHECK_THAT(
        refusal([&] { read_api_key(f, f.entries[0]); }),
        Contains("b.json: brokers.zerodha.api_key_env: the environment variable SOS_TEST_KEY_Z is not set"));
}

TEST_CASE("A key pasted where its variable's name belongs is refused and not repeated") {
    const std::string msg = parse_refusal(entry(std::string(R"("api_key_env": ")") + kDummyKey + "\""));
    CHECK_THAT(msg, Contains("brokers.zerodha.api_key_env: must be the name of an environment variable"));
    CHECK_THAT(msg, !Contains(kDummyKey));
    CHECK_THAT(msg, !Contains("DUMMYKEY"));
}

TEST_CASE("A key file must be owner-only, present, one key on one line") {
    TempDir dir;
    const std::string good = dir.write("z.key", std::string(kDummyKey) + "\n");
    auto file_for = [](const std::string& path) {
        return parse_brokers_file(entry(R"("api_key_file": ")" + path + "\""), "b.json");
    };
    const auto f = file_for(good);
    CHECK(read_api_key(f, f.entries[0]).reveal() == kDummyKey);

    const std::string wide = dir.write("wide.key", kDummyKey, 0644);
    const auto fw = file_for(wide);
    CHECK_THAT(refusal([&] { read_api_key(fw, fw.entries[0]); }),
               Contains("b.json: brokers.zerodha.api_key_file: " + wide +
                        " can be read by others (mode 0644): make it owner-only with chmod 600"));
    const std::string group = dir.write("group.key", kDummyKey, 0640);
    const auto fg = file_for(group);
    CHECK_THAT(refusal([&] { read_api_key(fg, fg.entries[0]); }), Contains("(mode 0640)"));

    const auto missing = file_for((dir.path / "none.key").string());
    CHECK_THAT(refusal([&] { read_api_key(missing, missing.entries[0]); }),
               Contains("brokers.zerodha.api_key_file: cannot read " + (dir.path / "none.key").string()));
    const auto empty = file_for(dir.write("empty.key", "\n"));
    CHECK_THAT(refusal([&] { read_api_key(empty, empty.entries[0]); }), Contains("empty.key is empty"));
    const auto two = file_for(dir.write("two.key", std::string(kDummyKey) + "\nsecond\n"));
    CHECK_THAT(refusal([&] { read_api_key(two, two.entries[0]); }),
               Contains("two.key must hold the key alone, on one line"));
    const auto folder = file_for(dir.path.string());
    CHECK_THAT(refusal([&] { read_api_key(folder, folder.entries[0]); }), Contains("is not a regular file"));
}

TEST_CASE("~ in a key file's path is the user's home, and only that") {
    TempDir dir;
    ::setenv("HOME", dir.path.c_str(), 1);
    dir.write("k", kDummyKey);
    const auto f = parse_brokers_file(entry(R"("api_key_file": "~/k")"), "b.json");
    CHECK(f.entries[0].key_location == (dir.path / "k").string());
    CHECK(read_api_key(f, f.entries[0]).reveal() == kDummyKey);
    CHECK_THAT(parse_refusal(entry(R"("api_key_file": "~root/k")")), Contains("only ~/ (your own home)"));
    ::unsetenv("HOME");
    CHECK_THAT(parse_refusal(entry(R"("api_key_file": "~/k")")), Contains("HOME is not set"));
}

TEST_CASE("Resolving names: every one checked first, in order, once") {
    TempDir dir;
    ::setenv("SOS_TEST_KEY_A", "alpha", 1);
    ::unsetenv("SOS_TEST_KEY_B");
    const auto f = parse_brokers_file(R"({"brokers": {
        "a": {"rest": "http://127.0.0.1:1", "ws": "ws://127.0.0.1:2", "api_key_env": "SOS_TEST_KEY_A"},
        "b": {"rest": "http://127.0.0.1:3", "ws": "ws://127.0.0.1:4", "api_key_env": "SOS_TEST_KEY_B"}}})",
                                      "b.json");
    const auto one = resolve_brokers(f, {"a"});
    REQUIRE(one.size() == 1);
    CHECK(one[0].entry->name == "a");
    CHECK(one[0].key.reveal() == "alpha");
    CHECK_THAT(refusal([&] { resolve_brokers(f, {"a", "b"}); }), Contains("SOS_TEST_KEY_B is not set"));
    CHECK_THAT(refusal([&] { resolve_brokers(f, {"c"}); }),
               Contains("b.json: no broker named 'c' (the file has a, b)"));
    CHECK_THAT(refusal([&] { resolve_brokers(f, {"a", "a"}); }), Contains("broker 'a' is named twice"));
    ::unsetenv("SOS_TEST_KEY_A");
}

TEST_CASE("The dummy key appears in no refusal, whichever path fails") {
    TempDir dir;
    std::vector<std::string> messages;
    auto keep = [&](auto&& f) { messages.push_back(refusal(f)); };
    ::setenv("SOS_TEST_KEY_D", kDummyKey, 1);
    const std::string wide = dir.write("wide.key", kDummyKey, 0644);
    const std::string two = dir.write("two.key", std::string(kDummyKey) + " " + kDummyKey);
    keep([&] { parse_brokers_file(std::string("{\"brokers\": ") + kDummyKey, "b.json"); });
    keep([&] { parse_brokers_file(entry(std::string(R"("api_key_env": ")") + kDummyKey + "\""), "b.json"); });
    keep([&] {
        parse_brokers_file(
            entry(R"("api_key_env": "SOS_TEST_KEY_D", "api_key": ")" + std::string(kDummyKey) + "\""),
            "b.json");
    });
    keep([&] {
        const auto f = parse_brokers_file(entry(R"("api_key_file": ")" + wide + "\""), "b.json");
        read_api_key(f, f.entries[0]);
    });
    keep([&] {
        const auto f = parse_brokers_file(entry(R"("api_key_file": ")" + two + "\""), "b.json");
        read_api_key(f, f.entries[0]);
    });
    keep([&] {
        const auto f = parse_brokers_file(entry(R"("api_key_env": "SOS_TEST_KEY_D")"), "b.json");
        resolve_brokers(f, {"zerodha", "kite"});
    });
    ::setenv("SOS_TEST_KEY_D", (std::string(kDummyKey) + " extra").c_str(), 1);
    keep([&] {
        const auto f = parse_brokers_file(entry(R"("api_key_env": "SOS_TEST_KEY_D")"), "b.json");
        read_api_key(f, f.entries[0]);
    });
    ::unsetenv("SOS_TEST_KEY_D");
    REQUIRE(messages.size() == 7);
    for (const auto& m : messages) {
        INFO(m);
        CHECK_THAT(m, !Contains(kDummyKey));
        CHECK_THAT(m, !Contains("DUMMYKEY"));
        CHECK_THAT(m, Contains("b.json"));
    }
}
