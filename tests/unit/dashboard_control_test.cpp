// The dashboard's control port wired to a control socket (lib/dashboard/socket_control): what
// each action becomes on the socket (a fake sos-risk in the test records the request line),
// the ticket's paise as the contract's rupees, a broker the pipeline does not trade on refused
// before anything is sent, and the HTTP status of each answer: done, refused by the tool
// (a real control::Server whose stage is not running), nobody listening.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "control/server.hpp"
#include "dashboard/socket_control.hpp"
#include "pipeline/injector.hpp"
#include "temp_dir.hpp"

using namespace sos::dashboard;
using Json = nlohmann::json;

namespace {

// One connection: reads the request line, answers `answer`, keeps what it read.
struct FakeRisk {
    std::string path;
    std::string answer;
    std::string request;
    int fd = -1;
    std::thread thread;

    FakeRisk(std::string p, std::string a) : path(std::move(p)), answer(std::move(a)) {
        fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path.copy(addr.sun_path, sizeof addr.sun_path - 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        ::chmod(path.c_str(), 0600);
        REQUIRE(::listen(fd, 1) == 0);
        thread = std::thread([this] {
            const int c = ::accept(fd, nullptr, nullptr);
            if (c < 0) return;
            char ch = 0;
            while (::read(c, &ch, 1) == 1 && ch != '\n')
                request += ch;
            const std::string line = answer + "\n";
            (void)!::write(c, line.data(), line.size());
            ::close(c);
        });
    }
    // What it read, once it has answered.
    const std::string& read() {
        if (thread.joinable()) thread.join();
        return request;
    }
    ~FakeRisk() {
        if (thread.joinable()) thread.join();
        ::close(fd);
    }
};

SocketControlOptions pipeline(const std::string& socket, const std::string& exec,
                              const std::string& feed = "") {
    SocketControlOptions o;
    o.socket = socket;
    o.exec_broker = exec;
    o.feed_broker = feed;
    return o;
}

ControlAction ticket(std::string feed, std::string exec) {
    OrderTicket t;
    t.symbol = "NIFTY24JAN21500CE";
    t.side = sos::vocab::Side::Sell;
    t.qty = 75;
    t.stop_paise = 2175005;  // 21750.05: not a sum of powers of two, so it must arrive as written
    t.target_paise = 2160010;
    t.feed_broker = std::move(feed);
    t.exec_broker = std::move(exec);
    ControlAction a;
    a.ticket = t;
    return a;
}

}  // namespace

TEST_CASE("dashboard control: pause, resume, kill and reset go to sos-risk's socket as its CONTROL") {
    sos::test::TempDir dir;
    for (auto [command, word] :
         std::vector<std::pair<ControlCommand, std::string>>{{ControlCommand::Pause, "pause"},
                                                             {ControlCommand::Resume, "resume"},
                                                             {ControlCommand::Kill, "kill"},
                                                             {ControlCommand::Reset, "reset"}}) {
        const std::string path = dir.file(word + ".sock");
        std::string request;
        {
            FakeRisk risk(path, "{\"ok\":true,\"command\":\"" + word + "\",\"detail\":\"" + word + "d\"}");
            SocketControl port(pipeline(path, "zerodha"));
            ControlAction a;
            a.command = command;
            a.scope = word == "kill" ? "NIFTY" : "";
            const ControlReply r = port.send(a);
            CHECK(r.status == 200);
            CHECK(r.message == word + "d");
            request = risk.read();
        }
        const Json j = Json::parse(request);
        CHECK(j["command"] == word);
        CHECK(j.value("scope", "") == (word == "kill" ? "NIFTY" : ""));
    }
}

TEST_CASE("dashboard control: the ticket becomes a manual signal, its paise the contract's rupees") {
    sos::test::TempDir dir;
    const std::string path = dir.file("risk.sock");
    FakeRisk risk(path, "{\"ok\":true,\"command\":\"signal\",\"detail\":\"SELL NIFTY24JAN21500CE routed\"}");
    SocketControl port(
        pipeline(path, "kotak", "zerodha"));  // TOMIC's split: fed by zerodha, executed on kotak
    const ControlReply r = port.send(ticket("zerodha", "kotak"));
    CHECK(r.status == 200);
    const Json j = Json::parse(risk.read());
    CHECK(j["command"] == "signal");
    CHECK(j["symbol"] == "NIFTY24JAN21500CE");
    CHECK(j["side"] == "SELL");
    CHECK(j["qty"] == 75);
    // As text, the shortest that reads back as the same double: the price as the operator wrote it.
    CHECK(risk.request.find("\"sl\":21750.05") != std::string::npos);
    CHECK(risk.request.find("\"tp\":21600.1") != std::string::npos);
    CHECK(!j.contains("entry"));  // sos-risk's last price
}

TEST_CASE("dashboard control: a ticket naming a broker the pipeline does not trade on is refused, unsent") {
    sos::test::TempDir dir;
    const std::string path = dir.file("nobody.sock");  // nothing listens: were it sent, 503
    SocketControl port(pipeline(path, "zerodha"));
    ControlReply r = port.send(ticket("zerodha", "dhan"));
    CHECK(r.status == 422);
    CHECK(r.message.find("execution broker is zerodha") != std::string::npos);
    CHECK(r.message.find("dhan") != std::string::npos);
    r = port.send(ticket("dhan", "zerodha"));
    CHECK(r.status == 422);
    CHECK(r.message.find("feed broker is zerodha") != std::string::npos);
    SocketControl split(pipeline(path, "kotak", "zerodha"));
    CHECK(split.send(ticket("kotak", "kotak")).status == 422);  // kotak executes; zerodha feeds
    SocketControl unknown(pipeline(path, ""));
    r = unknown.send(ticket("zerodha", "zerodha"));
    CHECK(r.status == 422);
    CHECK(r.message.find("--pipeline-broker") != std::string::npos);
}

TEST_CASE("dashboard control: refused by the tool 409 with its reason, nobody listening 503") {
    sos::test::TempDir dir;
    const std::string path = dir.file("risk.sock");
    ControlAction pause;
    pause.command = ControlCommand::Pause;
    {
        SocketControl port(pipeline(path, "zerodha"));
        ControlReply r = port.send(pause);
        CHECK(r.status == 503);
        CHECK(r.message.rfind("sos-risk: ", 0) == 0);
    }
    sos::pipeline::Injector injector;  // no stage attached: the tool answers NOT_RUNNING
    sos::control::Server server(path, false, "sos-risk", injector);
    SocketControl port(pipeline(path, "zerodha"));
    const ControlReply r = port.send(pause);
    CHECK(r.status == 409);
    CHECK(r.message.find("NOT_RUNNING") != std::string::npos);
}
