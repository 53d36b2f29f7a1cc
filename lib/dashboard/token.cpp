#include "dashboard/token.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "config/json_config.hpp"
#include "files/private_file.hpp"

namespace sos::dashboard {

namespace {

constexpr std::size_t kMaxTokenFile = 4096;

Token from_file(const std::string& path) {
    files::PrivateFile f = files::read_private(path, kMaxTokenFile);
    if (f.problem == files::PrivateFileProblem::TooLong)
        throw config::ConfigError("--token-file: " + path + " is too long to be a token file");
    if (!f.ok()) throw config::ConfigError("--token-file: " + f.error);
    std::string t = files::trimmed_secret(std::move(f.text));
    if (t.empty()) throw config::ConfigError("--token-file: " + path + " is empty");
    if (t.find_first_of(" \t\r\n") != std::string::npos)
        throw config::ConfigError("--token-file: " + path + " must hold the token alone, on one line");
    return {brokers::Secret(std::move(t)), "--token-file " + path};
}

void write_owner_only(const std::string& path, const brokers::Secret& token) {
    // O_EXCL after removing an old one: the file is ours, made with mode 0600 from the start.
    ::unlink(path.c_str());
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot write the dashboard token to " + path + ": " + std::strerror(errno));
    std::string text(token.reveal());
    text += '\n';
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    files::wipe(text);
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write the dashboard token to " + path);
}

}  // namespace

brokers::Secret random_token() {
    unsigned char bytes[32];
    std::size_t got = 0;
    while (got < sizeof bytes) {
        const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
        if (n < 0 && errno != EINTR)
            throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
        if (n > 0) got += static_cast<std::size_t>(n);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : bytes) {
        hex += kHex[b >> 4];
        hex += kHex[b & 15];
    }
    std::memset(bytes, 0, sizeof bytes);
    return brokers::Secret(std::move(hex));
}

std::string default_token_path() {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    if (runtime && *runtime) return std::string(runtime) + "/sos-dashboard.token";
    const std::string dir = "/tmp/sos-" + std::to_string(::getuid());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw std::runtime_error("cannot make " + dir + ": " + std::strerror(errno));
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
        (st.st_mode & 077) != 0)
        throw std::runtime_error(
            dir + " is not a folder of this user's alone: set XDG_RUNTIME_DIR or --token-file");
    return dir + "/sos-dashboard.token";
}

Token load_token(const std::string& token_file) {
    if (!token_file.empty()) return from_file(token_file);
    if (const char* env = std::getenv(kTokenEnv)) {
        std::string t = files::trimmed_secret(env);
        if (t.empty()) throw config::ConfigError(std::string(kTokenEnv) + " is set but empty");
        return {brokers::Secret(std::move(t)), kTokenEnv};
    }
    Token t{random_token(), ""};
    const std::string path = default_token_path();
    write_owner_only(path, t.secret);
    t.origin = "new, in " + path;
    return t;
}

}  // namespace sos::dashboard
