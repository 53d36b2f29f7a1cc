// Files that hold a secret: read only when regular, owner-only and this user's, the checks made
// on the descriptor that is read; nothing of a refused file's contents kept.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "files/private_file.hpp"

#include "temp_dir.hpp"

using namespace sos::files;
namespace fs = std::filesystem;

namespace {

using sos::test::TempDir;

}  // namespace

TEST_CASE("a private file is read whole when only its owner can read it") {
    TempDir dir;
    const auto f = read_private(dir.write("ok", "secret\n"), 100);
    CHECK(f.ok());
    CHECK(f.text == "secret\n");
    CHECK(read_private(dir.write("ro", "s", 0400), 100).ok());
}

TEST_CASE("a private file others could read, or not a regular file, or too long, is refused by name") {
    TempDir dir;
    const auto wide = dir.write("wide", "secret", 0644);
    const auto w = read_private(wide, 100);
    CHECK(w.problem == PrivateFileProblem::ReadableByOthers);
    CHECK(w.error == wide + " can be read by others (mode 0644): make it owner-only with chmod 600 " + wide);
    CHECK(w.text.empty());
    CHECK(read_private(dir.write("gw", "s", 0620), 100).problem == PrivateFileProblem::ReadableByOthers);
    CHECK(read_private(dir.write("ox", "s", 0601), 100).problem == PrivateFileProblem::ReadableByOthers);
    const auto folder = read_private(dir.path.string(), 100);
    CHECK(folder.problem == PrivateFileProblem::NotRegular);
    CHECK(folder.error == dir.path.string() + " is not a regular file");
    const auto missing = read_private((dir.path / "none").string(), 100);
    CHECK(missing.problem == PrivateFileProblem::CannotRead);
    CHECK(missing.error == "cannot read " + (dir.path / "none").string() + ": No such file or directory");
    const auto long_one = read_private(dir.write("long", std::string(101, 'x')), 100);
    CHECK(long_one.problem == PrivateFileProblem::TooLong);
    CHECK(long_one.text.empty());
    CHECK(read_private(dir.write("exact", std::string(100, 'x')), 100).ok());
}

TEST_CASE("wipe empties a string") {
    std::string s = "secret";
    wipe(s);
    CHECK(s.empty());
}
