// The live state file: intents and states read back after a restart, a write cut short by a
// crash dropped, a damaged line refused, and the API key nowhere in it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "broker/live/client_order_id.hpp"
#include "broker/live/state_file.hpp"

#include "temp_dir.hpp"

using namespace sos;
using namespace sos::broker::live;
namespace fs = std::filesystem;

namespace {

using sos::test::TempDir;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

StoredOrder intent(const std::string& order_id, int slice) {
    StoredOrder o;
    o.client_id = *client_order_id(order_id, slice);
    o.order_id = order_id;
    o.slice = slice;
    o.request.strategy = o.client_id;
    o.request.exchange = vocab::Exchange::Nse;
    o.request.symbol = "RELIANCE";
    o.request.action = vocab::Side::Sell;
    o.request.quantity = 10;
    o.request.pricetype = vocab::OrderType::Sl;
    o.request.price = money::Paise{250695};
    o.request.trigger_price = money::Paise{250700};
    return o;
}

}  // namespace

TEST_CASE("intents and states read back after a restart") {
    TempDir d;
    const auto path = d.file("exec.state");
    const auto a = intent("ORB:RELIANCE:1m:1#1", 0);
    const auto b = intent("ORB:RELIANCE:1m:1#1", 1);
    {
        StateFile f(path);
        CHECK(f.orders().empty());
        f.append_intent(a);
        f.append_state(a.client_id, LiveState::Sent, "", 0);
        f.append_state(a.client_id, LiveState::PartiallyFilled, "250408000989443", 4);
        f.append_intent(b);
    }
    StateFile f(path);
    REQUIRE(f.orders().size() == 2);
    const auto* ra = f.find(a.client_id);
    REQUIRE(ra);
    CHECK(ra->order_id == a.order_id);
    CHECK(ra->request == a.request);
    CHECK(ra->state == LiveState::PartiallyFilled);
    CHECK(ra->broker_order_id == "250408000989443");
    CHECK(ra->filled_qty == 4);
    CHECK(f.find(b.client_id)->state == LiveState::Intent);
    CHECK(f.find(b.client_id)->slice == 1);
    // Owner-only: it names what was traded.
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 077) == 0);
}

TEST_CASE("a second intent for one client id is refused") {
    TempDir d;
    StateFile f(d.file("s"));
    f.append_intent(intent("X#1", 0));
    CHECK_THROWS_AS(f.append_intent(intent("X#1", 0)), StateError);
    CHECK_THROWS_AS(f.append_state("Snope", LiveState::Sent, "", 0), StateError);
}

TEST_CASE("a last line cut short by a crash is dropped, a damaged one elsewhere refused") {
    TempDir d;
    const auto path = d.file("s");
    const auto a = intent("X#1", 0);
    {
        StateFile f(path);
        f.append_intent(a);
    }
    const auto whole = slurp(path);
    {
        std::ofstream out(path, std::ios::app);
        out << R"({"rec":"intent","client_id":"Sabc)";  // no newline: the crash came mid-write
    }
    {
        StateFile f(path);
        CHECK(f.orders().size() == 1);
    }
    {
        std::ofstream out(path, std::ios::trunc);
        out << "not json\n" << whole;
    }
    CHECK_THROWS_WITH(StateFile(path), Catch::Contains("line 1"));
    {
        std::ofstream out(path, std::ios::trunc);
        out << R"({"rec":"state","client_id":"Sx","state":"OPEN","broker_order_id":"1","filled_qty":0})"
            << "\n";
    }
    CHECK_THROWS_WITH(StateFile(path), Catch::Contains("a state before its intent"));
    {
        std::ofstream out(path, std::ios::trunc);
        out << whole << R"({"rec":"state","client_id":")" << a.client_id
            << R"(","state":"ACKED","broker_order_id":"1","filled_qty":0})"
            << "\n";
    }
    CHECK_THROWS_WITH(StateFile(path), Catch::Contains("line 2"));
}

TEST_CASE("a record appended after a cut-short line starts a line of its own") {
    TempDir d;
    const auto path = d.file("s");
    const auto a = intent("X#1", 0);
    {
        StateFile f(path);
        f.append_intent(a);
    }
    {
        std::ofstream out(path, std::ios::app);
        out << R"({"rec":"state","client_id":")";  // the crash came mid-write
    }
    {
        StateFile f(path);
        f.append_state(a.client_id, LiveState::Sent, "", 0);
    }
    StateFile f(path);  // the fragment and the record after it did not become one damaged line
    CHECK(f.find(a.client_id)->state == LiveState::Sent);
}

TEST_CASE("the API key is never in the state file") {
    TempDir d;
    const auto path = d.file("s");
    const std::string key = "dummy-key-7f3a9c1e5b";
    const auto a = intent("ORB:RELIANCE:1m:1#1", 0);
    // The body that goes on the wire carries it; what the state file keeps of the same request
    // does not.
    REQUIRE(openalgo::encode_placeorder(key, a.request).find(key) != std::string::npos);
    {
        StateFile f(path);
        f.append_intent(a);
        f.append_state(a.client_id, LiveState::Sent, "", 0);
        f.append_state(a.client_id, LiveState::Open, "2504", 0);
    }
    const auto text = slurp(path);
    CHECK(text.find("apikey") == std::string::npos);
    CHECK(text.find(key) == std::string::npos);
    CHECK(text.find(a.client_id) != std::string::npos);  // the file is not empty
}
