#include "files/atomic_write.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ndjson/fd_io.hpp"

namespace sos::files {

namespace {

WriteFailure failure(WriteFailure::Step step, const char* what, const std::string& file) {
    const int e = errno;
    return WriteFailure{step, e, fmt::format("cannot {} {}: {}", what, file, std::strerror(e))};
}

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// A rename is durable once its directory is synced. Some file systems cannot sync a directory
// (EINVAL): there is nothing more to do on those.
std::optional<WriteFailure> sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return failure(WriteFailure::Step::SyncDirectory, "open the directory", dir);
    std::optional<WriteFailure> f;
    if (::fsync(fd) != 0 && errno != EINVAL)
        f = failure(WriteFailure::Step::SyncDirectory, "sync the directory", dir);
    ::close(fd);
    return f;
}

}  // namespace

std::optional<WriteFailure> write_file_atomically(const std::string& path, std::string_view bytes) {
    using Step = WriteFailure::Step;
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return failure(Step::Create, "create", tmp);
    std::optional<WriteFailure> f;
    if (ndjson::write_all(fd, bytes.data(), bytes.size()) != ndjson::WriteStatus::Ok)
        f = failure(Step::Write, "write", tmp);
    else if (::fsync(fd) != 0)  // before the rename, so the name never points at unwritten blocks
        f = failure(Step::Sync, "sync", tmp);
    if (::close(fd) != 0 && !f) f = failure(Step::Write, "close", tmp);
    if (!f && ::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        f = WriteFailure{Step::Rename, e,
                         fmt::format("cannot rename {} to {}: {}", tmp, path, std::strerror(e))};
    }
    if (f) {
        ::unlink(tmp.c_str());
        return f;
    }
    return sync_directory(directory_of(path));
}

}  // namespace sos::files
