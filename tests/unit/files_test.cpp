// The one way sos replaces a file whole: the new bytes or the old, never a mix, and nothing
// left beside it when a step fails.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "files/atomic_write.hpp"

#include "temp_dir.hpp"

using sos::files::write_file_atomically;
using sos::files::WriteFailure;
namespace fs = std::filesystem;

namespace {

using sos::test::TempDir;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a new file is written whole and nothing is left beside it") {
    TempDir d;
    const std::string bytes("state\0with a NUL\n", 17);
    REQUIRE_FALSE(write_file_atomically(d.file("state"), bytes));
    CHECK(read(d.file("state")) == bytes);
    CHECK(entries(d.path) == 1);
}

TEST_CASE("an existing file is replaced, and a reader that had it open keeps the old contents") {
    TempDir d;
    const auto path = d.file("history.json");
    REQUIRE_FALSE(write_file_atomically(path, std::string(100000, 'a')));
    std::ifstream reader(path, std::ios::binary);  // opened before the replacement
    REQUIRE_FALSE(write_file_atomically(path, "short\n"));
    CHECK(read(path) == "short\n");
    std::ostringstream old;
    old << reader.rdbuf();
    CHECK(old.str() == std::string(100000, 'a'));
    CHECK(entries(d.path) == 1);
}

TEST_CASE("a file in a folder that does not exist fails at creation, naming the temporary file") {
    TempDir d;
    const auto path = d.file("missing/state");
    auto f = write_file_atomically(path, "x");
    REQUIRE(f);
    CHECK(f->step == WriteFailure::Step::Create);
    CHECK(f->error == ENOENT);
    CHECK(f->message == "cannot create " + path + ".tmp: No such file or directory");
}

TEST_CASE("a directory in the file's place is left as it is and the temporary file removed") {
    TempDir d;
    const auto path = d.file("picture.png");
    fs::create_directory(path);
    std::ofstream(path + "/inside") << "kept";
    auto f = write_file_atomically(path, "png bytes");
    REQUIRE(f);
    CHECK(f->step == WriteFailure::Step::Rename);
    CHECK(f->message.find("cannot rename " + path + ".tmp to " + path + ": ") == 0);
    CHECK(read(path + "/inside") == "kept");
    CHECK(entries(d.path) == 1);
}

TEST_CASE("a write that fails part way leaves the old file untouched") {
    TempDir d;
    const auto path = d.file("state");
    REQUIRE_FALSE(write_file_atomically(path, "old state\n"));
    // The file-size limit makes the write fail with EFBIG, as a full disk would with ENOSPC
    // (root is bound by it too, so this holds however the tests run).
    rlimit saved{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 1000;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    auto f = write_file_atomically(path, std::string(5000, 'n'));
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    REQUIRE(f);
    CHECK(f->step == WriteFailure::Step::Write);
    CHECK(f->error == EFBIG);
    CHECK(f->message.find("cannot write " + path + ".tmp: ") == 0);
    CHECK(read(path) == "old state\n");
    CHECK(entries(d.path) == 1);
}

TEST_CASE("a file named without a folder is written in the working directory") {
    TempDir d;
    const auto here = fs::current_path();
    fs::current_path(d.path);
    auto f = write_file_atomically("plain.txt", "here\n");
    fs::current_path(here);
    REQUIRE_FALSE(f);
    CHECK(read(d.file("plain.txt")) == "here\n");
}
