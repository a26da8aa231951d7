#include "core/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fangsiang::core {

namespace fs = std::filesystem;

static Error ioError(const std::string& what, const fs::path& path, int err) {
    return makeError(ErrorCode::Io, what + " " + path.string() + ": " + std::strerror(err));
}

namespace {
// Closes a file descriptor on scope exit.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() { if (m_fd >= 0) ::close(m_fd); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    int release() { int fd = m_fd; m_fd = -1; return fd; }
private:
    int m_fd;
};

// Calls transfer(offset) - one read(2) or write(2) of what is left after
// `offset` - until `size` bytes are moved or it moves none, retrying when a
// signal interrupts it. Returns the bytes moved, or -1 with errno set.
template <typename Transfer>
ssize_t transferAll(std::size_t size, Transfer transfer) {
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = transfer(done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(done);
}
}  // namespace

namespace {
// Opens a regular file for reading; its size in `size`.
Result<int> openRegular(const fs::path& path, std::uint64_t& size) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return makeError(ErrorCode::NotFound, "file not found: " + path.string());
        return ioError("cannot open", path, errno);
    }
    struct stat st{};
    if (::fstat(fd.get(), &st) != 0)
        return ioError("cannot stat", path, errno);
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::InvalidArgument, path.string() + " is not a regular file");
    size = static_cast<std::uint64_t>(st.st_size);
    return fd.release();
}

Result<Bytes> readOpen(Fd& fd, const fs::path& path, std::size_t size) {
    Bytes out(size);
    const ssize_t got = transferAll(out.size(), [&](std::size_t offset) {
        return ::read(fd.get(), out.data() + offset, out.size() - offset);
    });
    if (got < 0)
        return ioError("cannot read", path, errno);
    out.resize(static_cast<std::size_t>(got));  // the file shrank while being read
    return out;
}
}  // namespace

Result<Bytes> readFile(const fs::path& path, std::size_t maxBytes) {
    std::uint64_t size = 0;
    Fd fd(TRY(openRegular(path, size)));
    if (size > maxBytes)
        return makeError(ErrorCode::TooLarge, path.string() + " is " + std::to_string(size) +
                                                  " bytes; at most " + std::to_string(maxBytes) + " are allowed");
    return readOpen(fd, path, static_cast<std::size_t>(size));
}

Result<Bytes> readFileHead(const fs::path& path, std::size_t maxBytes) {
    std::uint64_t size = 0;
    Fd fd(TRY(openRegular(path, size)));
    return readOpen(fd, path, static_cast<std::size_t>(std::min<std::uint64_t>(size, maxBytes)));
}

Status writeFileAtomically(const fs::path& path, ByteView bytes, mode_t mode) {
    fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    fs::path tmp = path;
    tmp += ".tmp." + std::to_string(::getpid());
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (fd.get() < 0)
        return ioError("cannot create", tmp, errno);
    // Once made, the temporary file goes whenever a later step fails. The
    // caller reads errno for `err` before unlink(2) can change it.
    auto fail = [&](const char* what, const fs::path& which, int err) {
        ::unlink(tmp.c_str());
        return ioError(what, which, err);
    };
    // The umask may have narrowed the mode; secrets want exactly `mode`.
    if (::fchmod(fd.get(), mode) != 0)
        return fail("cannot set mode of", tmp, errno);
    const ssize_t written = transferAll(bytes.size(), [&](std::size_t offset) {
        return ::write(fd.get(), bytes.data() + offset, bytes.size() - offset);
    });
    // A write(2) that writes nothing ends the loop short rather than spinning.
    if (written != static_cast<ssize_t>(bytes.size()))
        return fail("cannot write", tmp, written < 0 ? errno : EIO);
    if (::fsync(fd.get()) != 0)
        return fail("cannot flush", tmp, errno);
    ::close(fd.release());
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return fail("cannot rename into place", path, errno);
    Fd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() >= 0)
        ::fsync(dirFd.get());
    return Ok{};
}

Status ensureDirectory(const fs::path& path, mode_t mode) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return Ok{};
    // Parents first, each made like the folder itself: create_directories
    // would make them 0777 less the umask, wide open under umask 0.
    const fs::path parent = path.parent_path();
    if (!parent.empty() && parent != path)
        TRY(ensureDirectory(parent, mode));
    if (::mkdir(path.c_str(), mode) == 0) {
        // The umask may have narrowed the mode; the folder gets exactly
        // `mode`, set through a descriptor that cannot follow a link put in
        // its place meanwhile.
        Fd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (dir.get() < 0 || ::fchmod(dir.get(), mode) != 0)
            return ioError("cannot set mode of folder", path, errno);
    } else if (errno != EEXIST) {
        return ioError("cannot create folder", path, errno);
    }
    if (!fs::is_directory(path, ec))
        return makeError(ErrorCode::Io, path.string() + " exists but is not a folder");
    return Ok{};
}

Status createFileIfAbsent(const fs::path& path, mode_t mode) {
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (fd.get() < 0) {
        if (errno == EEXIST)
            return Ok{};
        if (errno == ENOENT)
            return makeError(ErrorCode::NotFound, "cannot create " + path.string() + ": its folder does not exist");
        return ioError("cannot create", path, errno);
    }
    if (::fchmod(fd.get(), mode) != 0) {
        const int err = errno;
        ::unlink(path.c_str());
        return ioError("cannot set mode of", path, err);
    }
    return Ok{};
}

Status checkPrivateFile(const fs::path& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            return makeError(ErrorCode::NotFound, "file not found: " + path.string());
        return ioError("cannot stat", path, errno);
    }
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::Permissions, path.string() + " is not a regular file");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return makeError(ErrorCode::Permissions,
                         path.string() + " holds a secret key but other users may read it (mode " + mode +
                             "); refusing to use it. Fix with: chmod 600 " + path.string());
    }
    return Ok{};
}

namespace {
constexpr std::size_t kChunk = 1 << 20;

Status syncFolderOf(const fs::path& path) {
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    Fd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() < 0)
        return ioError("cannot open folder", dir, errno);
    if (::fsync(dirFd.get()) != 0)
        return ioError("cannot flush folder", dir, errno);
    return Ok{};
}

// Reads `fd` to its end in chunks; `visit` sees each.
Status eachChunk(Fd& fd, const fs::path& path, const std::function<Status(ByteView)>& visit) {
    Bytes buffer(kChunk);
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return ioError("cannot read", path, errno);
        }
        if (got == 0)
            return Ok{};
        TRY(visit(ByteView(buffer.data(), static_cast<std::size_t>(got))));
    }
}
}  // namespace

Status readFileChunks(const fs::path& path, const std::function<void(ByteView)>& visit) {
    std::uint64_t size = 0;
    Fd fd(TRY(openRegular(path, size)));
    return eachChunk(fd, path, [&](ByteView chunk) -> Status {
        visit(chunk);
        return Ok{};
    });
}

Status copyFileDurably(const fs::path& from, const fs::path& to, mode_t mode,
                       const std::function<void(ByteView)>& visit) {
    std::uint64_t size = 0;
    Fd in(TRY(openRegular(from, size)));
    std::error_code ec;
    if (fs::exists(fs::symlink_status(to, ec)))
        return makeError(ErrorCode::InvalidArgument, to.string() + " exists already; it is never replaced");
    fs::path tmp = to;
    tmp += ".part." + std::to_string(::getpid());
    Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (out.get() < 0)
        return ioError("cannot create", tmp, errno);
    auto fail = [&](Error error) {
        ::unlink(tmp.c_str());
        return error;
    };
    if (::fchmod(out.get(), mode) != 0)
        return fail(ioError("cannot set mode of", tmp, errno));
    auto copied = eachChunk(in, from, [&](ByteView chunk) -> Status {
        const ssize_t written = transferAll(chunk.size(), [&](std::size_t offset) {
            return ::write(out.get(), chunk.data() + offset, chunk.size() - offset);
        });
        if (written != static_cast<ssize_t>(chunk.size()))
            return ioError("cannot write", tmp, written < 0 ? errno : EIO);
        if (visit)
            visit(chunk);
        return Ok{};
    });
    if (!copied)
        return fail(copied.error());
    if (::fsync(out.get()) != 0)
        return fail(ioError("cannot flush", tmp, errno));
    ::close(out.release());
    // link(2) refuses a name that exists: a file put at `to` meanwhile stays.
    if (::link(tmp.c_str(), to.c_str()) != 0)
        return fail(ioError("cannot put the copy in place as", to, errno));
    ::unlink(tmp.c_str());
    return syncFolderOf(to);
}

Status syncFileAndFolder(const fs::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return ioError("cannot open", path, errno);
    if (::fsync(fd.get()) != 0)
        return ioError("cannot flush", path, errno);
    return syncFolderOf(path);
}

}  // namespace fangsiang::core
