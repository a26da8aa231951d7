#include "hub/export_reader.hpp"

#include "sync/protocol.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <utility>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;

namespace {

core::Error ioError(const fs::path& path, const std::string& doing) {
    return makeError(ErrorCode::Io, "cannot " + doing + " " + path.string() + ": " + std::strerror(errno));
}

// Reads exactly `size` bytes at `offset`; false at the end of the file.
core::Result<bool> readAt(int fd, const fs::path& path, std::uint64_t offset, std::uint8_t* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::pread(fd, out + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError(path, "read");
        }
        if (n == 0)
            return false;
        got += static_cast<std::size_t>(n);
    }
    return true;
}

core::Result<std::uint32_t> readLength(int fd, const fs::path& path, std::uint64_t offset) {
    std::array<std::uint8_t, 4> raw{};
    if (!TRY(readAt(fd, path, offset, raw.data(), raw.size())))
        return makeError(ErrorCode::Malformed, "the file ends inside a part's length");
    return core::loadLittleEndian<std::uint32_t>(raw.data());
}

core::Error malformed(std::string why) { return makeError(ErrorCode::Malformed, std::move(why)); }

}  // namespace

core::Result<ExportReader> ExportReader::open(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return makeError(ErrorCode::NotFound, "file not found: " + path.string());
        return ioError(path, "open");
    }
    // Owned by the reader from here, so every early return closes it.
    ExportReader reader(fd, path, 0, 0);
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return ioError(path, "stat");
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::InvalidArgument, path.string() + " is not a regular file");
    reader.m_size = static_cast<std::uint64_t>(st.st_size);

    std::array<std::uint8_t, 8> header{};
    if (!TRY(readAt(fd, path, 0, header.data(), header.size())) ||
        !std::equal(sync::kExportMagic.begin(), sync::kExportMagic.end(), header.begin()))
        return malformed("the file is not a Fangsiang export");
    reader.m_parts = core::loadLittleEndian<std::uint32_t>(header.data() + 4);
    if (reader.m_parts > sync::kMaxExportParts)
        return makeError(ErrorCode::TooLarge, "the export file claims " + std::to_string(reader.m_parts) +
                                                  " parts; an export has at most " +
                                                  std::to_string(sync::kMaxExportParts));
    // The layout, by lengths alone.
    std::uint64_t at = 8;
    for (std::uint32_t i = 0; i < reader.m_parts; ++i) {
        if (reader.m_size - at < 4)
            return malformed("the export file ends inside part " + std::to_string(i + 1) + " of " +
                             std::to_string(reader.m_parts));
        const std::uint32_t len = TRY(readLength(fd, path, at));
        at += 4;
        if (len > sync::kMaxRequestBytes || reader.m_size - at < len)
            return malformed("part " + std::to_string(i + 1) + " of the export file has an impossible length");
        at += len;
    }
    if (at != reader.m_size)
        return malformed("the export file has " + std::to_string(reader.m_size - at) + " bytes after its last part");
    return reader;
}

ExportReader::ExportReader(ExportReader&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)),
      m_path(std::move(other.m_path)),
      m_size(other.m_size),
      m_parts(other.m_parts),
      m_read(other.m_read),
      m_offset(other.m_offset) {}

ExportReader& ExportReader::operator=(ExportReader&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
        m_size = other.m_size;
        m_parts = other.m_parts;
        m_read = other.m_read;
        m_offset = other.m_offset;
    }
    return *this;
}

ExportReader::~ExportReader() {
    if (m_fd >= 0)
        ::close(m_fd);
}

core::Result<std::optional<core::Bytes>> ExportReader::next() {
    if (m_read == m_parts)
        return std::optional<core::Bytes>{};
    const std::string which = "part " + std::to_string(m_read + 1) + " of " + std::to_string(m_parts);
    auto changed = [&] {
        return makeError(ErrorCode::Malformed, m_path.string() + " changed while it was being imported (" + which + ")");
    };
    if (m_size - m_offset < 4)
        return changed();
    const std::uint32_t len = TRY(readLength(m_fd, m_path, m_offset));
    if (len > sync::kMaxRequestBytes || m_size - m_offset - 4 < len)
        return changed();
    core::Bytes part(len);
    if (!TRY(readAt(m_fd, m_path, m_offset + 4, part.data(), part.size())))
        return changed();
    m_offset += 4 + len;
    ++m_read;
    return std::optional<core::Bytes>(std::move(part));
}

}  // namespace fangsiang::hub
