#pragma once
// A directory of its own for one test, removed with everything in it when the test ends.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sos::test {

struct TempDir {
    std::filesystem::path path;

    // prefix names the directory (/tmp/<prefix>-XXXXXX) so a leftover says which test left it.
    explicit TempDir(const std::string& prefix = "sos-test") {
        std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // The path of name inside the directory (the file need not exist).
    std::string file(const std::string& name) const { return (path / name).string(); }

    // Writes text to name with the given mode and returns its path.
    std::string write(const std::string& name, const std::string& text, unsigned mode = 0600) const {
        const auto p = path / name;
        std::ofstream(p) << text;
        ::chmod(p.c_str(), mode);
        return p.string();
    }

    // The whole of name, or "" when it cannot be read.
    std::string read(const std::string& name) const {
        std::ifstream in(path / name);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
};

}  // namespace sos::test
