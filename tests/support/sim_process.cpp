#include "sim_process.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef SOS_SOURCE_DIR
#error "SOS_SOURCE_DIR must name the source tree (tests find the simulator there)"
#endif

namespace sos::testing {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The value of "key": "value" in the ready file's one-line JSON.
std::string json_string(const std::string& text, const std::string& key) {
    const auto at = text.find("\"" + key + "\": \"");
    if (at == std::string::npos) return {};
    const auto start = at + key.size() + 5;
    return text.substr(start, text.find('"', start) - start);
}

int port_of(const std::string& url) {
    return std::atoi(url.substr(url.rfind(':') + 1).c_str());
}

std::size_t append(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

}  // namespace

std::vector<std::string> quick_sim_args(std::vector<std::string> more) {
    std::vector<std::string> args = {"--session", "always",    "--prehistory-days",
                                     "0",         "--symbols", "NSE_INDEX:NIFTY"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

SimProcess::SimProcess(std::vector<std::string> args, std::chrono::milliseconds ready_timeout) {
    char tmpl[] = "/tmp/sos-sim-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
    dir_ = tmpl;
    const std::string ready = dir_ + "/ready.json", log = dir_ + "/sim.log";
    std::vector<std::string> argv = {SOS_SOURCE_DIR "/tests/openalgo-sim/openalgo-sim",
                                     "--rest-port",
                                     "0",
                                     "--ws-port",
                                     "0",
                                     "--ready-file",
                                     ready,
                                     "--quiet"};
    argv.insert(argv.end(), args.begin(), args.end());
    // posix_spawn, not fork: a test may already run threads (a client's service thread).
    std::vector<char*> cargv;
    for (auto& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = ::posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("could not start openalgo-sim");
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
    while (!std::filesystem::exists(ready) || std::filesystem::file_size(ready) == 0) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("openalgo-sim exited: " + read_file(log));
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("openalgo-sim not ready in time");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto info = read_file(ready);
    rest_ = json_string(info, "rest");
    ws_ = json_string(info, "ws");
}

SimProcess::~SimProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 200 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

int SimProcess::rest_port() const {
    return port_of(rest_);
}
int SimProcess::ws_port() const {
    return port_of(ws_);
}

std::string SimProcess::log() const {
    return read_file(dir_ + "/sim.log");
}

SimProcess::Answer SimProcess::call(std::string_view method, std::string_view path,
                                    std::string_view body) const {
    Answer a;
    CURL* h = curl_easy_init();
    if (!h) return a;
    const std::string url = rest_ + std::string(path);
    const std::string m(method), b(body);
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m.c_str());
    if (m != "GET") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, b.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(b.size()));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 60000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &a.body);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return a;
}

}  // namespace sos::testing
