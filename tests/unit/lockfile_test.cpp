// One live executor per account: the lock's key and place, a second process refused with the
// holder's pid and command line (a real second process, tests/unit/lock_holder_main.cpp), and
// the lock gone with its process even after SIGKILL.
#include "lockfile/account_lock.hpp"
#include "lockfile/lock_place.hpp"
#include "lockfile/process_info.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

using namespace sos::lockfile;
using Catch::Matchers::Contains;

namespace {

constexpr auto kChildTimeout = std::chrono::seconds(10);

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "sos-lock-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string str() const { return path.string(); }
};

// lock_holder DIR BROKER REST as a child with its stdin, stdout and stderr on pipes.
class HolderProcess {
public:
    HolderProcess(const std::string& dir, const std::string& broker, const std::string& rest) {
        int in[2], out[2], err[2];
        REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
        REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
        REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);
        std::vector<std::string> args = {SOS_LOCK_HOLDER, dir, broker, rest};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, SOS_LOCK_HOLDER, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        stdin_ = in[1];
        stdout_ = out[0];
        stderr_ = err[0];
        REQUIRE(rc == 0);
    }
    ~HolderProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        for (int fd : {stdin_, stdout_, stderr_})
            if (fd >= 0) ::close(fd);
    }
    pid_t pid() const { return pid_; }

    // What the child writes on `fd` until `stop` is in it, EOF, or the time is up.
    static std::string read_until(int fd, const std::string& stop) {
        const auto deadline = std::chrono::steady_clock::now() + kChildTimeout;
        std::string text;
        while (stop.empty() || text.find(stop) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
            char buf[512];
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n <= 0) break;
            text.append(buf, static_cast<std::size_t>(n));
        }
        return text;
    }
    std::string wait_locked() { return read_until(stdout_, "locked\n"); }
    std::string errors() { return read_until(stderr_, ""); }

    // The child's exit status, or -signal; waits at most kChildTimeout.
    int wait() {
        const auto deadline = std::chrono::steady_clock::now() + kChildTimeout;
        int status = 0;
        for (;;) {
            const pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) break;
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            pollfd none{-1, 0, 0};
            ::poll(&none, 0, 2);
        }
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    void kill_hard() { REQUIRE(::kill(pid_, SIGKILL) == 0); }
    void close_stdin() {
        ::close(stdin_);
        stdin_ = -1;
    }

private:
    pid_t pid_ = -1;
    int stdin_ = -1, stdout_ = -1, stderr_ = -1;
};

std::string held_message(const std::string& dir, const std::string& broker, const std::string& rest) {
    try {
        AccountLock::acquire({broker, rest}, dir);
    } catch (const LockHeld& e) {
        return e.what();
    }
    FAIL("the lock was taken though it is held");
    return "";
}

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("one instance's spellings are one key; other instances are apart") {
    CHECK(instance_key("http://127.0.0.1:5000") == "loopback:5000");
    CHECK(instance_key("http://localhost:5000/") == "loopback:5000");
    CHECK(instance_key("HTTP://LocalHost:5000/api/v1/") == "loopback:5000");
    CHECK(instance_key("http://[::1]:5000") == "loopback:5000");
    CHECK(instance_key("http://127.0.0.1:5001") == "loopback:5001");
    CHECK(instance_key("http://127.0.0.2:5000") == "127.0.0.2:5000");
    CHECK(instance_key("https://Algo.Example.com") == "algo.example.com:443");
    CHECK(instance_key("http://algo.example.com") == "algo.example.com:80");
    CHECK(instance_key("https://algo.example.com/kotak/") == "algo.example.com:443/kotak");
    CHECK(instance_key("http://[fe80::1]:5000") == "[fe80::1]:5000");
}

TEST_CASE("a lock file's name is safe and short whatever the address") {
    CHECK(lock_file_name("http://127.0.0.1:5000") == "account-loopback-5000.lock");
    CHECK(lock_file_name("https://algo.example.com/kotak") == "account-algo.example.com-443_kotak.lock");
    const std::string long_path = "https://h.example.com/" + std::string(300, 'a');
    const std::string name = lock_file_name(long_path);
    CHECK(name.size() < 255);
    CHECK(name != lock_file_name(long_path + "b"));  // the hash of the whole key tells them apart
    CHECK(name.find('/') == std::string::npos);
}

TEST_CASE("the lock folder: the option, else the user's runtime folder, else a private /tmp folder") {
    TempDir tmp;
    const std::string given = tmp.str() + "/locks";
    CHECK(lock_dir(given) == given);
    struct stat st {};
    REQUIRE(::stat(given.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK_THROWS_AS(lock_dir(tmp.str() + "/no/such/parent"), LockError);

    const char* saved = std::getenv("XDG_RUNTIME_DIR");
    const std::optional<std::string> old = saved ? std::optional<std::string>(saved) : std::nullopt;
    ::setenv("XDG_RUNTIME_DIR", tmp.str().c_str(), 1);
    CHECK(lock_dir("") == tmp.str() + "/sos");
    ::unsetenv("XDG_RUNTIME_DIR");
    const std::string fallback = lock_dir("");
    CHECK(fallback == "/tmp/sos-" + std::to_string(::getuid()));
    REQUIRE(::stat(fallback.c_str(), &st) == 0);
    CHECK((st.st_mode & 022) == 0);
    if (old) ::setenv("XDG_RUNTIME_DIR", old->c_str(), 1);
}

TEST_CASE("a file where the lock folder should be is refused, naming it") {
    TempDir tmp;
    const std::string file = tmp.str() + "/plain";
    std::ofstream(file) << "x";
    try {
        lock_dir(file);
        FAIL("accepted");
    } catch (const LockError& e) {
        CHECK_THAT(e.what(), Contains(file) && Contains("not a folder"));
    }
}

TEST_CASE("a second executor on the account is refused, naming the process that holds it") {
    TempDir tmp;
    HolderProcess first(tmp.str(), "kotak", "http://127.0.0.1:5000");
    REQUIRE(first.wait_locked() == "locked\n");

    // Spelt differently, under another name: the same instance, the same account.
    const std::string message = held_message(tmp.str(), "kotak-main", "http://localhost:5000/");
    CHECK_THAT(message, Contains("broker 'kotak-main' (http://localhost:5000/)"));
    CHECK_THAT(message, Contains("pid " + std::to_string(first.pid())));
    CHECK_THAT(message, Contains("lock_holder " + tmp.str() + " kotak http://127.0.0.1:5000"));
    CHECK_THAT(message, Contains("as broker 'kotak'"));
    CHECK_THAT(message, Contains("account-loopback-5000.lock"));

    try {
        AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str());
        FAIL("taken");
    } catch (const LockHeld& e) {
        CHECK(e.holder().pid == first.pid());
        CHECK(e.holder().broker == "kotak");
        CHECK_FALSE(e.holder().this_process);
    }

    // Another instance is another account.
    CHECK(AccountLock::acquire({"dhan", "http://127.0.0.1:5001"}, tmp.str()).held());
}

TEST_CASE("the lock goes with its process, even killed by SIGKILL") {
    TempDir tmp;
    HolderProcess first(tmp.str(), "kotak", "http://127.0.0.1:5000");
    REQUIRE(first.wait_locked() == "locked\n");
    CHECK_THROWS_AS(AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str()), LockHeld);
    first.kill_hard();
    CHECK(first.wait() == -SIGKILL);
    // The file stays behind with the dead holder's record; it holds nothing.
    CHECK_THAT(file_text(tmp.str() + "/account-loopback-5000.lock"), Contains("pid="));
    auto lock = AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str());
    CHECK(lock.held());
    CHECK_THAT(file_text(lock.path()), Contains("pid=" + std::to_string(::getpid()) + "\nbroker=kotak\n"));
}

TEST_CASE("a second process is refused while this one holds the lock, and gets it once let go") {
    TempDir tmp;
    auto lock = AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str());
    {
        HolderProcess second(tmp.str(), "kotak", "http://127.0.0.1:5000");
        CHECK(second.wait() == 75);
        const std::string err = second.errors();
        CHECK_THAT(err, Contains("already traded by another live executor"));
        CHECK_THAT(err, Contains("pid " + std::to_string(::getpid()) + " ("));
        CHECK_THAT(err, Contains("test_lockfile"));  // this test's command line
    }
    lock.release();
    CHECK_FALSE(lock.held());
    CHECK(file_text(tmp.str() + "/account-loopback-5000.lock").empty());  // the record goes with it
    HolderProcess third(tmp.str(), "kotak", "http://127.0.0.1:5000");
    CHECK(third.wait_locked() == "locked\n");
    third.close_stdin();
    CHECK(third.wait() == 0);
}

TEST_CASE("two entries naming one instance in one process: the second is refused as such") {
    TempDir tmp;
    auto lock = AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str());
    try {
        AccountLock::acquire({"kotak2", "http://localhost:5000"}, tmp.str());
        FAIL("taken");
    } catch (const LockHeld& e) {
        CHECK(e.holder().this_process);
        CHECK_THAT(e.what(), Contains("this process already trades as 'kotak'") &&
                                 Contains("two entries of the brokers file name one account"));
    }
    AccountLock moved = std::move(lock);
    CHECK(moved.held());
    CHECK_FALSE(lock.held());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
}

TEST_CASE("a record left by a dead process holds nothing") {
    TempDir tmp;
    std::ofstream(tmp.str() + "/account-loopback-5000.lock") << "pid=1\nbroker=ghost\n";
    CHECK(AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str()).held());
}

TEST_CASE("a process's command line and the kernel's lock table, from /proc") {
    CHECK_THAT(command_line_of(::getpid()), Contains("test_lockfile"));
    CHECK(command_line_of(::getpid(), 5).size() == 8);  // cut, with "..."
    CHECK(command_line_of(0).empty());
    CHECK(process_exists(::getpid()));
    TempDir tmp;
    auto lock = AccountLock::acquire({"kotak", "http://127.0.0.1:5000"}, tmp.str());
    struct stat st {};
    REQUIRE(::stat(lock.path().c_str(), &st) == 0);
    CHECK(flock_holder(st.st_dev, st.st_ino) == ::getpid());
}
